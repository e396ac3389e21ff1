package saga

import (
	"context"
	"errors"
	"fmt"

	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/store"
)

// authorize asks the gateway for each of the order's holds. When every hold
// is granted the items become authorized and are scheduled; when one is
// declined the others are voided, every item is cancelled and the order
// fails with ErrDeclined.
func (s *Saga) authorize(ctx context.Context, req CheckoutRequest, o store.Order) (store.Order, error) {
	var declineErr error
	for i := range o.Payments {
		p := &o.Payments[i]
		auth, err := s.Gateway.Authorize(ctx, payment.AuthorizeRequest{
			Amount: p.Amount, IdempotencyKey: key(p.ID, "authorize"), Card: req.Card,
			PaymentMethod: req.PaymentMethod, Customer: req.Client.PaymentCustomer,
			Email: req.Client.Email, Description: "Domains, order " + o.ID,
			SaveForRenewals: true, ReturnURL: req.ReturnURL,
			Metadata: map[string]string{"order_id": o.ID, "payment_id": p.ID},
		})
		if d := declined(err); d != nil {
			declineErr = d
			p.Status, p.Error = string(payment.StatusDeclined), err.Error()
			if err := s.Store.UpdatePayment(ctx, *p); err != nil {
				return o, err
			}
			break
		}
		if err != nil {
			// The hold may or may not exist; the payment stays "authorizing"
			// and recovery replays the same idempotency key to find out.
			return o, fmt.Errorf("saga: authorise payment %s: %w", p.ID, err)
		}
		if err := s.recordAuthorization(ctx, p, auth); err != nil {
			return o, err
		}
		s.saveCard(ctx, req.Client, auth)
	}

	if declineErr != nil {
		return s.abandon(ctx, o, declineErr)
	}
	return s.markAuthorized(ctx, o)
}

func (s *Saga) recordAuthorization(ctx context.Context, p *store.Payment, a payment.Authorization) error {
	p.ProviderID, p.Status = a.ID, string(a.Status)
	p.Authorized, p.Captured, p.Refunded = a.Authorized.Amount, a.Captured.Amount, a.Refunded.Amount
	p.ExpiresAt = a.ExpiresAt
	if err := s.Store.UpdatePayment(ctx, *p); err != nil {
		return fmt.Errorf("saga: record authorisation: %w", err)
	}
	return nil
}

func (s *Saga) saveCard(ctx context.Context, u store.User, a payment.Authorization) {
	if a.Customer == "" || a.PaymentMethod == "" {
		return
	}
	if err := s.Store.SetPaymentProfile(ctx, u.ID, a.Customer, a.PaymentMethod); err != nil {
		s.logger().Warn("could not save the card for renewals", "client_id", u.ID, "err", err)
	}
}

// abandon voids the holds already granted, cancels every item and fails
// the order.
func (s *Saga) abandon(ctx context.Context, o store.Order, cause error) (store.Order, error) {
	for i := range o.Payments {
		p := &o.Payments[i]
		if p.Status != string(payment.StatusAuthorized) {
			continue
		}
		a, err := s.Gateway.Void(ctx, p.ProviderID, key(p.ID, "void"))
		if err != nil {
			return o, fmt.Errorf("saga: void payment %s: %w", p.ID, err)
		}
		if err := s.recordAuthorization(ctx, p, a); err != nil {
			return o, err
		}
	}

	for _, it := range o.Items {
		empty := ""
		err := s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: it.State,
			To: store.ItemCancelled, Note: "payment declined", AuthCode: &empty})
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return o, err
		}
	}
	if err := s.Store.SetOrderStatus(ctx, o.ID, store.OrderFailed, cause.Error()); err != nil {
		return o, err
	}

	fresh, err := s.Store.Order(ctx, o.TenantID, "", o.ID)
	if err != nil {
		return o, err
	}
	return fresh, cause
}

// markAuthorized moves the order's pending items to authorized and
// schedules them.
func (s *Saga) markAuthorized(ctx context.Context, o store.Order) (store.Order, error) {
	for _, it := range o.Items {
		if it.State != store.ItemPending {
			continue
		}
		err := s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: store.ItemPending,
			To: store.ItemAuthorized, Note: "payment authorised"})
		if err != nil {
			return o, err
		}
	}
	// Read before scheduling, so the answer shows the items as authorised
	// however fast the jobs start.
	fresh, err := s.Store.Order(ctx, o.TenantID, "", o.ID)
	if err != nil {
		return o, err
	}
	for _, it := range o.Items {
		if err := s.Scheduler.AdvanceItem(ctx, it.ID); err != nil {
			// Recovery picks the item up on its next sweep.
			s.logger().Error("could not schedule item", "item_id", it.ID, "err", err)
		}
	}
	return fresh, nil
}
