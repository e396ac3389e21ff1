package renewal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/store"
)

// ErrNoSavedCard is returned when the client has no card saved for renewals.
var ErrNoSavedCard = errors.New("renewal: no card is saved for renewals")

// ErrNotPayable is returned when an invoice is not open for payment.
var ErrNotPayable = errors.New("renewal: the invoice cannot be paid now")

// AuthenticationNeeded is returned when the client, paying in the portal,
// must confirm the charge with their bank: finish it in the browser with
// ClientSecret (Stripe's handleNextAction), then look at the renewal again
// (Advance), which reads the payment back. The invoice stays charging
// until the next retry time, then opens again.
type AuthenticationNeeded struct {
	Domain       string
	PaymentID    string
	ClientSecret string
}

func (e *AuthenticationNeeded) Error() string {
	return "renewal of " + e.Domain + ": the bank asks the card holder to confirm the payment"
}

// chargeKey is the idempotency key of a charge attempt: a retry of the
// same attempt replays the gateway's first answer, so it never charges twice.
func chargeKey(r store.Renewal) string {
	return fmt.Sprintf("renewal:%s:charge:%d", r.InvoiceID, r.ChargeAttempt)
}

// beginCharge records a new charge attempt, and whether the client is in
// the portal for it, before the gateway is called.
func (s *Service) beginCharge(ctx context.Context, r *store.Renewal, onSession bool) error {
	from := r.State
	r.State, r.ChargeAttempt, r.Error = store.RenewalCharging, r.ChargeAttempt+1, ""
	r.ChargeOnSession, r.PaymentID = onSession, ""
	r.NextAttemptAt = s.now().Add(s.cfg.Retry[0])
	if err := s.store.UpdateRenewal(ctx, r, from, ""); err != nil {
		return fmt.Errorf("renewal: begin charge: %w", err)
	}
	return nil
}

// charge charges a renewal in state charging: the card the client gave,
// or else the saved card. A refusal (decline, authentication required,
// no card) puts the invoice back to open until the retry schedule runs
// out; a gateway that does not answer leaves it charging, to be asked
// again with the same key.
//
// Limitation: a retry of an attempt whose answer was lost charges the
// saved card, as the given card is not kept; a hold the lost answer may
// have placed on the given card lapses uncaptured.
func (s *Service) charge(ctx context.Context, r *store.Renewal, card Card) error {
	u, err := s.store.User(ctx, r.TenantID, r.ClientID)
	if err != nil {
		return fmt.Errorf("renewal: client of %s: %w", r.Domain, err)
	}

	auth, err := s.take(ctx, u, renewalAttempt(*r, card), func(a payment.Authorization) error {
		r.PaymentID = a.ID
		return s.save(ctx, r, store.RenewalCharging, "")
	})
	if errors.Is(err, ErrNoSavedCard) {
		return s.chargeRefused(ctx, r, u, ErrNoSavedCard.Error())
	}
	if d, ok := payment.IsDecline(err); ok {
		r.PaymentID = ""
		return s.chargeRefused(ctx, r, u, d.Reason)
	}
	if err != nil {
		s.logger.Warn("renewal charge did not complete", slog.String("domain", r.Domain),
			slog.String("invoice_id", r.InvoiceID), slog.Any("err", err))
		return fmt.Errorf("renewal: charge %s: %w", r.Domain, err)
	}
	return s.chargeAnswered(ctx, r, u, auth)
}

// renewalAttempt is the charge attempt a renewal is at.
func renewalAttempt(r store.Renewal, card Card) attempt {
	return attempt{Key: chargeKey(r), Amount: r.Amount, Description: "Renewal of " + r.Domain,
		Metadata:  map[string]string{"invoice_id": r.InvoiceID, "domain": r.Domain},
		OnSession: r.ChargeOnSession, Card: card}
}

// chargeAnswered records what the gateway answered to a charge.
func (s *Service) chargeAnswered(ctx context.Context, r *store.Renewal, u store.User,
	auth payment.Authorization) error {
	if auth.Status == payment.StatusRequiresAction && r.ChargeOnSession {
		return s.awaitAuthentication(ctx, r, auth)
	}
	if auth.Status == payment.StatusRequiresAction {
		return s.chargeRefused(ctx, r, u, "the bank asks the card holder to authenticate this payment")
	}
	if auth.Status != payment.StatusCaptured {
		return fmt.Errorf("renewal: charge %s: unexpected status %s", r.Domain, auth.Status)
	}
	return s.charged(ctx, r, auth.ID)
}

