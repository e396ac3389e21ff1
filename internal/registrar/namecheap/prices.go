package namecheap

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/namecheap/internal/api"
)

// priceActions are the users.getPricing actions the price list reads, in the
// order they are asked for.
var priceActions = []string{"REGISTER", "RENEW", "TRANSFER", "REACTIVATE"}

// priceSource tells the admin pages where a Namecheap price comes from.
const priceSource = "namecheap users.getPricing: YourPrice + YourAdditionalCost, 1 year"

// tldPrices gathers the answers for one TLD across the four actions.
type tldPrices struct {
	currency string
	byAction map[string]*money.Money
	years    []int
}

// Prices reads the account's price list with users.getPricing, one call per
// action (register, renew, transfer, reactivate → restoration).
//
// The cost of a year is the account's own price, YourPrice, plus
// YourAdditionalCost (the ICANN fee Namecheap charges on top); Price and
// RegularPrice are list prices that may differ from what the account pays.
// The 1-year price is used; a TLD sold only for longer terms uses its shortest
// term's price, which Namecheap quotes per year. MinYears and MaxYears are
// the shortest and longest registration terms offered.
//
// domains.getTldList then removes what the API cannot do for a TLD (a
// registration, renewal or transfer it marks not IsApi…able is not sold) and
// says whether the TLD allows privacy (IsDisableWGAllot).
func (r *Registrar) Prices(ctx context.Context) ([]registrar.TLDPrice, error) {
	acc := map[string]*tldPrices{}
	for _, action := range priceActions {
		resp, err := r.call(ctx, "prices", "namecheap.users.getPricing",
			url.Values{"ProductType": {"DOMAIN"}, "ActionName": {action}})
		if err != nil {
			return nil, err
		}
		if err := collectPrices(resp, acc); err != nil {
			return nil, err
		}
	}

	tlds, err := r.tldList(ctx)
	if err != nil {
		return nil, err
	}
	return priceList(acc, tlds), nil
}

// collectPrices reads every ProductCategory of a getPricing answer.
func collectPrices(resp api.Node, acc map[string]*tldPrices) error {
	typ, ok := resp.Find("ProductType")
	if !ok {
		return nil
	}
	for _, cat := range typ.All("ProductCategory") {
		action := strings.ToUpper(cat.Attr("Name"))
		for _, prod := range cat.All("Product") {
			if err := collectProduct(action, prod, acc); err != nil {
				return err
			}
		}
	}
	return nil
}

func collectProduct(action string, prod api.Node, acc map[string]*tldPrices) error {
	tld := strings.ToLower(strings.TrimPrefix(prod.Attr("Name"), "."))
	if tld == "" {
		return nil
	}
	t, ok := acc[tld]
	if !ok {
		t = &tldPrices{byAction: map[string]*money.Money{}}
		acc[tld] = t
	}

	price, years, err := yearPrice(prod)
	if err != nil {
		return fmt.Errorf("namecheap: prices: %s %s: %w", tld, action, err)
	}
	if price == nil {
		return nil
	}
	t.byAction[action] = price
	t.currency = price.Currency
	if action == "REGISTER" {
		t.years = years
	}
	return nil
}

// yearPrice picks the 1-year price of a Product (else its shortest term)
// and returns the year terms it offers.
func yearPrice(prod api.Node) (*money.Money, []int, error) {
	var best api.Node
	bestYears := 0
	var years []int
	for _, p := range prod.All("Price") {
		if dt := p.Attr("DurationType"); dt != "" && !strings.EqualFold(dt, "YEAR") {
			continue
		}
		d, err := strconv.Atoi(p.Attr("Duration"))
		if err != nil || d <= 0 {
			continue
		}
		years = append(years, d)
		if bestYears == 0 || d < bestYears {
			best, bestYears = p, d
		}
	}
	if bestYears == 0 {
		return nil, nil, nil
	}

	m, err := priceOf(best)
	return m, years, err
}

// priceOf reads the account's price of one Price element exactly.
func priceOf(p api.Node) (*money.Money, error) {
	cur := strings.ToUpper(p.Attr("Currency"))
	if cur == "" {
		cur = "USD"
	}

	base, extra := p.Attr("YourPrice"), p.AttrAny("YourAdditonalCost", "YourAdditionalCost")
	if base == "" {
		base, extra = p.Attr("Price"), p.Attr("AdditionalCost")
	}
	m, err := money.ParseRoundUp(base, cur)
	if err != nil {
		return nil, err
	}
	if extra == "" {
		return &m, nil
	}

	fee, err := money.ParseRoundUp(extra, cur)
	if err != nil {
		return nil, err
	}
	sum, err := m.Add(fee)
	return &sum, err
}

// priceList turns the gathered answers into the product's price table,
// sorted by TLD.
func priceList(acc map[string]*tldPrices, tlds map[string]tldFacts) []registrar.TLDPrice {
	out := make([]registrar.TLDPrice, 0, len(acc))
	for tld, t := range acc {
		if len(t.byAction) == 0 {
			continue
		}
		p := registrar.TLDPrice{
			TLD:              tld,
			Currency:         t.currency,
			Registration:     t.byAction["REGISTER"],
			Renewal:          t.byAction["RENEW"],
			Transfer:         t.byAction["TRANSFER"],
			Restoration:      t.byAction["REACTIVATE"],
			TransferLock:     true,
			AuthCodeRequired: !isUK(tld),
			Source:           priceSource,
		}
		if len(t.years) > 0 {
			p.MinYears, p.MaxYears = slices.Min(t.years), slices.Max(t.years)
		}
		if facts, ok := tlds[tld]; ok {
			applyFacts(&p, facts)
		}
		out = append(out, p)
	}

	slices.SortFunc(out, func(a, b registrar.TLDPrice) int { return strings.Compare(a.TLD, b.TLD) })
	return out
}

// applyFacts narrows a price row to what domains.getTldList allows.
func applyFacts(p *registrar.TLDPrice, f tldFacts) {
	if !f.registerable {
		p.Registration = nil
	}
	if !f.renewable {
		p.Renewal = nil
	}
	if !f.transferable {
		p.Transfer = nil
	}
	if p.MinYears == 0 {
		p.MinYears, p.MaxYears = f.minYears, f.maxYears
	}

	privacy := f.privacy
	p.Privacy = &privacy
	if !privacy {
		p.PrivacyReason = "Namecheap offers no privacy service for ." + p.TLD
	}
}

// isUK reports whether tld is under .uk, whose transfers use an IPS tag
// instead of an auth code.
func isUK(tld string) bool { return tld == "uk" || strings.HasSuffix(tld, ".uk") }
