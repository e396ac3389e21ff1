package opensrs

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

// CheckAvailability sends one LOOKUP per name, at most Concurrency at a
// time. A name the registry refuses is StatusInvalid; throttling or an
// outage fails the whole batch so the caller can retry it.
func (r *Registrar) CheckAvailability(
	ctx context.Context, domains []string,
) ([]registrar.Availability, error) {
	out := make([]registrar.Availability, len(domains))

	err := forEach(ctx, len(domains), r.cfg.Concurrency, func(ctx context.Context, i int) error {
		a, err := r.lookup(ctx, domains[i])
		out[i] = a
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (r *Registrar) lookup(ctx context.Context, domain string) (registrar.Availability, error) {
	a := registrar.Availability{Domain: domain, Status: registrar.StatusUnknown}

	rep, err := r.call(ctx, "LOOKUP", ops.Assoc{"domain": ops.Str(domain)},
		codeAvailable, codeTaken, codeTakenWaiting)
	if err != nil {
		return refusedName(a, err)
	}

	a.Raw = strconv.Itoa(rep.Code) + " " + rep.Attributes.Text("status")
	switch rep.Code {
	case codeAvailable:
		a.Status = registrar.StatusAvailable
	case codeTaken, codeTakenWaiting:
		a.Status = registrar.StatusTaken
	}
	if a.Status == registrar.StatusAvailable && isPremium(rep.Attributes) {
		return r.premium(ctx, a)
	}
	return a, nil
}

// refusedName turns a per-name refusal into a status; other errors stay.
func refusedName(a registrar.Availability, err error) (registrar.Availability, error) {
	var e *registrar.Error
	if !errors.As(err, &e) {
		return a, err
	}

	switch e.Kind {
	case registrar.KindInvalid, registrar.KindUnsupportedTLD:
		a.Status = registrar.StatusInvalid
		a.Raw = e.Code
		return a, nil
	}
	return a, err
}

func isPremium(attrs ops.Assoc) bool {
	return strings.Contains(strings.ToLower(attrs.Text("reason")), "premium") ||
		attrs.Flag("is_registry_premium") || attrs.Flag("is_premium")
}

// premium reads the name's own registration and renewal prices.
func (r *Registrar) premium(
	ctx context.Context, a registrar.Availability,
) (registrar.Availability, error) {
	a.Status = registrar.StatusPremium

	reg, err := r.price(ctx, a.Domain, "new", 1)
	if err != nil {
		return a, fmt.Errorf("opensrs: premium price of %s: %w", a.Domain, err)
	}
	a.PremiumRegistration = reg

	renew, err := r.price(ctx, a.Domain, "renewal", 1)
	if err == nil {
		a.PremiumRenewal = renew
	}
	return a, nil
}

// price asks GET_PRICE for one domain, registration type and period and
// returns the price for the whole period.
func (r *Registrar) price(
	ctx context.Context, domain, regType string, period int,
) (*money.Money, error) {
	rep, err := r.call(ctx, "GET_PRICE", ops.Assoc{
		"domain":   ops.Str(domain),
		"period":   ops.Int(period),
		"reg_type": ops.Str(regType),
	})
	if err != nil {
		return nil, err
	}

	raw := strings.TrimSpace(rep.Attributes.Text("price"))
	m, err := money.ParseRoundUp(raw, r.cfg.Currency)
	if err != nil {
		return nil, &registrar.Error{Kind: registrar.KindProviderDown,
			Message: fmt.Sprintf("opensrs: GET_PRICE %s: bad price %q", domain, raw), Err: err}
	}
	return &m, nil
}

// forEach runs fn for 0..n-1 with at most limit calls at once and returns
// the first error; later calls are skipped once one fails.
func forEach(ctx context.Context, n, limit int, fn func(context.Context, int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
		sem      = make(chan struct{}, max(limit, 1))
	)
	for i := range n {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}

		wg.Go(func() {
			defer func() { <-sem }()
			if err := fn(ctx, i); err != nil {
				once.Do(func() { firstErr = err; cancel() })
			}
		})
	}
	wg.Wait()

	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}
