package renewal

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
)

// renew renews a paid domain at the registrar. In state renewing (a call
// may have reached the registrar before a crash or an error) it first
// compares the registrar's expiry with the one recorded before the call,
// so a domain is never renewed twice.
func (s *Service) renew(ctx context.Context, r *store.Renewal) error {
	reg, ok := s.registrars.Registrar(r.Registrar)
	if !ok {
		return s.renewByHand(ctx, r)
	}
	if r.State == store.RenewalRenewing {
		done, err := s.resumeRenewal(ctx, reg, r)
		if done || err != nil {
			return err
		}
	}

	detail, err := reg.DomainDetail(ctx, r.Domain)
	if err != nil {
		r.RenewAttempt++
		return s.renewFailed(ctx, r, fmt.Errorf("read %s at the registrar: %w", r.Domain, err))
	}
	if err := s.beginRenew(ctx, r, detail); err != nil {
		return err
	}

	op, err := reg.Renew(ctx, r.Domain, detail.Expires.Year(), r.Years)
	if err != nil {
		return s.renewFailed(ctx, r, err)
	}
	return s.followOperation(ctx, reg, r, op)
}

// renewByHand flags a paid renewal at a registrar this installation has
// no adapter for (kept from an import): the operator is told once, in the
// audit log, to renew it there, and it is looked at again daily, so it
// goes on by itself once that registrar is configured.
//
// Limitation: no page marks such a renewal done by hand; it stays paid
// until the registrar is configured here or the operator refunds it.
func (s *Service) renewByHand(ctx context.Context, r *store.Renewal) error {
	why := fmt.Sprintf("the registrar %q has no adapter here: renew %s there by hand", r.Registrar, r.Domain)
	first := r.Error != why
	r.Error, r.NextAttemptAt = why, s.now().Add(24*time.Hour)
	if err := s.save(ctx, r, r.State, ""); err != nil {
		return err
	}
	if first {
		s.logger.Warn("paid renewal needs the operator", slog.String("domain", r.Domain),
			slog.String("registrar", r.Registrar), slog.String("invoice_id", r.InvoiceID))
		s.report(ctx, r, "", "", "", "renewal_by_hand")
	}
	return nil
}

// resumeRenewal settles a renewal whose call may have happened. It
// reports true when nothing is left to call now.
func (s *Service) resumeRenewal(ctx context.Context, reg registrar.Registrar, r *store.Renewal) (bool, error) {
	detail, err := reg.DomainDetail(ctx, r.Domain)
	if err != nil {
		return true, s.renewFailed(ctx, r, fmt.Errorf("read %s at the registrar: %w", r.Domain, err))
	}
	if detail.Expires.After(r.ExpiryBefore) {
		return true, s.renewed(ctx, r, detail.Expires)
	}
	if r.OperationID == "" {
		return false, nil
	}
	op, err := reg.Operation(ctx, r.OperationID)
	if err != nil {
		return true, s.renewFailed(ctx, r, fmt.Errorf("operation %s: %w", r.OperationID, err))
	}
	if op.Status == registrar.OpFailed {
		return false, nil
	}
	return true, s.followOperation(ctx, reg, r, op)
}

// beginRenew records the attempt and the registrar's expiry before Renew.
func (s *Service) beginRenew(ctx context.Context, r *store.Renewal, detail registrar.DomainDetail) error {
	from := r.State
	r.State, r.RenewAttempt, r.OperationID = store.RenewalRenewing, r.RenewAttempt+1, ""
	r.ExpiryBefore, r.NextAttemptAt = detail.Expires.UTC(), s.now().Add(s.cfg.PollEvery)
	if err := s.store.UpdateRenewal(ctx, r, from, ""); err != nil {
		return fmt.Errorf("renewal: begin renew: %w", err)
	}
	return nil
}

