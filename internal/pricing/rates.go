package pricing

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/proecommerce/domains/internal/money"
)

// Rates holds a tenant's exchange rates against one base currency, as WHMCS
// stores them: Rates[c] is how many units of currency c one unit of the base
// currency buys, as an exact decimal string. The base currency itself must be
// listed with "1" (WHMCS's default currency has rate 1.00000). With base USD,
// {"USD": "1", "EUR": "0.86", "JPY": "155"} converts 10.00 USD to 8.60 EUR
// and 10.00 EUR to 11.63 USD (11.627..., rounded up). Converting a currency
// to itself needs no rate.
type Rates map[string]string

// Rate returns the exact rate of the currency, refusing a missing, malformed,
// zero or negative one.
func (r Rates) Rate(currency string) (*big.Rat, error) {
	s, ok := r[strings.ToUpper(currency)]
	if !ok {
		return nil, fmt.Errorf("pricing: no exchange rate for %s", currency)
	}

	rate, err := parseDecimal(s)
	if err != nil {
		return nil, fmt.Errorf("pricing: exchange rate for %s: %w", currency, err)
	}
	if rate.Sign() <= 0 {
		return nil, fmt.Errorf("pricing: exchange rate for %s is %q; it must be above zero",
			currency, s)
	}
	return rate, nil
}

// Convert returns the amount in the target currency, rounded up to its minor
// unit. The same currency is returned unchanged.
func (r Rates) Convert(m money.Money, target string) (money.Money, error) {
	target = strings.ToUpper(target)
	if !money.ValidCurrency(target) {
		return money.Money{}, fmt.Errorf("pricing: %q is not a currency code", target)
	}
	if strings.ToUpper(m.Currency) == target {
		return money.New(m.Amount, target), nil
	}

	from, err := r.Rate(m.Currency)
	if err != nil {
		return money.Money{}, err
	}
	to, err := r.Rate(target)
	if err != nil {
		return money.Money{}, err
	}

	amount := new(big.Rat).Mul(m.Rat(), to)
	amount.Quo(amount, from)
	return money.FromRat(amount, target), nil
}
