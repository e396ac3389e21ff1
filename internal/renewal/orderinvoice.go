package renewal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/store"
)

// PayOrderInvoice pays an open invoice of an order, left open when the
// order's capture was refused after its domains were delivered. The
// invoice's total is taken once, from card when given (then saved for
// renewals) or else from the saved card, under a key derived from the
// invoice and the attempt; each attempt is recorded as a payment of the
// order before the gateway is called. A refusal is no error: the payment
// comes back declined with its reason and the invoice stays open. A
// charge the bank asks the card holder to confirm is *AuthenticationNeeded;
// the next call reads it back.
func (s *Service) PayOrderInvoice(ctx context.Context, inv store.Invoice, card Card) (store.Payment, error) {
	if inv.Status != store.InvoiceOpen || inv.OrderID == "" {
		return store.Payment{}, fmt.Errorf("invoice %s is %s: %w", inv.ID, inv.Status, ErrNotPayable)
	}
	u, err := s.store.User(ctx, inv.TenantID, inv.ClientID)
	if err != nil {
		return store.Payment{}, fmt.Errorf("renewal: client of invoice %s: %w", inv.ID, err)
	}
	p, n, err := s.invoiceAttempt(ctx, inv)
	if err != nil {
		return p, err
	}
	a := attempt{Key: fmt.Sprintf("invoice:%s:charge:%d", inv.ID, n), Amount: inv.Total,
		Description: "Invoice " + inv.ID, OnSession: true, Card: card,
		Metadata: map[string]string{"invoice_id": inv.ID, "order_id": inv.OrderID}}

	auth, err := s.resumeOrTake(ctx, u, p, a)
	return s.invoiceAnswered(ctx, inv, u, p, auth, err)
}

// invoiceAttempt returns the payment attempt to make of an invoice and its
// number: the last one again when it is still waiting for the gateway's
// answer or the bank's confirmation, else a new one, recorded now.
func (s *Service) invoiceAttempt(ctx context.Context, inv store.Invoice) (store.Payment, int, error) {
	done, err := s.store.InvoicePayments(ctx, inv.ID)
	if err != nil {
		return store.Payment{}, 0, fmt.Errorf("renewal: payments of invoice %s: %w", inv.ID, err)
	}
	// Limitation: two requests racing past this point record two
	// attempts under the same number; the gateway answers both from one
	// charge (same key), and the second record stays unsettled.
	if n := len(done); n > 0 && unsettled(done[n-1]) {
		return done[n-1], n, nil
	}

	p := store.Payment{Gateway: s.gateway.Name(), Status: store.PaymentAuthorizing, Amount: inv.Total}
	if err := s.store.AddInvoicePayment(ctx, inv, &p); err != nil {
		return p, 0, fmt.Errorf("renewal: record payment of invoice %s: %w", inv.ID, err)
	}
	return p, len(done) + 1, nil
}

// unsettled reports whether an invoice payment may still take the money.
func unsettled(p store.Payment) bool {
	switch payment.Status(p.Status) {
	case store.PaymentAuthorizing, payment.StatusAuthorized, payment.StatusRequiresAction:
		return true
	}
	return false
}

// resumeOrTake reads back an attempt the gateway has already answered
// (capturing its hold if need be), or makes it.
func (s *Service) resumeOrTake(ctx context.Context, u store.User, p store.Payment, a attempt) (payment.Authorization, error) {
	if p.ProviderID == "" {
		return s.take(ctx, u, a, func(auth payment.Authorization) error {
			return s.recordInvoicePayment(ctx, &p, auth)
		})
	}
	auth, err := s.gateway.Get(ctx, p.ProviderID)
	if err != nil {
		return auth, fmt.Errorf("renewal: read payment %s: %w", p.ProviderID, err)
	}
	return s.completeHold(ctx, u, auth, a)
}

// recordInvoicePayment saves what the gateway says of an invoice payment.
func (s *Service) recordInvoicePayment(ctx context.Context, p *store.Payment, auth payment.Authorization) error {
	p.ProviderID, p.Status = auth.ID, string(auth.Status)
	p.Authorized, p.Captured = auth.Authorized.Amount, auth.Captured.Amount
	p.ExpiresAt = auth.ExpiresAt
	if err := s.store.UpdatePayment(ctx, *p); err != nil {
		return fmt.Errorf("renewal: record payment %s: %w", p.ID, err)
	}
	return nil
}

// invoiceAnswered records the outcome of an invoice payment.
func (s *Service) invoiceAnswered(ctx context.Context, inv store.Invoice, u store.User, p store.Payment,
	auth payment.Authorization, err error) (store.Payment, error) {
	d, declined := payment.IsDecline(err)
	switch {
	case errors.Is(err, ErrNoSavedCard):
		return s.invoiceRefused(ctx, inv, u, p, ErrNoSavedCard.Error())
	case declined:
		return s.invoiceRefused(ctx, inv, u, p, d.Reason)
	case err != nil:
		s.logger.Warn("invoice payment did not complete", slog.String("invoice_id", inv.ID),
			slog.String("payment_id", p.ID), slog.Any("err", err))
		return p, fmt.Errorf("renewal: pay invoice %s: %w", inv.ID, err)
	case auth.Status == payment.StatusRequiresAction:
		// Limitation: once the bank confirmed, the invoice is marked paid
		// when the client pays it again (the attempt is read back), not
		// by Stripe's webhook, which only refreshes the payment's record.
		if err := s.recordInvoicePayment(ctx, &p, auth); err != nil {
			return p, err
		}
		return p, &AuthenticationNeeded{Domain: "invoice " + inv.ID, PaymentID: auth.ID,
			ClientSecret: auth.ClientSecret}
	case auth.Status != payment.StatusCaptured:
		return s.invoiceRefused(ctx, inv, u, p, "the payment was not confirmed ("+string(auth.Status)+")")
	}

	p.ProviderID, p.Status, p.Error = auth.ID, string(auth.Status), ""
	p.Authorized, p.Captured = auth.Authorized.Amount, auth.Captured.Amount
	if err := s.store.PayInvoice(ctx, inv.ID, p); err != nil {
		return p, fmt.Errorf("renewal: %w", err)
	}
	s.logger.Info("invoice paid", slog.String("invoice_id", inv.ID),
		slog.String("payment_id", p.ID), slog.String("amount", inv.Total.String()))
	s.auditInvoice(ctx, inv, u, "invoice_paid", "paid "+inv.Total.String())
	return p, nil
}

// invoiceRefused records a refused invoice payment; the invoice stays open.
func (s *Service) invoiceRefused(ctx context.Context, inv store.Invoice, u store.User, p store.Payment,
	reason string) (store.Payment, error) {
	p.Status, p.Error = string(payment.StatusDeclined), reason
	if err := s.store.UpdatePayment(ctx, p); err != nil {
		return p, fmt.Errorf("renewal: record refused payment %s: %w", p.ID, err)
	}
	s.logger.Warn("invoice payment refused", slog.String("invoice_id", inv.ID),
		slog.String("payment_id", p.ID), slog.String("reason", reason))
	s.auditInvoice(ctx, inv, u, "invoice_payment_refused", reason)
	return p, nil
}

// auditInvoice writes what became of a client's payment of an invoice.
func (s *Service) auditInvoice(ctx context.Context, inv store.Invoice, u store.User, action, detail string) {
	if err := s.store.Audit(ctx, inv.TenantID, u.Email, action, inv.ID, detail); err != nil {
		s.logger.Error("invoice audit not written", slog.String("invoice_id", inv.ID),
			slog.Any("err", err))
	}
}
