package renewal

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/proecommerce/domains/internal/audit"
	"github.com/proecommerce/domains/internal/store"
)

// Cancel records that the client will not renew the domain: it gets no
// renewal and no charge, its open renewal invoices are cancelled in the
// same step, and auto-renew is turned off here and at the registrar. It
// returns the ids of the invoices cancelled.
func (s *Service) Cancel(ctx context.Context, d store.Domain, actor string) ([]string, error) {
	ctx = audit.WithActor(ctx, d.TenantID, actor)
	ids, err := s.store.CancelRenewal(ctx, d.TenantID, d.ID, actor)
	if err != nil {
		return nil, fmt.Errorf("renewal: cancel %s: %w", d.Name, err)
	}
	_ = s.store.Audit(ctx, d.TenantID, actor, "renewal_cancelled", d.Name,
		fmt.Sprintf("%d open invoice(s) cancelled", len(ids)))

	if reg, ok := s.registrars.Registrar(d.Registrar); ok {
		if _, err := reg.SetAutoRenew(ctx, d.Name, false); err != nil {
			// The product never relies on the registrar's auto-renew
			// (SPEC 4); a failure here is reported, not fatal.
			s.logger.Warn("registrar auto-renew not turned off", slog.String("domain", d.Name),
				slog.Any("err", err))
		}
	}
	s.logger.Info("renewal cancelled", slog.String("domain", d.Name),
		slog.Int("invoices_cancelled", len(ids)))
	return ids, nil
}
