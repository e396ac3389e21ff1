package opensrs

import (
	"context"
	"log/slog"
	"math/big"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
)

// Prices asks GET_PRICE for each configured TLD (OpenSRS has no call that
// lists every price): registration, renewal and transfer, each for the
// TLD's shortest term, divided to a yearly price and rounded up. A TLD
// OpenSRS will not price for this account is left out and logged.
func (r *Registrar) Prices(ctx context.Context) ([]registrar.TLDPrice, error) {
	tlds := r.cfg.PriceTLDs
	found := make([]*registrar.TLDPrice, len(tlds))

	err := forEach(ctx, len(tlds), r.cfg.Concurrency, func(ctx context.Context, i int) error {
		p, err := r.tldPrice(ctx, tlds[i])
		found[i] = p
		return err
	})
	if err != nil {
		return nil, err
	}

	out := make([]registrar.TLDPrice, 0, len(tlds))
	for _, p := range found {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out, nil
}

// tldPrice returns nil without error when the TLD is not sold.
func (r *Registrar) tldPrice(ctx context.Context, tld string) (*registrar.TLDPrice, error) {
	facts := factsFor(tld)
	probe := r.cfg.PriceProbeLabel + "." + tld

	reg, err := r.yearly(ctx, probe, "new", facts.minYears)
	if err != nil {
		if soldNot(err) {
			r.cfg.Logger.WarnContext(ctx, "opensrs does not price tld",
				slog.String("tld", tld), slog.String("error", err.Error()))
			return nil, nil
		}
		return nil, err
	}

	renew, err := r.optionalYearly(ctx, probe, "renewal", 1)
	if err != nil {
		return nil, err
	}
	transfer, err := r.optionalYearly(ctx, probe, "transfer", 1)
	if err != nil {
		return nil, err
	}

	return &registrar.TLDPrice{
		TLD:              tld,
		Currency:         r.cfg.Currency,
		Registration:     reg,
		Renewal:          renew,
		Transfer:         transfer,
		MinYears:         facts.minYears,
		MaxYears:         facts.maxYears,
		Privacy:          facts.privacy,
		PrivacyReason:    facts.privacyReason,
		TransferLock:     facts.transferLock,
		AuthCodeRequired: true,
		Source:           "opensrs GET_PRICE",
	}, nil
}

// optionalYearly is yearly, with "not sold" read as a nil price.
func (r *Registrar) optionalYearly(
	ctx context.Context, domain, regType string, years int,
) (*money.Money, error) {
	m, err := r.yearly(ctx, domain, regType, years)
	if err != nil && soldNot(err) {
		return nil, nil
	}
	return m, err
}

// yearly prices a term of years and returns the price of one year.
func (r *Registrar) yearly(
	ctx context.Context, domain, regType string, years int,
) (*money.Money, error) {
	years = max(years, 1)
	total, err := r.price(ctx, domain, regType, years)
	if err != nil || years == 1 {
		return total, err
	}

	perYear := new(big.Rat).Quo(total.Rat(), big.NewRat(int64(years), 1))
	m := money.FromRat(perYear, total.Currency)
	return &m, nil
}

// soldNot reports whether an error means the TLD or operation is not
// offered, rather than a failure worth retrying.
func soldNot(err error) bool {
	switch registrar.KindOf(err) {
	case registrar.KindInvalid, registrar.KindUnsupportedTLD, registrar.KindUnsupported,
		registrar.KindNotFound:
		return true
	}
	return false
}
