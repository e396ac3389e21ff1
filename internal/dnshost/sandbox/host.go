// Package sandbox is a DNS host that keeps hosted zones in the product's own
// database, with Route 53's change semantics, and serves them from an
// authoritative DNS server (Server) so that what the portal shows can be
// queried with dig.
package sandbox

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/sqldb"
)

var _ dnshost.Host = (*Host)(nil)

// ErrChangeNotFound means no change batch has that id.
var ErrChangeNotFound = errors.New("sandbox dns: change not found")

// TTLs of the records every new zone gets, as Route 53 sets them.
const (
	soaTTL = 900
	nsTTL  = 172800
)

// DefaultNameservers are the sandbox zones' name servers.
var DefaultNameservers = []string{"ns1.sandbox.proecommerce.test.", "ns2.sandbox.proecommerce.test."}

// DefaultPropagationDelay is how long a change stays pending by default.
const DefaultPropagationDelay = 2 * time.Second

// Options configure the sandbox DNS host.
type Options struct {
	// Nameservers of every zone; DefaultNameservers when empty.
	Nameservers []string
	// PropagationDelay is how long, on the clock, an applied change stays
	// pending; DefaultPropagationDelay when zero, in sync at once when
	// negative.
	PropagationDelay time.Duration
	// Logger receives one line per applied change; discarded when nil.
	Logger *slog.Logger
}

// Host is the sandbox DNS host.
type Host struct {
	db    *sqldb.DB
	clk   clock.Clock
	ns    []string
	delay time.Duration
	log   *slog.Logger
}

// New returns a sandbox DNS host storing its zones in db.
func New(db *sqldb.DB, clk clock.Clock, opts Options) *Host {
	h := &Host{db: db, clk: clk, ns: DefaultNameservers, delay: opts.PropagationDelay, log: opts.Logger}
	if len(opts.Nameservers) > 0 {
		h.ns = make([]string, len(opts.Nameservers))
		for i, n := range opts.Nameservers {
			h.ns[i] = fqdn(n)
		}
	}
	if h.delay == 0 {
		h.delay = DefaultPropagationDelay
	}
	if h.log == nil {
		h.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return h
}

// Name returns "sandbox".
func (h *Host) Name() string { return "sandbox" }

// Nameservers returns the name servers every sandbox zone gets.
func (h *Host) Nameservers() []string { return slices.Clone(h.ns) }

// fqdn lower-cases a name and gives it one trailing dot, turning Route 53's
// escaped wildcard back into "*".
func fqdn(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if strings.HasPrefix(name, `\052`) {
		name = "*" + strings.TrimPrefix(name, `\052`)
	}
	return strings.TrimSuffix(name, ".") + "."
}

// domainOf returns a zone's domain: lower case, no trailing dot.
func domainOf(domain string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
}

// newID returns a random id with a prefix, in Route 53's style.
func newID(prefix string) string {
	return prefix + rand.Text()[:20]
}

// inTx runs fn in a transaction with the component prefix on errors.
func (h *Host) inTx(ctx context.Context, fn func(*sqldb.Tx) error) error {
	if err := h.db.InTx(ctx, fn); err != nil {
		if errors.Is(err, dnshost.ErrZoneNotFound) || errors.Is(err, dnshost.ErrInvalidChange) {
			return err
		}
		return fmt.Errorf("sandbox dns: %w", err)
	}
	return nil
}
