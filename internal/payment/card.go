package payment

import "strings"

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
