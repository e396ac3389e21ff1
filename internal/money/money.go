// Package money holds amounts of money as integer counts of a currency's
// minor unit, with exact parsing of decimal prices and rounding that never
// loses a cent.
package money

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"
)

// Money is an amount in a currency's minor unit (cents for USD, yen for JPY).
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// ErrCurrencyMismatch is returned when two amounts in different currencies
// are combined.
var ErrCurrencyMismatch = errors.New("money: currency mismatch")

// exponents lists the ISO 4217 minor-unit exponent of currencies whose
// exponent is not 2. Every other three-letter code uses 2.
var exponents = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0,
	"KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0,
	"XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLF": 4, "UYW": 4,
}

// Exponent returns the number of decimal digits of the currency's minor unit.
func Exponent(currency string) int {
	if e, ok := exponents[strings.ToUpper(currency)]; ok {
		return e
	}
	return 2
}

// New returns an amount of minor units in the currency.
func New(amount int64, currency string) Money {
	return Money{Amount: amount, Currency: strings.ToUpper(currency)}
}

// Zero returns a zero amount in the currency.
func Zero(currency string) Money { return New(0, currency) }

// ValidCurrency reports whether code looks like an ISO 4217 code.
func ValidCurrency(code string) bool {
	if len(code) != 3 {
		return false
	}
	for _, c := range code {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// Parse reads a decimal string such as "12.34" in the currency exactly.
// More fractional digits than the currency has are an error unless they are
// zeros; use ParseRoundUp for registrar prices that may carry extra digits.
func Parse(s, currency string) (Money, error) {
	r, err := parseRat(s)
	if err != nil {
		return Money{}, err
	}

	m, exact, fits := fromRat(r, currency, false)
	if !fits {
		return Money{}, fmt.Errorf("money: %q is out of range", s)
	}
	if !exact {
		return Money{}, fmt.Errorf("money: %q has more decimals than %s allows", s, currency)
	}
	return m, nil
}

// ParseRoundUp reads a decimal string exactly and rounds it up to the
// currency's minor unit.
func ParseRoundUp(s, currency string) (Money, error) {
	r, err := parseRat(s)
	if err != nil {
		return Money{}, err
	}

	m, _, fits := fromRat(r, currency, true)
	if !fits {
		return Money{}, fmt.Errorf("money: %q is out of range", s)
	}
	return m, nil
}

func parseRat(s string) (*big.Rat, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("money: empty amount")
	}
	if strings.ContainsAny(s, "eE/") {
		return nil, fmt.Errorf("money: %q is not a plain decimal", s)
	}

	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("money: %q is not a decimal number", s)
	}
	return r, nil
}

// FromRat converts an exact rational amount of major units into minor
// units, rounding up (towards positive infinity) when it is not exact.
// Known limitation: an amount beyond what an int64 of minor units holds
// wraps around; callers pass products of amounts that were parsed (and so
// bounded) and small factors.
func FromRat(r *big.Rat, currency string) Money {
	m, _, _ := fromRat(r, currency, true)
	return m
}

// maxMinor bounds the minor units an amount may have, so that its
// negation still fits an int64.
var maxMinor = big.NewInt(math.MaxInt64)

// fromRat converts r to minor units; exact says no rounding was needed and
// fits that the result is within ±maxMinor.
func fromRat(r *big.Rat, currency string, roundUp bool) (Money, bool, bool) {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(Exponent(currency))), nil)
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(scale))

	q, rem := new(big.Int).QuoRem(scaled.Num(), scaled.Denom(), new(big.Int))
	exact := rem.Sign() == 0
	if !exact && roundUp && scaled.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	if q.CmpAbs(maxMinor) > 0 {
		return Money{}, exact, false
	}
	return New(q.Int64(), currency), exact, true
}

// Rat returns the amount in major units as an exact rational.
func (m Money) Rat() *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(Exponent(m.Currency))), nil)
	return new(big.Rat).SetFrac(big.NewInt(m.Amount), scale)
}

// Add returns m + o; both must share a currency.
func (m Money) Add(o Money) (Money, error) {
	if m.Currency != o.Currency {
		return Money{}, fmt.Errorf("%w: %s and %s", ErrCurrencyMismatch, m.Currency, o.Currency)
	}
	return New(m.Amount+o.Amount, m.Currency), nil
}

// Sub returns m - o; both must share a currency.
func (m Money) Sub(o Money) (Money, error) {
	if m.Currency != o.Currency {
		return Money{}, fmt.Errorf("%w: %s and %s", ErrCurrencyMismatch, m.Currency, o.Currency)
	}
	return New(m.Amount-o.Amount, m.Currency), nil
}

// Times returns the amount multiplied by n.
func (m Money) Times(n int) Money { return New(m.Amount*int64(n), m.Currency) }

// IsZero reports whether the amount is zero.
func (m Money) IsZero() bool { return m.Amount == 0 }

// Decimal formats the amount in major units, e.g. "12.34".
func (m Money) Decimal() string {
	exp := Exponent(m.Currency)
	neg := m.Amount < 0
	a := m.Amount
	if neg {
		a = -a
	}

	s := fmt.Sprintf("%0*d", exp+1, a)
	if exp > 0 {
		s = s[:len(s)-exp] + "." + s[len(s)-exp:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// String formats the amount with its currency, e.g. "12.34 USD".
func (m Money) String() string { return m.Decimal() + " " + m.Currency }
