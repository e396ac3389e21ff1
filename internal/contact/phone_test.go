package contact

import (
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/validate"
)

func TestNormalizePhone(t *testing.T) {
	cases := []struct{ raw, country, want string }{
		{"+1 (206) 555-0119", "US", "+1.2065550119"},
		{"+1 (206) 555-0119", "GB", "+1.2065550119"},
		{"+44 20 7946 0958", "GB", "+44.2079460958"},
		{"+44 (0)20 7946 0958", "GB", "+44.2079460958"},
		{"206-555-0119", "US", "+1.2065550119"},
		{"1 206 555 0119", "us", "+1.2065550119"},
		{"(514) 555-0166", "CA", "+1.5145550166"},
		{"+1.2065550119", "", "+1.2065550119"},
		{"+353.15550123", "IE", "+353.15550123"},
		{"+49 30 23125017", "DE", "+49.3023125017"},
		{"+81 3-1234-5678", "JP", "+81.312345678"},
		{"+7 495 123-45-67", "RU", "+7.4951234567"},
		{"+852 2123 4567", "HK", "+852.21234567"},
		{" +33 1 99 00 12 34 ", "FR", "+33.199001234"},
	}
	for _, c := range cases {
		got, err := NormalizePhone(c.raw, c.country)
		if err != nil {
			t.Errorf("NormalizePhone(%q, %q): %v", c.raw, c.country, err)
			continue
		}
		if got != c.want {
			t.Errorf("NormalizePhone(%q, %q) = %q, want %q", c.raw, c.country, got, c.want)
		}
	}
}

func TestNormalizePhoneRefuses(t *testing.T) {
	cases := []struct{ raw, country, says string }{
		{"020 7946 0958", "GB", "no country calling code"},
		{"2065550119", "", "no country calling code"},
		{"+999 123", "US", "known country calling code"},
		{"+44 123", "GB", "has 3 digits after the country code +44"},
		{"+44 1234 5678 9012 345", "GB", "digits after the country code"},
		{"+1 206 555 011", "US", "must have 10 digits"},
		{"206 555 011", "US", "must have 10 digits"},
		{"+1 106 555 0119", "US", "cannot start with 0 or 1"},
		{"1-800-FLOWERS", "US", "letters"},
		{"+44 20 7946 0958 ext 12", "GB", "letters"},
		{"+44 20 7946 0958#12", "GB", "contains '#'"},
		{"++44 20 7946 0958", "GB", "contains '+'"},
		{"", "US", "is required"},
	}
	for _, c := range cases {
		got, err := NormalizePhone(c.raw, c.country)
		fe, ok := validate.As(err)
		if !ok {
			t.Errorf("NormalizePhone(%q, %q) = %q, %v; want a FieldError", c.raw, c.country, got, err)
			continue
		}
		if fe.Field != "phone" || !strings.Contains(fe.Message, c.says) {
			t.Errorf("NormalizePhone(%q, %q): %q, want field phone saying %q",
				c.raw, c.country, fe.Error(), c.says)
		}
	}
}