// awaitAuthentication keeps the payment the client must confirm with
// their bank and hands its client secret to the caller.
func (s *Service) awaitAuthentication(ctx context.Context, r *store.Renewal, auth payment.Authorization) error {
	r.PaymentID, r.Error = auth.ID, "waiting for the card holder to confirm the payment with their bank"
	if err := s.save(ctx, r, store.RenewalCharging, ""); err != nil {
		return err
	}
	s.logger.Info("renewal charge needs authentication", slog.String("domain", r.Domain),
		slog.String("invoice_id", r.InvoiceID), slog.String("payment_id", auth.ID))
	return &AuthenticationNeeded{Domain: r.Domain, PaymentID: auth.ID, ClientSecret: auth.ClientSecret}
}

// checkAuthenticated reads back a payment the client was asked to confirm,
// or a hold on a given card whose capture was not answered: captured (the
// hold is captured now), the renewal is paid; still waiting, it waits until the next
// retry time and then counts as refused.
func (s *Service) checkAuthenticated(ctx context.Context, r *store.Renewal) error {
	auth, err := s.gateway.Get(ctx, r.PaymentID)
	if err != nil {
		return fmt.Errorf("renewal: read payment %s: %w", r.PaymentID, err)
	}
	u, err := s.store.User(ctx, r.TenantID, r.ClientID)
	if err != nil {
		return fmt.Errorf("renewal: client of %s: %w", r.Domain, err)
	}
	// A hold on a card the client gave, placed or confirmed, whose
	// capture has not been answered yet.
	if auth, err = s.completeHold(ctx, u, auth, renewalAttempt(*r, Card{})); err != nil {
		return fmt.Errorf("renewal: capture payment %s: %w", r.PaymentID, err)
	}
	if auth.Status == payment.StatusCaptured {
		return s.charged(ctx, r, auth.ID)
	}
	if auth.Status == payment.StatusRequiresAction && s.now().Before(r.NextAttemptAt) {
		return nil
	}
	r.PaymentID = ""
	return s.chargeRefused(ctx, r, u, "the payment was not confirmed with the bank")
}

func (s *Service) charged(ctx context.Context, r *store.Renewal, paymentID string) error {
	r.State, r.PaymentID, r.Error, r.NextAttemptAt = store.RenewalPaid, paymentID, "", s.now()
	if err := s.store.UpdateRenewal(ctx, r, store.RenewalCharging, store.InvoicePaid); err != nil {
		return fmt.Errorf("renewal: record charge: %w", err)
	}
	s.logger.Info("renewal charged", slog.String("domain", r.Domain),
		slog.String("invoice_id", r.InvoiceID), slog.String("amount", r.Amount.String()))
	return nil
}

// chargeRefused records a refused charge, schedules the next attempt or
// gives up, and tells the client and the operator.
func (s *Service) chargeRefused(ctx context.Context, r *store.Renewal, u store.User,
	reason string) error {
	r.Error = reason
	wait, more := s.retryAfter(r.ChargeAttempt)
	r.State, r.NextAttemptAt = store.RenewalOpen, s.now().Add(wait)
	if !more {
		r.State = store.RenewalPaymentFailed
	}
	if err := s.store.UpdateRenewal(ctx, r, store.RenewalCharging, ""); err != nil {
		return fmt.Errorf("renewal: record refused charge: %w", err)
	}

	s.logger.Warn("renewal charge refused", slog.String("domain", r.Domain),
		slog.String("invoice_id", r.InvoiceID), slog.Int("attempt", r.ChargeAttempt),
		slog.String("reason", reason))
	msg := fmt.Sprintf("We could not charge your saved card %s for the renewal of %s: %s.\n"+
		"Please pay invoice %s in the portal before %s.", r.Amount, r.Domain, reason,
		r.InvoiceID, r.PeriodFrom.Format("2 January 2006"))
	s.report(ctx, r, u.Email, "Renewal payment failed for "+r.Domain, msg, "renewal_charge_failed")
	return nil
}

// retryAfter returns the wait after the nth failed attempt (1-based) and
// whether another attempt follows.
func (s *Service) retryAfter(attempt int) (wait time.Duration, more bool) {
	if attempt < 1 || attempt > len(s.cfg.Retry) {
		return s.cfg.Retry[len(s.cfg.Retry)-1], false
	}
	return s.cfg.Retry[attempt-1], true
}

// report tells the client by e-mail (through the outbox) and the operator
// through the audit log.
func (s *Service) report(ctx context.Context, r *store.Renewal, to, subject, body, action string) {
	if to != "" {
		if err := s.store.QueueMail(ctx, store.Mail{TenantID: r.TenantID, To: to,
			Subject: subject, Body: body}); err != nil {
			s.logger.Error("renewal mail not queued", slog.String("domain", r.Domain),
				slog.Any("err", err))
		}
	}
	if err := s.store.Audit(ctx, r.TenantID, "renewals", action, r.Domain, r.Error); err != nil {
		s.logger.Error("renewal audit not written", slog.String("domain", r.Domain),
			slog.Any("err", err))
	}
}
