// Package sandbox is the in-product sandbox registrar: a model of
// a registry with Route 53's TLDs and prices whose outcomes are decided by
// the second-level label, so every path of the product can be tried without
// a provider account. Its state lives in the product's database, so it
// survives restarts and is shared with CLI processes.
package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/tlddata"
)

// Name is the adapter's identifier.
const Name = "sandbox"

// Default delays of the sandbox registry.
const (
	DefaultRegisterDelay = 3 * time.Second
	DefaultTransferDelay = 2 * time.Minute
)

var (
	_ registrar.Registrar = (*Registrar)(nil)
	_ registrar.Suggester = (*Registrar)(nil)
)

// Options configures the sandbox registrar.
type Options struct {
	// RegisterDelay is how long a registration takes (PROECOMMERCE_SANDBOX_REGISTER_DELAY).
	RegisterDelay time.Duration
	// TransferDelay is how long a transfer in takes (PROECOMMERCE_SANDBOX_TRANSFER_DELAY).
	TransferDelay time.Duration
	// Logger receives one line per operation started or ended.
	Logger *slog.Logger
}

// Registrar is the sandbox registry, backed by the sandbox_registry_* tables.
type Registrar struct {
	db     *sqldb.DB
	clk    clock.Clock
	opts   Options
	log    *slog.Logger
	prices map[string]registrar.TLDPrice
	list   []registrar.TLDPrice
}

// New returns a sandbox registrar over db; zero delays take the defaults.
func New(db *sqldb.DB, clk clock.Clock, opts Options) (*Registrar, error) {
	if db == nil || clk == nil {
		return nil, fmt.Errorf("sandbox registrar: a database and a clock are required")
	}
	if opts.RegisterDelay <= 0 {
		opts.RegisterDelay = DefaultRegisterDelay
	}
	if opts.TransferDelay <= 0 {
		opts.TransferDelay = DefaultTransferDelay
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}

	list, err := tlddata.Prices()
	if err != nil {
		return nil, fmt.Errorf("sandbox registrar: load TLD prices: %w", err)
	}
	prices := make(map[string]registrar.TLDPrice, len(list))
	for i := range list {
		list[i].Source = "sandbox: " + list[i].Source
		prices[list[i].TLD] = list[i]
	}

	r := &Registrar{db: db, clk: clk, opts: opts, prices: prices, list: list}
	r.log = opts.Logger.With(slog.String("registrar", Name))
	return r, nil
}

// Name returns "sandbox".
func (r *Registrar) Name() string { return Name }

// Capabilities reports that the sandbox can do everything a real registrar
// can; it creates no DNS zone on registration.
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
			"sandbox": "a simulated registry: outcomes are decided by the name's label",
		},
	}
}

// now returns the clock's time in UTC, at the microsecond precision both
// databases keep.
func (r *Registrar) now() time.Time {
	return r.clk.Now().UTC().Truncate(time.Microsecond)
}

// randomHex returns n random bytes as hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}
