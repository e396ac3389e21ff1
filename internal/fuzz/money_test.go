package fuzz

import (
	"math/big"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/money"
)

// FuzzMoneyParse checks the decimal parser used for prices, markups and
// imported amounts: an amount it accepts is exactly the decimal it read
// (no silent wrap-around), and formatting it reads back to the same value.
func FuzzMoneyParse(f *testing.F) {
	for _, s := range []string{"12.34", "0", "0.00", "-1.50", " 7.1 ", "1.005", "1e3", "1/3", "", "abc",
		"92233720368547758.07", "92233720368547758.08", "-92233720368547758.09", "99999999999999999999",
		"12.340000", "+3", ".5", "5.", "0x10", "1_000", "١٢"} {
		for _, cur := range []string{"USD", "JPY", "KWD"} {
			f.Add(s, cur)
		}
	}
	f.Fuzz(func(t *testing.T, s, currency string) {
		if !money.ValidCurrency(currency) {
			return
		}
		m, err := money.Parse(s, currency)
		if err == nil {
			checkExact(t, s, m)
		}
		up, err := money.ParseRoundUp(s, currency)
		if err != nil {
			return
		}
		in, _ := new(big.Rat).SetString(strings.TrimSpace(s))
		if up.Rat().Cmp(in) < 0 {
			t.Fatalf("ParseRoundUp(%q, %s) = %s, below the input", s, currency, up)
		}
		back, err := money.Parse(up.Decimal(), currency)
		if err != nil || back != up {
			t.Fatalf("%s formats as %q, which reads back as %v, %v", up, up.Decimal(), back, err)
		}
	})
}

// checkExact asserts that m is exactly the decimal s and round-trips.
func checkExact(t *testing.T, s string, m money.Money) {
	t.Helper()
	in, ok := new(big.Rat).SetString(strings.TrimSpace(s))
	if !ok {
		t.Fatalf("Parse accepted %q, which is no decimal", s)
	}
	if m.Rat().Cmp(in) != 0 {
		t.Fatalf("Parse(%q) = %s, not the amount written", s, m)
	}
	back, err := money.Parse(m.Decimal(), m.Currency)
	if err != nil || back != m {
		t.Fatalf("%s formats as %q, which reads back as %v, %v", m, m.Decimal(), back, err)
	}
}
