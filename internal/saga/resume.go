package saga

import (
	"context"
	"errors"
	"time"

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

// resumePending gives up an order whose payment answer never arrived: the
// client was shown an error, nothing was registered, and no money was
// captured.
func (s *Saga) resumePending(ctx context.Context, it store.Item) {
	if s.Clock.Now().Sub(it.CreatedAt) < abandonAfter {
		return
	}
	o, err := s.Store.OrderByID(ctx, it.OrderID)
	if err != nil {
		return
	}
	cause := errors.New("the payment was never confirmed; nothing was charged")
	if _, err := s.abandon(ctx, o, cause); err != nil && !errors.Is(err, cause) {
		s.logger().Error("could not abandon order", "order_id", o.ID, "err", err)
	}
}