// followOperation finishes on success, waits while the registrar works and
// counts a failure against the retry schedule.
func (s *Service) followOperation(ctx context.Context, reg registrar.Registrar, r *store.Renewal, op registrar.Operation) error {
	switch op.Status {
	case registrar.OpSucceeded:
		detail, err := reg.DomainDetail(ctx, r.Domain)
		if err != nil {
			return fmt.Errorf("renewal: read %s after renewal: %w", r.Domain, err)
		}
		return s.renewed(ctx, r, detail.Expires)
	case registrar.OpFailed:
		return s.renewFailed(ctx, r, fmt.Errorf("the registrar refused: %s", op.Message))
	default:
		r.OperationID, r.NextAttemptAt = op.ID, s.now().Add(s.cfg.PollEvery)
		return s.save(ctx, r, store.RenewalRenewing, "")
	}
}

// renewed records the expiry the registrar reports.
func (s *Service) renewed(ctx context.Context, r *store.Renewal, expires time.Time) error {
	from := r.State
	r.State, r.NewExpiry, r.Error = store.RenewalRenewed, expires.UTC(), ""
	if err := s.store.UpdateRenewal(ctx, r, from, ""); err != nil {
		return fmt.Errorf("renewal: record renewal: %w", err)
	}
	if err := s.store.SetDomainExpiry(ctx, r.DomainID, r.NewExpiry); err != nil {
		return fmt.Errorf("renewal: %w", err)
	}
	s.logger.Info("domain renewed", slog.String("domain", r.Domain),
		slog.String("invoice_id", r.InvoiceID), slog.Time("expires_at", r.NewExpiry))
	_ = s.store.Audit(ctx, r.TenantID, "renewals", "renewed", r.Domain,
		"expires "+r.NewExpiry.Format(time.DateOnly))
	return nil
}

// renewFailed schedules another attempt or, when the schedule has run
// out, refunds the payment: a paid invoice never stays without a renewal.
func (s *Service) renewFailed(ctx context.Context, r *store.Renewal, cause error) error {
	s.logger.Warn("renewal at the registrar failed", slog.String("domain", r.Domain),
		slog.String("invoice_id", r.InvoiceID), slog.Int("attempt", r.RenewAttempt),
		slog.Any("err", cause))
	from := r.State
	r.Error = cause.Error()
	wait, more := s.retryAfter(r.RenewAttempt)
	r.NextAttemptAt = s.now().Add(wait)
	if more {
		if err := s.save(ctx, r, from, ""); err != nil {
			return err
		}
		s.report(ctx, r, "", "", "", "renewal_registrar_failed")
		return nil
	}
	r.State, r.NextAttemptAt = store.RenewalRefunding, s.now()
	if err := s.save(ctx, r, from, ""); err != nil {
		return err
	}
	return s.refund(ctx, r)
}

// refund returns a renewal's payment after a last look at the registrar.
func (s *Service) refund(ctx context.Context, r *store.Renewal) error {
	if reg, ok := s.registrars.Registrar(r.Registrar); ok && !r.ExpiryBefore.IsZero() {
		d, err := reg.DomainDetail(ctx, r.Domain)
		if err != nil {
			return fmt.Errorf("renewal: look before refunding %s: %w", r.Domain, err)
		}
		if d.Expires.After(r.ExpiryBefore) {
			return s.renewed(ctx, r, d.Expires)
		}
	}
	key := fmt.Sprintf("renewal:%s:refund", r.InvoiceID)
	if _, err := s.gateway.Refund(ctx, r.PaymentID, r.Amount, key); err != nil {
		return fmt.Errorf("renewal: refund %s: %w", r.Domain, err)
	}
	r.State = store.RenewalRefunded
	if err := s.save(ctx, r, store.RenewalRefunding, store.InvoiceRefunded); err != nil {
		return err
	}
	u, _ := s.store.User(ctx, r.TenantID, r.ClientID)
	s.report(ctx, r, u.Email, "Renewal of "+r.Domain+" failed: payment refunded",
		fmt.Sprintf("The registrar could not renew %s (%s). We refunded %s to your card.",
			r.Domain, r.Error, r.Amount), "renewal_refunded")
	return nil
}

func (s *Service) save(ctx context.Context, r *store.Renewal, from, invoiceStatus string) error {
	if err := s.store.UpdateRenewal(ctx, r, from, invoiceStatus); err != nil {
		return fmt.Errorf("renewal: save %s: %w", r.Domain, err)
	}
	return nil
}
