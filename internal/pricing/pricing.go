// Package pricing turns a registrar's cost into the price a client pays:
// currency conversion at the tenant's exchange rates, a percentage and fixed
// markup, rounding up to the minor unit and optional .99 endings. All
// arithmetic is exact (integers and big.Rat), never float.
package pricing

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/proecommerce/domains/internal/money"
)

// Markup is a percentage (exact decimal string such as "20" or "2.5") and a
// fixed amount added per year. An empty Percent means no percentage; a zero
// Fixed (in any currency, or with none) means no fixed amount.
type Markup struct {
	Percent string      `json:"percent"`
	Fixed   money.Money `json:"fixed"`
}

// YearPrice returns the price of one year: the cost converted to the target
// currency (rounded up to its minor unit), times (1 + percent/100), plus the
// fixed amount (converted to the target currency, rounded up, when it is in
// another one), rounded up to the minor unit. With roundTo99 the result is
// then raised to the next amount ending in .99 (see RoundTo99).
func YearPrice(cost money.Money, m Markup, target string,
	rates Rates, roundTo99 bool) (money.Money, error) {
	if cost.Amount < 0 {
		return money.Money{}, fmt.Errorf("pricing: negative cost %s", cost)
	}

	base, err := rates.Convert(cost, target)
	if err != nil {
		return money.Money{}, err
	}

	percent, err := markupPercent(m.Percent)
	if err != nil {
		return money.Money{}, err
	}

	fixed, err := fixedAmount(m.Fixed, target, rates)
	if err != nil {
		return money.Money{}, err
	}

	factor := new(big.Rat).Quo(percent, big.NewRat(100, 1))
	factor.Add(factor, big.NewRat(1, 1))
	price := new(big.Rat).Mul(base.Rat(), factor)
	price.Add(price, fixed.Rat())

	out := money.FromRat(price, target)
	if roundTo99 {
		out = RoundTo99(out)
	}
	return out, nil
}

func markupPercent(s string) (*big.Rat, error) {
	if s == "" {
		return new(big.Rat), nil
	}
	return ParsePercent(s)
}

func fixedAmount(fixed money.Money, target string, rates Rates) (money.Money, error) {
	if fixed.Amount == 0 {
		return money.Zero(target), nil
	}
	if fixed.Amount < 0 {
		return money.Money{}, fmt.Errorf("pricing: negative fixed markup %s", fixed)
	}
	if fixed.Currency == "" {
		return money.Money{}, errors.New("pricing: fixed markup has no currency")
	}
	return rates.Convert(fixed, target)
}

// Total returns years × yearPrice. The caller checks years against the
// TLD's limits; Total does not.
func Total(yearPrice money.Money, years int) money.Money {
	return yearPrice.Times(years)
}

// RoundTo99 raises a positive amount to the smallest amount not below it
// that ends in .99 of the major unit: 8.20 becomes 8.99 and 8.99 stays.
// For three-decimal currencies that is .990 (8.200 KWD becomes 8.990); for
// zero-decimal currencies (JPY, KRW), which have no fraction, the amount is
// raised to the next one ending in 99 (1234 JPY becomes 1299, 1299 stays).
// Zero and negative amounts are left alone.
func RoundTo99(m money.Money) money.Money {
	if m.Amount <= 0 {
		return m
	}

	modulus, ending := ninetyNine(money.Exponent(m.Currency))
	rest := m.Amount % modulus
	out := m.Amount - rest + ending
	if rest > ending {
		out += modulus
	}
	return money.New(out, m.Currency)
}

// ninetyNine returns the modulus and the wanted remainder of the .99 rule
// for a currency exponent.
func ninetyNine(exp int) (modulus, ending int64) {
	switch exp {
	case 0:
		return 100, 99
	case 1:
		return 10, 9
	}

	modulus = 1
	for range exp {
		modulus *= 10
	}
	return modulus, 99 * modulus / 100
}
