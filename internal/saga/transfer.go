package saga

import (
	"context"
	"fmt"

	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
)

// Transfers follow the capture-on-acceptance rule: a card hold lasts about
// a week and a transfer can take longer, so the transfer's own payment is
// captured as soon as the registrar accepts the request, and refunded in
// full if the transfer then fails. The refund is recorded before the item
// turns failed.

func (s *Saga) advanceTransfer(ctx context.Context, reg registrar.Registrar, it store.Item) (Step, error) {
	if it.State == store.ItemAuthorized {
		now := s.Clock.Now()
		err := s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: store.ItemAuthorized,
			To: store.ItemTransferring, SubmittedAt: &now, Note: "transfer sent to " + reg.Name(),
			Transfer: &[2]string{"submitted", "transfer request sent"}})
		if err != nil {
			return Step{}, err
		}
		it.State, it.SubmittedAt = store.ItemTransferring, now
		return s.startTransfer(ctx, reg, it, false)
	}
	if it.OperationID == "" {
		return s.startTransfer(ctx, reg, it, true)
	}
	return s.poll(ctx, reg, it, s.interval(it))
}

func (s *Saga) startTransfer(ctx context.Context, reg registrar.Registrar, it store.Item, look bool) (Step, error) {
	if look {
		found, step, err := s.findEarlier(ctx, reg, it, registrar.OpTransferIn)
		if found || err != nil {
			return step, err
		}
	}

	o, err := s.Store.OrderByID(ctx, it.OrderID)
	if err != nil {
		return Step{}, err
	}
	code, err := s.Secrets.Open(it.AuthCode)
	if err != nil {
		return Step{}, s.fail(ctx, it, "the stored auth code could not be read; order the transfer again")
	}
	op, err := reg.TransferIn(ctx, registrar.TransferRequest{Domain: it.Domain, AuthCode: code,
		Years: it.Years, Contact: o.Contact, Privacy: s.privacyAllowed(ctx, it)})
	if err != nil {
		return s.startFailed(ctx, it, err)
	}
	return s.recordOperation(ctx, reg, it, op)
}

// noteTransfer records a change in where the transfer stands.
func (s *Saga) noteTransfer(ctx context.Context, it store.Item, op registrar.Operation) error {
	state := string(op.Status)
	detail := op.Message
	if op.Status == registrar.OpActionRequired && detail == "" {
		detail = "the registrant must approve the transfer (check the e-mail of the domain's contact)"
	}
	if state == it.TransferState && detail == it.TransferDetail {
		return nil
	}
	note := "transfer " + state
	if detail != "" {
		note += ": " + detail
	}
	return s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: it.State, To: it.State,
		Transfer: &[2]string{state, detail}, Note: note})
}

func (s *Saga) transferPayment(ctx context.Context, it store.Item) (store.Payment, error) {
	if it.PaymentID == "" {
		return store.Payment{}, fmt.Errorf("saga: transfer item %s has no payment", it.ID)
	}
	return s.Store.Payment(ctx, it.PaymentID)
}

func (s *Saga) captureTransfer(ctx context.Context, it store.Item) error {
	p, err := s.transferPayment(ctx, it)
	if err != nil {
		return err
	}
	if p.Status != string(payment.StatusAuthorized) {
		return nil
	}

	a, err := s.Gateway.Get(ctx, p.ProviderID)
	if err != nil {
		return fmt.Errorf("saga: read payment %s: %w", p.ID, err)
	}
	if a.Status == payment.StatusAuthorized {
		if a, err = s.Gateway.Capture(ctx, p.ProviderID, p.Amount, key(p.ID, "capture")); err != nil {
			return fmt.Errorf("saga: capture transfer payment %s: %w", p.ID, err)
		}
	}
	return s.recordAuthorization(ctx, &p, a)
}

func (s *Saga) refundTransfer(ctx context.Context, it store.Item) error {
	p, err := s.transferPayment(ctx, it)
	if err != nil {
		return err
	}

	var a payment.Authorization
	switch {
	case p.Status == string(payment.StatusAuthorized):
		a, err = s.Gateway.Void(ctx, p.ProviderID, key(p.ID, "void"))
	case p.Captured > p.Refunded:
		amount := p.Amount
		amount.Amount = p.Captured - p.Refunded
		a, err = s.Gateway.Refund(ctx, p.ProviderID, amount, key(p.ID, "refund"))
	default:
		return nil
	}
	if err != nil {
		return fmt.Errorf("saga: give back transfer payment %s: %w", p.ID, err)
	}
	return s.recordAuthorization(ctx, &p, a)
}
