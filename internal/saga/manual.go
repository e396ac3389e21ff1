package saga

import (
	"context"
	"errors"
	"fmt"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
)

// ErrNotActionable is returned (wrapped, with the reason) when an
// operator's retry or cancel does not apply to an item as it stands.
var ErrNotActionable = errors.New("not possible for this item now")

func notActionable(why string) error { return fmt.Errorf("%w: %s", ErrNotActionable, why) }

// Retry takes up an unfinished item again now, as the periodic sweep
// would: Advance asks the registrar before it calls again, so a retry
// never sends a second registration or transfer. An item that is terminal
// in an order not yet settled retries the settlement instead.
func (s *Saga) Retry(ctx context.Context, itemID string) error {
	it, err := s.Store.Item(ctx, itemID)
	if err != nil {
		return err
	}

	switch {
	case it.State == store.ItemPending:
		return notActionable("the checkout never heard back from the payment gateway; " +
			"the sweep gives it up or goes on by itself")
	case !store.ItemTerminal(it.State):
		s.logger().Info("order item retried", "item_id", it.ID, "state", it.State)
		return s.Scheduler.AdvanceItem(ctx, it.ID)
	}

	o, err := s.Store.OrderByID(ctx, it.OrderID)
	if err != nil {
		return err
	}
	if o.Status != store.OrderOpen {
		return notActionable("the item is " + it.State + " and its order is settled (" + o.Status + ")")
	}
	s.logger().Info("order settlement retried", "order_id", o.ID)
	return s.Scheduler.SettleOrder(ctx, o.ID)
}

// Cancel ends an item that the registrar never took: one not yet sent, or
// one sent long enough ago (lookBack) that no call can still be on its way
// and for which the registrar holds neither an operation nor the domain.
// What the item paid is given back first, then the order is settled, so
// nothing is charged for it. An item the registrar has taken is not
// cancelled here: retrying follows it to its end.
//
// Known limitation: a retry job that touches the item after Cancel read it
// and calls the registrar before Cancel records its decision could still
// register the name; the window is the length of Cancel's two registrar
// look-ups. The item then stays cancelled while the registrar holds the
// name unpaid, for an operator to settle.
func (s *Saga) Cancel(ctx context.Context, itemID, actor string) error {
	it, err := s.Store.Item(ctx, itemID)
	if err != nil {
		return err
	}

	switch it.State {
	case store.ItemAuthorized:
	case store.ItemRegistering, store.ItemTransferring:
		if err := s.neverTaken(ctx, it); err != nil {
			return err
		}
	default:
		return notActionable("an item that is " + it.State + " cannot be cancelled")
	}

	if err := s.giveBack(ctx, it); err != nil {
		return err
	}
	if it.Type == store.ItemTransfer {
		if err := s.markGone(ctx, it); err != nil {
			return err
		}
	}
	return s.markCancelled(ctx, it, actor)
}

// markCancelled records the cancellation, unless the item moved meanwhile,
// and settles the order.
func (s *Saga) markCancelled(ctx context.Context, it store.Item, actor string) error {
	why := "cancelled by " + actor + ": the registrar never took it, nothing is charged for it"
	empty := ""
	err := s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: it.State, To: store.ItemCancelled,
		Note: why, AuthCode: &empty, Transfer: transferState(it, "cancelled", why)})
	if isConflict(err) {
		return notActionable("the item moved on meanwhile; look at it again")
	}
	if err != nil {
		return err
	}

	s.logger().Info("order item cancelled", "item_id", it.ID, "domain", it.Domain, "actor", actor)
	return s.Scheduler.SettleOrder(ctx, it.OrderID)
}

// neverTaken returns nil when an item that was sent to its registrar
// surely did not get there, and otherwise says why it may have.
func (s *Saga) neverTaken(ctx context.Context, it store.Item) error {
	if it.OperationID != "" {
		return notActionable("the registrar accepted operation " + it.OperationID + "; retry to follow it")
	}
	if s.Clock.Now().Sub(it.UpdatedAt) < lookBack {
		return notActionable(fmt.Sprintf("the item changed less than %s ago and a call may still be on "+
			"its way to the registrar", lookBack))
	}

	reg, ok := s.Registrars.Registrar(it.Registrar)
	if !ok {
		return fmt.Errorf("saga: registrar %q is not configured", it.Registrar)
	}
	typ := registrar.OpRegister
	if it.Type == store.ItemTransfer {
		typ = registrar.OpTransferIn
	}
	ops, err := reg.FindOperations(ctx, it.Domain, typ, it.SubmittedAt.Add(-lookBack))
	if err != nil {
		return fmt.Errorf("saga: look for %s of %s: %w", typ, it.Domain, err)
	}
	if len(ops) > 0 {
		return notActionable("the registrar holds operation " + ops[0].ID + "; retry to follow it")
	}

	_, err = reg.DomainDetail(ctx, it.Domain)
	switch {
	case err == nil:
		return notActionable("the registrar already holds " + it.Domain + "; retry to complete the item")
	case !registrar.IsKind(err, registrar.KindNotFound):
		return fmt.Errorf("saga: look for %s in the account: %w", it.Domain, err)
	}
	return nil
}
