package saga

import (
	"context"
	"fmt"
	"time"

	"github.com/proecommerce/domains/internal/audit"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
)

// DefaultAuthMargin is how long before a registrations authorisation lapses
// the authorisation window acts on it.
const DefaultAuthMargin = 12 * time.Hour

// The authorisation window (SPEC 6.6). A card hold lasts about a week; an
// order whose registrations are still pending when its hold nears its end
// is captured for its completed items plus the pending items the registrar
// has accepted (an operation is recorded), and its pending items the
// registrar has not accepted are cancelled. An accepted item that later
// fails is refunded its amount (see giveBack). Every decision goes into the
// item's history, where the admin reads it.

// CloseAuthWindows acts on every registrations authorisation still held
// that lapses within margin while some of its items are not terminal.
func (s *Saga) CloseAuthWindows(ctx context.Context, margin time.Duration) error {
	items, err := s.Store.UnfinishedItems(ctx, 1000)
	if err != nil {
		return err
	}
	deadline := s.Clock.Now().Add(margin)
	seen := map[string]bool{}
	for _, it := range items {
		if it.Type != store.ItemRegister || it.PaymentID == "" || seen[it.PaymentID] {
			continue
		}
		seen[it.PaymentID] = true

		p, err := s.Store.Payment(ctx, it.PaymentID)
		if err != nil {
			return err
		}
		if p.Status != string(payment.StatusAuthorized) || p.ExpiresAt.IsZero() || p.ExpiresAt.After(deadline) {
			continue
		}
		if err := s.closeWindow(ctx, p); err != nil {
			s.logger().Error("authorisation window", "payment_id", p.ID, "err", err)
		}
	}
	return nil
}

// windowPlan is what closeWindow decided for one authorisation.
type windowPlan struct {
	take     money.Money
	charged  []store.Item
	cancel   []store.Item
	inFlight bool
}

func (s *Saga) closeWindow(ctx context.Context, p store.Payment) error {
	ctx = audit.WithActor(ctx, p.TenantID, Actor)
	o, err := s.Store.OrderByID(ctx, p.OrderID)
	if err != nil {
		return err
	}
	plan, err := s.planWindow(ctx, o, p)
	if err != nil || plan.inFlight {
		// A registration may be on its way to the registrar right now; the
		// next run decides once it is recorded.
		return err
	}

	ends := p.ExpiresAt.UTC().Format(time.RFC3339)
	for _, it := range plan.cancel {
		err := s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: it.State, To: store.ItemCancelled,
			Note: "the card authorisation ends " + ends + " and the registrar had not accepted " +
				"the registration: cancelled, nothing charged for it"})
		if isConflict(err) {
			return nil // the item moved; the next run decides again
		}
		if err != nil {
			return err
		}
	}

	err = s.takeEarly(ctx, &p, plan.take)
	if err != nil && !isRefusal(err) {
		return err
	}
	for _, it := range plan.charged {
		what := "the card authorisation ends " + ends + ": " + it.Amount.String() +
			" captured early; refunded if the registration fails"
		if it.State == store.ItemCompleted {
			what = "the card authorisation ends " + ends + ": " + it.Amount.String() + " captured early"
		}
		if err != nil || (p.Status != string(payment.StatusCaptured) &&
			p.Status != string(payment.StatusPartiallyCaptured)) {
			what = "the card authorisation ends " + ends + ": the early capture did not go through (" +
				p.Status + ")"
		}
		if err := s.note(ctx, it, what); err != nil {
			return err
		}
	}
	return s.Scheduler.SettleOrder(ctx, o.ID)
}

// planWindow sorts the authorisation's items into those charged now and
// those cancelled.
func (s *Saga) planWindow(ctx context.Context, o store.Order, p store.Payment) (windowPlan, error) {
	plan := windowPlan{take: money.Zero(p.Amount.Currency)}
	for _, it := range o.Items {
		if it.PaymentID != p.ID || it.State == store.ItemFailed || it.State == store.ItemCancelled {
			continue
		}
		accepted, err := s.accepted(ctx, &it)
		if err != nil {
			return plan, err
		}
		switch {
		case it.State == store.ItemCompleted || accepted:
			plan.take.Amount += it.Amount.Amount
			plan.charged = append(plan.charged, it)
		case it.State == store.ItemRegistering && s.Clock.Now().Sub(it.SubmittedAt) < lookBack:
			plan.inFlight = true
		default:
			plan.cancel = append(plan.cancel, it)
		}
	}
	return plan, nil
}

// accepted reports whether the registrar has the item's registration: an
// operation is recorded, or one is found for a registration whose answer
// was never recorded (which is then recorded).
func (s *Saga) accepted(ctx context.Context, it *store.Item) (bool, error) {
	if it.OperationID != "" {
		return true, nil
	}
	if it.State != store.ItemRegistering {
		return false, nil
	}
	reg, ok := s.Registrars.Registrar(it.Registrar)
	if !ok {
		return false, fmt.Errorf("saga: registrar %q is not configured", it.Registrar)
	}
	// Work on a domain claimed or held for someone else is not this item's.
	if why, err := s.foreign(ctx, *it); why != "" || err != nil {
		return false, err
	}
	ops, err := reg.FindOperations(ctx, it.Domain, registrar.OpRegister, it.SubmittedAt.Add(-lookBack))
	if err != nil || len(ops) == 0 {
		return false, err
	}
	err = s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: it.State, To: it.State,
		OperationID: &ops[0].ID, Note: "operation " + ops[0].ID + " found at " + reg.Name()})
	if err != nil {
		return false, err
	}
	it.OperationID = ops[0].ID
	return true, nil
}

// takeEarly captures amount from the authorisation (voids it when zero),
// asking the gateway first so that a repeat moves no money twice.
func (s *Saga) takeEarly(ctx context.Context, p *store.Payment, amount money.Money) error {
	a, err := s.Gateway.Get(ctx, p.ProviderID)
	if err != nil {
		return fmt.Errorf("saga: read payment %s: %w", p.ID, err)
	}
	if a.Status == payment.StatusAuthorized {
		if amount.Amount > 0 {
			a, err = s.Gateway.Capture(ctx, p.ProviderID, amount, key(p.ID, "window-capture"))
		} else {
			a, err = s.Gateway.Void(ctx, p.ProviderID, key(p.ID, "window-void"))
		}
	}
	if err != nil {
		return s.captureFailed(ctx, p, err)
	}
	return s.recordAuthorization(ctx, p, a)
}
