package renewal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/proecommerce/domains/internal/audit"
	"github.com/proecommerce/domains/internal/store"
)

// maxSteps bounds the steps one Advance takes (charge, renew, refund).
const maxSteps = 6

// ProcessDue advances every renewal whose next attempt is due: open
// invoices past their due date are charged (when the domain still renews
// automatically), paid ones renewed, interrupted steps resumed. It returns
// how many renewals it looked at.
func (s *Service) ProcessDue(ctx context.Context) (int, error) {
	list, err := s.store.RenewalsToWork(ctx, s.now(), 200)
	if err != nil {
		return 0, fmt.Errorf("renewal: %w", err)
	}
	var errs []error
	for _, r := range list {
		_, err := s.Advance(ctx, r.InvoiceID, false)
		var need *AuthenticationNeeded
		if errors.As(err, &need) {
			continue // the client was asked, in the portal; the payment is read back later
		}
		if err != nil {
			s.logger.Warn("renewal step failed", slog.String("invoice_id", r.InvoiceID),
				slog.String("domain", r.Domain), slog.Any("err", err))
			errs = append(errs, err)
		}
	}
	return len(list), errors.Join(errs...)
}

// Advance takes a renewal as far as it can go now and returns it. manual
// is a payment asked for by the client: it charges an open invoice at once,
// before its due date and whatever the domain's auto-renew setting.
func (s *Service) Advance(ctx context.Context, invoiceID string, manual bool) (store.Renewal, error) {
	return s.advance(ctx, invoiceID, manual, Card{})
}

// advance is Advance charging card, when given, instead of the saved one.
func (s *Service) advance(ctx context.Context, invoiceID string, manual bool, card Card) (store.Renewal, error) {
	r, err := s.store.Renewal(ctx, invoiceID)
	if err != nil {
		return r, fmt.Errorf("renewal: %w", err)
	}
	ctx = audit.WithDefaultActor(ctx, r.TenantID, "renewals")
	for range maxSteps {
		before := r.State + fmt.Sprint(r.ChargeAttempt, r.RenewAttempt)
		if err := s.step(ctx, &r, manual, card); err != nil {
			return r, err
		}
		manual, card = false, Card{}
		if r.State+fmt.Sprint(r.ChargeAttempt, r.RenewAttempt) == before || !s.ready(r) {
			return r, nil
		}
	}
	return r, nil
}

// ready reports whether the renewal has work to do now.
func (s *Service) ready(r store.Renewal) bool {
	switch r.State {
	case store.RenewalCharging, store.RenewalPaid, store.RenewalRefunding:
		return true
	default:
		return false
	}
}

func (s *Service) step(ctx context.Context, r *store.Renewal, manual bool, card Card) error {
	switch r.State {
	case store.RenewalOpen, store.RenewalPaymentFailed:
		return s.startCharge(ctx, r, manual, card)
	case store.RenewalCharging:
		if r.PaymentID != "" {
			return s.checkAuthenticated(ctx, r)
		}
		return s.charge(ctx, r, Card{})
	case store.RenewalPaid, store.RenewalRenewing:
		return s.renew(ctx, r)
	case store.RenewalRefunding:
		return s.refund(ctx, r)
	default:
		return nil
	}
}

// startCharge charges an open invoice when it may be: the client pays by
// hand, or the invoice is due and the domain renews automatically. A
// domain past its last renewal window is never billed: its invoice is
// cancelled instead.
func (s *Service) startCharge(ctx context.Context, r *store.Renewal, manual bool, card Card) error {
	if !manual && (r.State == store.RenewalPaymentFailed || s.now().Before(r.NextAttemptAt)) {
		return nil
	}
	d, err := s.store.Domain(ctx, r.TenantID, "", r.Domain)
	if err != nil {
		return fmt.Errorf("renewal: %w", err)
	}
	if lost, err := s.cancelIfLost(ctx, r, d); lost || err != nil {
		return err
	}
	if !manual {
		auto, err := s.autoRenews(ctx, r, d)
		if err != nil || !auto {
			return err
		}
	}
	if err := s.beginCharge(ctx, r, manual); err != nil {
		return err
	}
	return s.charge(ctx, r, card)
}

// cancelIfLost cancels the invoice of a domain past its TLD's restoration
// window (or no longer held), and reports whether it did.
func (s *Service) cancelIfLost(ctx context.Context, r *store.Renewal, d store.Domain) (bool, error) {
	reason := ""
	price, err := s.store.Price(ctx, r.Registrar, d.TLD)
	switch {
	case d.ID != r.DomainID || (d.Status != store.DomainActive && d.Status != store.DomainExpired):
		reason = "the domain is no longer held"
	case errors.Is(err, store.ErrNotFound):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("renewal: %w", err)
	// Limitation: an invoice charged after its domain entered the
	// restoration window keeps its renewal price, and the registrar is
	// asked for a plain Renew; restoration (its price and the registrar's
	// restore call) is priced by Price but not yet billed on its own.
	case PhaseAt(r.PeriodFrom, s.now(), price) == PhaseLost:
		reason = ErrLost.Error()
	default:
		return false, nil
	}
	from := r.State
	r.State, r.Error = store.RenewalCancelled, reason
	if err := s.save(ctx, r, from, store.InvoiceCancelled); err != nil {
		return true, err
	}
	s.logger.Warn("renewal invoice cancelled", slog.String("domain", r.Domain),
		slog.String("invoice_id", r.InvoiceID), slog.String("reason", reason))
	return true, nil
}

// autoRenews reports whether the domain is still set to renew by itself;
// when it is not, the invoice waits for the client (looked at again daily).
func (s *Service) autoRenews(ctx context.Context, r *store.Renewal, d store.Domain) (bool, error) {
	cancelled, err := s.store.RenewalCancelled(ctx, r.DomainID)
	if err != nil {
		return false, fmt.Errorf("renewal: %w", err)
	}
	if d.AutoRenew && !cancelled {
		return true, nil
	}
	r.NextAttemptAt = s.now().Add(24 * time.Hour)
	return false, s.save(ctx, r, r.State, "")
}

// PayInvoice pays a client's open renewal invoice with the saved card and
// renews the domain. A refused card is no error: the renewal comes back
// open (or payment_failed) with its Error set. clientID, when set, limits
// it to that client's invoices.
func (s *Service) PayInvoice(ctx context.Context, tenantID, clientID, invoiceID string) (store.Renewal, error) {
	return s.PayInvoiceWith(ctx, tenantID, clientID, invoiceID, Card{})
}

// PayInvoiceWith is PayInvoice charging card, when given, instead of the
// saved card; the card is then saved for later renewals.
func (s *Service) PayInvoiceWith(ctx context.Context, tenantID, clientID, invoiceID string, card Card) (store.Renewal, error) {
	r, err := s.store.Renewal(ctx, invoiceID)
	if err != nil {
		return r, err
	}
	if r.TenantID != tenantID || (clientID != "" && r.ClientID != clientID) {
		return r, fmt.Errorf("invoice %s: %w", invoiceID, store.ErrNotFound)
	}
	if r.State != store.RenewalOpen && r.State != store.RenewalPaymentFailed {
		return r, fmt.Errorf("invoice %s is %s: %w", invoiceID, r.State, ErrNotPayable)
	}
	r, err = s.advance(ctx, invoiceID, true, card)
	if err == nil && r.State == store.RenewalCancelled {
		return r, fmt.Errorf("invoice %s: %s: %w", invoiceID, r.Error, ErrNotPayable)
	}
	return r, err
}
