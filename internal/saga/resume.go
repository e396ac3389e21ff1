package saga

import (
	"context"
	"errors"
	"time"

	"github.com/proecommerce/domains/internal/audit"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/store"
)

// abandonAfter is how long an order may wait for its payment's answer
// before it is given up. The card hold, if one was made, lapses by itself.
const abandonAfter = 15 * time.Minute

// Resume finds work a crash or a lost job left unfinished and schedules it
// again: every item not yet terminal, and every order whose items are all
// terminal but which was not settled.
func (s *Saga) Resume(ctx context.Context) error {
	items, err := s.Store.UnfinishedItems(ctx, 1000)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.State == store.ItemPending {
			s.resumePending(ctx, it)
			continue
		}
		if err := s.Scheduler.AdvanceItem(ctx, it.ID); err != nil {
			return err
		}
	}

	orders, err := s.Store.OrdersToSettle(ctx, 1000)
	if err != nil {
		return err
	}
	for _, id := range orders {
		if err := s.Scheduler.SettleOrder(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// resumePending finishes a checkout that stopped between the gateway's
// answer and the items' authorisation: when every payment of the order is
// recorded as authorised, its pending items go on; otherwise the order is
// given up (the client was shown an error, nothing was registered and no
// money was captured). Either happens only once the checkout request is
// surely over.
func (s *Saga) resumePending(ctx context.Context, it store.Item) {
	if s.Clock.Now().Sub(it.CreatedAt) < abandonAfter {
		return
	}
	o, err := s.Store.OrderByID(ctx, it.OrderID)
	if err != nil || o.Status != store.OrderOpen {
		return
	}
	ctx = audit.WithActor(ctx, o.TenantID, Actor)
	if allAuthorized(o.Payments) {
		if _, err := s.markAuthorized(ctx, o); err != nil && !isConflict(err) {
			s.logger().Error("could not resume order", "order_id", o.ID, "err", err)
		}
		return
	}
	// Limitation: a payment still "authorizing" has no provider id, so a
	// hold the gateway did grant is not voided here; it lapses by itself
	// (about a week) and is never captured. Finding it would need a look-up
	// by idempotency key or metadata that the Gateway contract lacks.
	cause := errors.New("the payment was never confirmed; nothing was charged")
	if _, err := s.abandon(ctx, o, cause); err != nil && !errors.Is(err, cause) {
		s.logger().Error("could not abandon order", "order_id", o.ID, "err", err)
	}
}

func allAuthorized(ps []store.Payment) bool {
	for _, p := range ps {
		if p.Status != string(payment.StatusAuthorized) {
			return false
		}
	}
	return len(ps) > 0
}
