package contact

import (
	"strings"
	"unicode"

	"github.com/proecommerce/domains/internal/validate"
)

const (
	minSubscriberDigits = 4
	maxSubscriberDigits = 14
	maxE164Digits       = 15
	nanpDigits          = 10
	fieldPhone          = "phone"
)

// NormalizePhone turns a phone number into registrars' "+CC.NUMBER" form
// ("+1 (206) 555-0119" gives "+1.2065550119"). A number with a leading "+"
// is split into its ITU country calling code (longest match in an embedded
// table) and a subscriber number of 4 to 14 digits. A number without "+" is
// refused as ambiguous unless country (ISO 3166-1 alpha-2) is in the North
// American Numbering Plan and the number has 10 digits, or 11 starting with
// 1. Spaces, dots, hyphens, slashes, parentheses and a "(0)" trunk prefix
// after the calling code are ignored. Errors are *validate.FieldError with
// Field "phone".
func NormalizePhone(raw, country string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", required(fieldPhone)
	}

	international := strings.HasPrefix(s, "+")
	digits, err := phoneDigits(strings.TrimPrefix(s, "+"))
	if err != nil {
		return "", err
	}

	if international {
		return internationalPhone(digits)
	}
	return nationalPhone(digits, strings.ToUpper(strings.TrimSpace(country)))
}

// phoneDigits drops the separators people type and refuses anything else.
func phoneDigits(s string) (string, error) {
	s = strings.Replace(s, "(0)", "", 1)

	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(" .-/()", r):
		case unicode.IsLetter(r):
			return "", validate.Invalid(fieldPhone,
				"must contain digits only; letters and extensions are not accepted")
		default:
			return "", validate.Invalid(fieldPhone,
				"contains %q; use digits, spaces and a leading + only", r)
		}
	}
	return b.String(), nil
}

func internationalPhone(digits string) (string, error) {
	code, subscriber, ok := splitCallingCode(digits)
	if !ok {
		return "", validate.Invalid(fieldPhone,
			"does not start with a known country calling code after the +")
	}
	if code == "1" {
		return nanpPhone(subscriber)
	}

	n := len(subscriber)
	if n < minSubscriberDigits || n > maxSubscriberDigits || len(digits) > maxE164Digits {
		return "", validate.Invalid(fieldPhone,
			"has %d digits after the country code +%s; expected %d to %d",
			n, code, minSubscriberDigits, min(maxSubscriberDigits, maxE164Digits-len(code)))
	}
	return "+" + code + "." + subscriber, nil
}

func nationalPhone(digits, country string) (string, error) {
	if !nanp[country] {
		return "", validate.Invalid(fieldPhone,
			"has no country calling code; write it with + and the code, e.g. +44 20 7946 0958")
	}

	if len(digits) == nanpDigits+1 && digits[0] == '1' {
		digits = digits[1:]
	}
	return nanpPhone(digits)
}

// nanpPhone checks a North American number: a three-digit area code and a
// seven-digit number, neither starting with 0 or 1.
func nanpPhone(digits string) (string, error) {
	if len(digits) != nanpDigits {
		return "", validate.Invalid(fieldPhone,
			"must have 10 digits (area code and number) for a +1 number; it has %d", len(digits))
	}
	if digits[0] < '2' || digits[3] < '2' {
		return "", validate.Invalid(fieldPhone,
			"is not a valid +1 number: area code and exchange cannot start with 0 or 1")
	}
	return "+1." + digits, nil
}
