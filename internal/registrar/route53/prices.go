package route53

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53domains"
	"github.com/aws/aws-sdk-go-v2/service/route53domains/types"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/tlddata"
)

// priceSource marks prices read from the live price list.
const priceSource = "route53 ListPrices"

// Prices reads every page of ListPrices and merges the per-TLD facts
// (years, privacy, auth code, renewal windows) of the embedded TLD data.
func (r *Registrar) Prices(ctx context.Context) ([]registrar.TLDPrice, error) {
	var (
		out    []registrar.TLDPrice
		marker *string
	)
	for {
		page, err := r.pricePage(ctx, marker)
		if err != nil {
			return nil, err
		}

		for _, p := range page.Prices {
			row, err := priceRow(p)
			if err != nil {
				return nil, err
			}
			out = append(out, row)
		}

		if aws.ToString(page.NextPageMarker) == "" {
			break
		}
		marker = page.NextPageMarker
	}

	sort.Slice(out, func(i, j int) bool { return out[i].TLD < out[j].TLD })
	r.log.Info("price list read", "tlds", len(out))
	return out, nil
}

func (r *Registrar) pricePage(ctx context.Context, marker *string) (*route53domains.ListPricesOutput, error) {
	if err := r.before(ctx); err != nil {
		return nil, err
	}

	out, err := r.api.ListPrices(ctx, &route53domains.ListPricesInput{
		Marker:   marker,
		MaxItems: aws.Int32(1000),
	})
	if err != nil {
		return nil, mapError("list prices", err)
	}
	return out, nil
}

// priceRow converts one DomainPrice, starting from the embedded facts of
// the TLD when it has any.
func priceRow(p types.DomainPrice) (registrar.TLDPrice, error) {
	tld := strings.ToLower(strings.Trim(aws.ToString(p.Name), "."))
	row := registrar.TLDPrice{TLD: tld, MinYears: 1, MaxYears: 10, AuthCodeRequired: true}
	if e, ok := tlddata.Lookup(tld); ok {
		facts, err := e.Price()
		if err == nil {
			row = facts
		}
	}
	row.Source = priceSource
	row.Currency = ""

	var err error
	fields := []struct {
		in  *types.PriceWithCurrency
		out **money.Money
	}{
		{p.RegistrationPrice, &row.Registration},
		{p.RenewalPrice, &row.Renewal},
		{p.TransferPrice, &row.Transfer},
		{p.RestorationPrice, &row.Restoration},
	}
	for _, f := range fields {
		if *f.out, err = exactPrice(f.in); err != nil {
			return row, fmt.Errorf("route53 registrar: price of .%s: %w", tld, err)
		}
		if *f.out != nil && row.Currency == "" {
			row.Currency = (*f.out).Currency
		}
	}

	// A registration price of zero means the TLD is not sold for new
	// registrations (renewal-only TLDs), as in the embedded data.
	if row.Registration != nil && row.Registration.IsZero() {
		row.Registration = nil
	}
	return row, nil
}

// exactPrice parses a price without float arithmetic: the shortest decimal
// that round-trips the float64 is parsed as a decimal string, rounded up to
// the currency's minor unit.
func exactPrice(p *types.PriceWithCurrency) (*money.Money, error) {
	if p == nil {
		return nil, nil
	}

	currency := strings.ToUpper(aws.ToString(p.Currency))
	if currency == "" {
		currency = "USD"
	}
	text := strconv.FormatFloat(p.Price, 'f', -1, 64)

	m, err := money.ParseRoundUp(text, currency)
	if err != nil {
		return nil, fmt.Errorf("parse %s %s: %w", text, currency, err)
	}
	return &m, nil
}
