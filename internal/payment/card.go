package payment

import (
	"strings"

	"github.com/proecommerce/domains/internal/validate"
)

// CardDigits returns a raw card number without the spaces and hyphens
// people type, and whether it can be a card number at all: 12 to 19
// digits that pass the Luhn check. A number that cannot be one is bad
// input, refused before any gateway is asked.
func CardDigits(card string) (string, bool) {
	digits := strings.NewReplacer(" ", "", "-", "").Replace(card)
	if len(digits) < 12 || len(digits) > 19 {
		return digits, false
	}
	return digits, luhn(digits)
}

// luhn reports whether a string of digits passes the Luhn check.
func luhn(digits string) bool {
	sum, double := 0, false
	for i := len(digits) - 1; i >= 0; i-- {
		c := digits[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// CheckCard refuses, as bad input naming field, a raw card number that
// cannot be one; an empty number passes (whether one is needed is the
// caller's rule).
func CheckCard(field, card string) error {
	if _, ok := CardDigits(card); card != "" && !ok {
		return validate.Invalid(field, "is not a card number (12 to 19 digits that pass the Luhn check)")
	}
	return nil
}
