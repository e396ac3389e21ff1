// Package saga carries an order from checkout to a terminal state: it
// authorises payment, registers or transfers each domain at its registrar,
// sets up DNS, and captures exactly what was delivered. Every step is
// recorded before the external call it leads to, so after a crash the
// saga looks at the registrar and the payment gateway before acting again.
package saga

import (
	"context"
	"log/slog"
	"time"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/secretbox"
	"github.com/proecommerce/domains/internal/store"
)

// Scheduler runs saga steps in the background (River jobs in production).
type Scheduler interface {
	// AdvanceItem schedules Saga.Advance for an item.
	AdvanceItem(ctx context.Context, itemID string) error
	// SettleOrder schedules Saga.Settle for an order.
	SettleOrder(ctx context.Context, orderID string) error
}

// Saga holds what the steps need.
type Saga struct {
	Store      *store.Store
	Catalog    *catalog.Catalog
	Registrars catalog.Registrars
	DNS        dnshost.Host
	Gateway    payment.Gateway
	Scheduler  Scheduler
	Clock      clock.Clock
	Logger     *slog.Logger
	// Secrets encrypts auth codes at rest.
	Secrets *secretbox.Box
	// PollInterval is how long to wait between looks at a registrar
	// operation; TransferPollInterval the same for transfers.
	PollInterval         time.Duration
	TransferPollInterval time.Duration
}

// Actor is the name the audit log gives the saga's own provider calls.
const Actor = "saga"

// Step is what Advance asks of its caller.
type Step struct {
	// Snooze, when positive, asks to run Advance again after that long.
	Snooze time.Duration
}

func (s *Saga) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}

// key derives an idempotency key from one of our records and the step.
func key(id, step string) string { return id + ":" + step }
