package money

import (
	"math"
	"math/big"
	"testing"
)

func TestParseMinorUnits(t *testing.T) {
	cases := []struct {
		in, cur string
		want    int64
	}{
		{"80", "JPY", 80},
		{"15000", "KRW", 15000},
		{"12.34", "USD", 1234},
		{"12.3", "EUR", 1230},
		{"0.00", "USD", 0},
		{"1.234", "KWD", 1234},
		{"1234567.89", "USD", 123456789},
	}
	for _, c := range cases {
		got, err := Parse(c.in, c.cur)
		if err != nil {
			t.Fatalf("Parse(%q, %s): %v", c.in, c.cur, err)
		}
		if got.Amount != c.want || got.Currency != c.cur {
			t.Errorf("Parse(%q, %s) = %+v, want %d", c.in, c.cur, got, c.want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"", "abc", "1e3", "1/3", "12.345"} {
		if _, err := Parse(in, "USD"); err == nil {
			t.Errorf("Parse(%q) succeeded, want error", in)
		}
	}
	if _, err := Parse("80.5", "JPY"); err == nil {
		t.Error("Parse(80.5 JPY) succeeded, want error")
	}
}

func TestParseRoundUp(t *testing.T) {
	got, err := ParseRoundUp("8.001", "USD")
	if err != nil {
		t.Fatal(err)
	}
	if got.Amount != 801 {
		t.Errorf("got %d, want 801", got.Amount)
	}

	// A float64 would turn 0.1+0.2 into 0.30000000000000004; decimals stay exact.
	got, _ = ParseRoundUp("0.30", "USD")
	if got.Amount != 30 {
		t.Errorf("got %d, want 30", got.Amount)
	}
}

func TestFromRatRoundsUp(t *testing.T) {
	// 8.00 * 1.025 = 8.2 exactly.
	r := new(big.Rat).Mul(big.NewRat(800, 100), big.NewRat(1025, 1000))
	if got := FromRat(r, "USD"); got.Amount != 820 {
		t.Errorf("8.00 + 2.5%% = %d, want 820", got.Amount)
	}

	// 9.99 * 1.2 = 11.988 -> 11.99.
	r = new(big.Rat).Mul(big.NewRat(999, 100), big.NewRat(12, 10))
	if got := FromRat(r, "USD"); got.Amount != 1199 {
		t.Errorf("got %d, want 1199", got.Amount)
	}
}

func TestDecimalAndArithmetic(t *testing.T) {
	if s := New(1234, "USD").Decimal(); s != "12.34" {
		t.Errorf("Decimal = %q", s)
	}
	if s := New(5, "USD").Decimal(); s != "0.05" {
		t.Errorf("Decimal = %q", s)
	}
	if s := New(80, "JPY").String(); s != "80 JPY" {
		t.Errorf("String = %q", s)
	}
	if _, err := New(1, "USD").Add(New(1, "EUR")); err == nil {
		t.Error("Add across currencies succeeded")
	}
	sum, _ := New(100, "USD").Add(New(250, "USD"))
	if sum.Amount != 350 {
		t.Errorf("sum = %d", sum.Amount)
	}
	if New(820, "USD").Times(3).Amount != 2460 {
		t.Error("Times")
	}
}

func TestParseRefusesAmountsBeyondRange(t *testing.T) {
	for _, s := range []string{"99999999999999999999", "92233720368547758.08", "-92233720368547758.08"} {
		if m, err := Parse(s, "USD"); err == nil {
			t.Errorf("Parse(%q) = %s, want an error", s, m)
		}
		if m, err := ParseRoundUp(s, "USD"); err == nil {
			t.Errorf("ParseRoundUp(%q) = %s, want an error", s, m)
		}
	}
	if m, err := Parse("92233720368547758.07", "USD"); err != nil || m.Amount != math.MaxInt64 {
		t.Errorf("the largest amount: %v, %v", m, err)
	}
}
