package saga

import (
	"context"
	"errors"
	"fmt"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/store"
)

// Policy is the rule that decides when an item's money is taken.
type Policy string

// Payment policies, chosen per item type by PolicyFor.
const (
	// CaptureWhenSettled holds the money until every item of the order is
	// terminal, then captures the completed items once and releases the
	// rest. Registrations use it: they end within minutes, well inside a
	// card hold's life. When the hold nears its end first, the
	// authorisation window (CloseAuthWindows) captures early.
	CaptureWhenSettled Policy = "capture_when_settled"
	// CaptureOnAcceptance captures the item's own payment as soon as the
	// registrar accepts the request and refunds it in full if the work
	// then fails. Transfers use it: they take 5–10 days, longer than a
	// card hold lasts.
	CaptureOnAcceptance Policy = "capture_on_acceptance"
)

// PolicyFor returns the payment policy of an item type.
func PolicyFor(itemType string) Policy {
	if itemType == store.ItemTransfer {
		return CaptureOnAcceptance
	}
	return CaptureWhenSettled
}

// Describe says the policy in words a client reads at checkout.
func (p Policy) Describe() string {
	if p == CaptureOnAcceptance {
		return "Your card is authorised now and charged when the current registrar accepts " +
			"the transfer; if the transfer then fails or is cancelled, the charge is refunded " +
			"in full automatically."
	}
	return "Your card is authorised now and charged only for the names that are registered; " +
		"the rest of the hold is released."
}

// captureOnAcceptance takes an item's own payment once the registrar has
// accepted its request. A capture the card refuses is recorded on the
// payment and in the item's history, and the work goes on: the domain is
// on its way and the order's invoice stays open for the client to pay.
func (s *Saga) captureOnAcceptance(ctx context.Context, it store.Item) error {
	p, err := s.itemPayment(ctx, it)
	if err != nil || p.Status != string(payment.StatusAuthorized) {
		return err
	}

	a, err := s.Gateway.Get(ctx, p.ProviderID)
	if err != nil {
		return fmt.Errorf("saga: read payment %s: %w", p.ID, err)
	}
	if a.Status == payment.StatusAuthorized {
		a, err = s.Gateway.Capture(ctx, p.ProviderID, p.Amount, key(p.ID, "capture"))
	}
	if err != nil {
		if !isRefusal(err) {
			return fmt.Errorf("saga: capture payment %s: %w", p.ID, err)
		}
		if err := s.captureFailed(ctx, &p, err); !isRefusal(err) {
			return err
		}
		return s.note(ctx, it, "the charge for the accepted transfer failed: "+err.Error())
	}
	if err := s.recordAuthorization(ctx, &p, a); err != nil {
		return err
	}
	if a.Captured.Amount == 0 {
		return s.note(ctx, it, "the registrar accepted the transfer but the payment is "+string(a.Status)+
			"; nothing was charged")
	}
	return s.note(ctx, it, "payment of "+a.Captured.String()+" captured: the registrar accepted the transfer")
}

// giveBack returns what an item that will not complete has paid, before
// the item turns failed: its own payment is voided or refunded in full
// (CaptureOnAcceptance); a registration captured early by the
// authorisation window gets its amount refunded (CaptureWhenSettled).
func (s *Saga) giveBack(ctx context.Context, it store.Item) error {
	if it.PaymentID == "" {
		return nil
	}
	p, err := s.itemPayment(ctx, it)
	if err != nil || p.ProviderID == "" {
		return err
	}
	a, err := s.Gateway.Get(ctx, p.ProviderID)
	if err != nil {
		return fmt.Errorf("saga: read payment %s: %w", p.ID, err)
	}

	own := PolicyFor(it.Type) == CaptureOnAcceptance
	what := "payment released"
	switch {
	case a.Status == payment.StatusAuthorized && own:
		a, err = s.Gateway.Void(ctx, p.ProviderID, key(p.ID, "void"))
	case a.Captured.Amount > a.Refunded.Amount && own:
		left := money.New(a.Captured.Amount-a.Refunded.Amount, p.Amount.Currency)
		a, err = s.Gateway.Refund(ctx, p.ProviderID, left, key(p.ID, "refund"))
		what = "refund of " + left.String() + " recorded"
	case a.Captured.Amount > 0 && own:
		what = "refund of " + a.Refunded.String() + " recorded"
	case a.Captured.Amount > 0:
		a, err = s.Gateway.Refund(ctx, p.ProviderID, it.Amount, key(it.ID, "refund"))
		what = "refund of " + it.Amount.String() + " recorded"
	default:
		return nil
	}
	if err != nil {
		return fmt.Errorf("saga: give back payment %s: %w", p.ID, err)
	}
	if err := s.recordAuthorization(ctx, &p, a); err != nil {
		return err
	}
	return s.note(ctx, it, what)
}

func isConflict(err error) bool { return errors.Is(err, store.ErrConflict) }

// isRefusal reports whether err is the gateway saying no (a decline, or a
// payment in a state that cannot do it), as opposed to a failure to ask.
func isRefusal(err error) bool {
	_, declined := payment.IsDecline(err)
	return declined || errors.Is(err, payment.ErrInvalidState)
}

func (s *Saga) itemPayment(ctx context.Context, it store.Item) (store.Payment, error) {
	if it.PaymentID == "" {
		return store.Payment{}, fmt.Errorf("saga: item %s has no payment", it.ID)
	}
	return s.Store.Payment(ctx, it.PaymentID)
}

// note adds a line to an item's history without changing its state. An
// item that moved meanwhile keeps its history as it is.
func (s *Saga) note(ctx context.Context, it store.Item, text string) error {
	err := s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: it.State, To: it.State, Note: text})
	if err != nil && !isConflict(err) {
		return err
	}
	return nil
}
