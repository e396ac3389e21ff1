package stripegw

import (
	"fmt"
	"strings"

	"github.com/proecommerce/domains/internal/money"
)

// stripeExponents lists currencies whose amount Stripe writes with another
// number of decimals than ISO 4217 (and so our money type) gives them.
// ISK and UGX are zero-decimal but Stripe still takes them with two
// decimals that must be 00; Stripe treats MGA as zero-decimal.
var stripeExponents = map[string]int{"ISK": 2, "UGX": 2, "MGA": 0}

// tenthsOnly lists three-decimal currencies whose last digit Stripe requires
// to be 0.
var tenthsOnly = map[string]bool{"BHD": true, "JOD": true, "KWD": true, "OMR": true, "TND": true}

func stripeExponent(currency string) int {
	if e, ok := stripeExponents[currency]; ok {
		return e
	}
	return money.Exponent(currency)
}

// toStripe returns m as Stripe's integer amount and lower-case currency:
// 12.34 USD is 1234 "usd", 80 JPY is 80 "jpy", 5 ISK is 500 "isk".
func toStripe(m money.Money) (int64, string, error) {
	cur := strings.ToUpper(m.Currency)
	if !money.ValidCurrency(cur) {
		return 0, "", fmt.Errorf("stripe: invalid currency %q", m.Currency)
	}

	amount := m.Amount
	diff := stripeExponent(cur) - money.Exponent(cur)
	for ; diff > 0; diff-- {
		amount *= 10
	}
	for ; diff < 0; diff++ {
		if amount%10 != 0 {
			return 0, "", fmt.Errorf("stripe: %s cannot be charged in %s's smallest Stripe unit", m, cur)
		}
		amount /= 10
	}

	if tenthsOnly[cur] && amount%10 != 0 {
		return 0, "", fmt.Errorf("stripe: %s amounts must end in 0 (Stripe rule), got %s", cur, m)
	}
	return amount, strings.ToLower(cur), nil
}

// fromStripe reads a Stripe amount back into our money type; it is the
// inverse of toStripe (a Stripe amount finer than our unit is truncated,
// which Stripe never sends for the currencies listed above).
func fromStripe(amount int64, currency string) money.Money {
	cur := strings.ToUpper(currency)
	diff := stripeExponent(cur) - money.Exponent(cur)
	for ; diff > 0; diff-- {
		amount /= 10
	}
	for ; diff < 0; diff++ {
		amount *= 10
	}
	return money.New(amount, cur)
}
