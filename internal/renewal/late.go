package renewal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/proecommerce/domains/internal/store"
)

// ErrNoClient is returned for a domain no client holds: it is never invoiced.
var ErrNoClient = errors.New("renewal: the domain has no client to invoice")

// InvoiceNow makes, on the client's request, the renewal invoice of one
// domain for the period from its current expiry, priced by where the
// domain stands today: the renewal price before expiry and through the
// TLD's late-renewal window, the restoration price through its
// restoration window. It is how a domain past expiry that the monthly run
// never invoiced (found, imported or turned back on after its run) is
// renewed late. An invoice that exists for the period is returned as it
// is, whatever its state; a domain past every window is ErrLost.
func (s *Service) InvoiceNow(ctx context.Context, d store.Domain) (store.Renewal, error) {
	if d.ClientID == "" {
		return store.Renewal{}, fmt.Errorf("%s: %w", d.Name, ErrNoClient)
	}
	if (d.Status != store.DomainActive && d.Status != store.DomainExpired) || d.ExpiresAt.IsZero() {
		return store.Renewal{}, fmt.Errorf("%s is %s: %w", d.Name, d.Status, ErrNotPayable)
	}
	if r, err := s.store.RenewalForPeriod(ctx, d.ID, d.ExpiresAt); err == nil {
		return r, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return r, fmt.Errorf("renewal: %w", err)
	}

	due, err := s.store.DueDomainByID(ctx, d.ID)
	if err != nil {
		return store.Renewal{}, fmt.Errorf("renewal: %w", err)
	}
	st := &runState{tenants: map[string]store.Tenant{}, clients: map[string]store.User{},
		offers: map[string]offerResult{}}
	p, err := s.invoiceOne(ctx, st, s.now(), due, false)
	if err != nil {
		return store.Renewal{}, err
	}
	if p.Skipped != "" {
		return store.Renewal{}, s.notInvoiced(d, p.Skipped)
	}

	r, err := s.store.RenewalForPeriod(ctx, d.ID, d.ExpiresAt)
	if err != nil {
		return r, fmt.Errorf("renewal: %w", err)
	}
	s.logger.Info("renewal invoiced on request", slog.String("domain", d.Name),
		slog.String("kind", r.Kind), slog.String("amount", r.Amount.String()))
	return r, nil
}

// notInvoiced says why a domain cannot be invoiced now.
func (s *Service) notInvoiced(d store.Domain, why string) error {
	if why == ErrLost.Error() {
		return fmt.Errorf("%s: %w", d.Name, ErrLost)
	}
	return fmt.Errorf("%s: %s: %w", d.Name, why, ErrNotPayable)
}
