// Package namecheap is the registrar adapter for Namecheap's XML API:
// availability, the price list (users.getPricing), registration, renewals,
// transfers in, WHOIS privacy, the registrar lock and name servers.
//
// DNS stays at our DNS host: Namecheap's host-record call replaces a whole
// zone per call, so the adapter only points a domain at the zone's name
// servers (domains.dns.setCustom) and never edits records at Namecheap.
//
// Most Namecheap calls complete synchronously. Operations that complete at
// once carry an ID that encodes their type and domain ("register:example.com")
// so that Operation can answer for them later by reading the domain back.
package namecheap

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/namecheap/internal/api"
)

// Registrar is a Namecheap account behind the registrar interface.
type Registrar struct {
	api      *api.Client
	log      *slog.Logger
	clock    clock.Clock
	pageSize int

	mu     sync.Mutex
	tlds   map[string]tldFacts
	tldsAt time.Time
}

var _ registrar.Registrar = (*Registrar)(nil)

// New validates cfg and returns the adapter.
func New(cfg Config) (*Registrar, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}

	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("registrar", "namecheap")

	clk := cfg.Clock
	if clk == nil {
		clk = clock.System{}
	}

	lim := cfg.Limiter
	if lim == nil {
		lim = SharedLimiter(cfg.account())
	}

	creds := api.Credentials{APIUser: cfg.APIUser, APIKey: cfg.APIKey,
		UserName: cfg.UserName, ClientIP: cfg.ClientIP}
	return &Registrar{
		api:      api.New(cfg.endpoint(), creds, cfg.HTTPClient, lim, log),
		log:      log,
		clock:    clk,
		pageSize: orDefault(cfg.ListPageSize, 100),
	}, nil
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// Name returns "namecheap".
func (r *Registrar) Name() string { return "namecheap" }

// Capabilities says what Namecheap's API can do; each false field has its
// reason in Notes.
func (r *Registrar) Capabilities() registrar.Capabilities {
	return registrar.Capabilities{
		Privacy:        true,
		TransferLock:   true,
		AuthCode:       false,
		Suggestions:    false,
		PremiumPricing: true,
		TransferIn:     true,
		Renew:          true,
		Notes: map[string]string{
			"auth_code": "Namecheap's API has no call that returns a domain's auth code; " +
				"it is shown in the Namecheap account panel only.",
			"suggestions": "Namecheap's API offers no name suggestions.",
			"auto_renew": "Namecheap's API cannot change a domain's auto-renew flag; " +
				"turning it off is confirmed when it is already off, else refused.",
			"privacy": "Privacy is Namecheap's free Withheld for Privacy service; " +
				"TLDs Namecheap excludes from it cannot have it turned on.",
			"transfer_in": "Namecheap accepts transfers of some TLDs only, for one year.",
			"dns":         "DNS stays at our DNS host; Namecheap is only told the name servers.",
		},
	}
}

// call runs a Namecheap command and maps its errors, naming op in them.
func (r *Registrar) call(
	ctx context.Context, op, command string, params url.Values,
) (api.Node, error) {
	resp, err := r.api.Call(ctx, command, params)
	if err != nil {
		return api.Node{}, mapError(op, err)
	}
	return resp, nil
}

// result returns the named result element of a command response.
func result(resp api.Node, element, op string) (api.Node, error) {
	n, ok := resp.Find(element)
	if !ok {
		return api.Node{}, &registrar.Error{Kind: registrar.KindProviderDown,
			Message: fmt.Sprintf("namecheap: %s: answer has no %s", op, element)}
	}
	return n, nil
}
