// Package opensrs is the registrar adapter for OpenSRS (Tucows), over its
// XML reseller API: availability, suggestions, per-TLD prices,
// registrations and transfers, renewals, domain settings and the sync
// listing, for the TLDs the other registrars do not sell.
package opensrs

import (
	"context"
	"log/slog"
	"slices"
	"strings"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

// Name is the adapter's identifier.
const Name = "opensrs"

var (
	_ registrar.Registrar = (*Registrar)(nil)
	_ registrar.Suggester = (*Registrar)(nil)
)

// Registrar is one OpenSRS reseller account.
type Registrar struct {
	cfg    Config
	client *ops.Client
}

// New validates the configuration and returns the adapter.
func New(cfg Config) (*Registrar, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}

	cfg.PriceTLDs = normalizeTLDs(cfg.PriceTLDs)
	cfg.SuggestTLDs = normalizeTLDs(cfg.SuggestTLDs)
	client := ops.NewClient(cfg.BaseURL, cfg.Username, cfg.APIKey, cfg.HTTPClient, cfg.Logger)
	return &Registrar{cfg: cfg, client: client}, nil
}

// Name returns "opensrs".
func (r *Registrar) Name() string { return Name }

// Capabilities says what the adapter supports; per-TLD limits are in the
// price list (TLDPrice.Privacy, TransferLock) and summarised in Notes.
func (r *Registrar) Capabilities() registrar.Capabilities {
	return registrar.Capabilities{
		Privacy:        true,
		TransferLock:   true,
		AuthCode:       true,
		Suggestions:    true,
		PremiumPricing: true,
		TransferIn:     true,
		Renew:          true,
		Notes: map[string]string{
			"tlds": "only the configured TLDs are priced and sold: " +
				strings.Join(r.cfg.PriceTLDs, ", "),
			"privacy":      "not offered for " + strings.Join(noPrivacyTLDs(), ", "),
			"restoration":  "OpenSRS's GET_PRICE has no restoration price; restores are not priced",
			"auto_renew":   "registrations are sent with auto_renew=0 (the product renews)",
			"async_orders": "orders at asynchronous registries (code 250) are followed by order id",
		},
	}
}

// call sends a command and maps protocol failures to registrar errors.
// Replies whose code is in also are accepted even when is_success is 0.
func (r *Registrar) call(
	ctx context.Context, action string, attrs ops.Assoc, also ...int,
) (*ops.Reply, error) {
	rep, err := r.client.Do(ctx, action, "DOMAIN", attrs)
	if err != nil {
		return nil, transportError(action, err)
	}

	if rep.Success || slices.Contains(also, rep.Code) {
		return rep, nil
	}

	r.cfg.Logger.WarnContext(ctx, "opensrs refused command",
		slog.String("action", action),
		slog.Int("response_code", rep.Code),
		slog.String("response_text", rep.Text))
	return nil, r.replyError(action, rep)
}

func normalizeTLDs(tlds []string) []string {
	out := make([]string, 0, len(tlds))
	for _, t := range tlds {
		t = strings.Trim(strings.ToLower(strings.TrimSpace(t)), ".")
		if t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// tldOf returns the part of the domain after its first label.
func tldOf(domain string) string {
	_, tld, _ := strings.Cut(domain, ".")
	return tld
}

// labelOf returns the domain's first label.
func labelOf(domain string) string {
	label, _, _ := strings.Cut(domain, ".")
	return label
}
