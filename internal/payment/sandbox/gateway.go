// Package sandbox is the in-product sandbox payment gateway: a
// model of a card processor with Stripe-like test cards, authorisations that
// expire, one capture per authorisation, refunds, saved cards for renewals
// and idempotent replay, kept in the product's database so that every
// process sees the same payments.
package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/sqldb"
)

// Name is the gateway's identifier.
const Name = "sandbox"

// DefaultAuthTTL is how long an authorisation holds, as on most card networks.
const DefaultAuthTTL = 168 * time.Hour

var _ payment.Gateway = (*Gateway)(nil)

// ErrKeyReuse is returned when an idempotency key comes back with other
// parameters than its first use.
var ErrKeyReuse = errors.New("payment sandbox: idempotency key reused with other parameters")

// Options configures the sandbox gateway.
type Options struct {
	// AuthTTL is how long an authorisation lasts (PROECOMMERCE_SANDBOX_AUTH_TTL).
	AuthTTL time.Duration
}

// Gateway is the sandbox payment gateway, backed by the sandbox_payment* tables.
type Gateway struct {
	db   *sqldb.DB
	clk  clock.Clock
	opts Options
}

// New returns a sandbox gateway over db; a zero AuthTTL takes the default.
func New(db *sqldb.DB, clk clock.Clock, opts Options) *Gateway {
	if opts.AuthTTL <= 0 {
		opts.AuthTTL = DefaultAuthTTL
	}
	return &Gateway{db: db, clk: clk, opts: opts}
}

// Name returns "sandbox".
func (g *Gateway) Name() string { return Name }

// now returns the clock's time in UTC, at the microsecond precision both
// databases keep.
func (g *Gateway) now() time.Time {
	return g.clk.Now().UTC().Truncate(time.Microsecond)
}

// newID returns prefix followed by random hex.
func newID(prefix string) string {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return prefix + hex.EncodeToString(b)
}

// stateError is a refusal because of the payment's state; it matches
// payment.ErrInvalidState and can be stored for replay.
type stateError struct{ msg string }

func (e *stateError) Error() string { return "payment sandbox: " + e.msg }

func (e *stateError) Unwrap() error { return payment.ErrInvalidState }
