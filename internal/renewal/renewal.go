// Package renewal runs the renewal side of the product (SPEC 10): the
// monthly run that invoices every domain nearing expiry once per period,
// the off-session charge of the saved card and the renewal at the
// registrar when an invoice falls due (each step recorded before its
// external call, so a crash never charges or renews twice), cancellation,
// and the reminders sent before and after expiry.
package renewal

import (
	"log/slog"
	"time"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/store"
)

// Config tunes the renewal service; zero fields take the defaults.
type Config struct {
	// WindowDays is how far ahead the invoicing run looks (45).
	WindowDays int
	// Retry is the wait after each failed charge or registrar renewal; when
	// it runs out a charge gives up (payment_failed) and a paid renewal is
	// refunded. Default: 1h, 6h, 24h, 72h.
	Retry []time.Duration
	// PollEvery is the wait before looking again at a registrar operation
	// still in progress (5 minutes).
	PollEvery time.Duration
	// BatchSize is how many domains the invoicing run reads per query (500).
	BatchSize int
}

func (c Config) withDefaults() Config {
	if c.WindowDays <= 0 {
		c.WindowDays = DefaultWindowDays
	}
	if len(c.Retry) == 0 {
		c.Retry = []time.Duration{time.Hour, 6 * time.Hour, 24 * time.Hour, 72 * time.Hour}
	}
	if c.PollEvery <= 0 {
		c.PollEvery = 5 * time.Minute
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 500
	}
	return c
}

// Service invoices, charges, renews and reminds.
type Service struct {
	store      *store.Store
	catalog    *catalog.Catalog
	registrars catalog.Registrars
	gateway    payment.Gateway
	clock      clock.Clock
	logger     *slog.Logger
	cfg        Config
}

// New returns a renewal service.
func New(st *store.Store, cat *catalog.Catalog, regs catalog.Registrars, gw payment.Gateway,
	clk clock.Clock, logger *slog.Logger, cfg Config) *Service {
	if clk == nil {
		clk = clock.System{}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Service{store: st, catalog: cat, registrars: regs, gateway: gw, clock: clk,
		logger: logger.With("component", "renewal"), cfg: cfg.withDefaults()}
}

// now returns the clock's time in UTC at the precision both engines keep.
func (s *Service) now() time.Time {
	return s.clock.Now().UTC().Truncate(time.Microsecond)
}
