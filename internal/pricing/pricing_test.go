package pricing

import (
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/money"
)

// whmcsRates are the rates of the sample WHMCS export (base USD).
var whmcsRates = Rates{"USD": "1.00000", "EUR": "0.86000", "GBP": "0.76000", "JPY": "155.00000"}

func usd(cents int64) money.Money { return money.New(cents, "USD") }

func TestYearPrice(t *testing.T) {
	cases := []struct {
		name   string
		cost   money.Money
		markup Markup
		target string
		round  bool
		want   money.Money
	}{
		{"2.5 percent exact", usd(800), Markup{Percent: "2.5"}, "USD", false, usd(820)},
		{"20 percent", usd(1200), Markup{Percent: "20"}, "USD", false, usd(1440)},
		{"rounded up", usd(999), Markup{Percent: "20"}, "USD", false, usd(1199)},
		{"no markup", usd(999), Markup{}, "USD", false, usd(999)},
		{"fixed added", usd(800), Markup{Percent: "20", Fixed: usd(100)}, "USD", false, usd(1060)},
		{"fixed only", usd(800), Markup{Fixed: usd(150)}, "USD", false, usd(950)},
		{"tiny percent", usd(1), Markup{Percent: "0.0001"}, "USD", false, usd(2)},
		// 8.88 USD = 7.6368 EUR, rounded up to 7.64, × 1.2 = 9.168 → 9.17.
		{"to EUR", usd(888), Markup{Percent: "20"}, "EUR", false, money.New(917, "EUR")},
		// 10.00 EUR / 0.86 = 11.6279... USD → 11.63.
		{"from EUR", money.New(1000, "EUR"), Markup{}, "USD", false, usd(1163)},
		// 1.00 EUR fixed = 1.1627... USD → 1.17; 8.00 × 1.2 + 1.17 = 10.77.
		{"fixed converted", usd(800), Markup{Percent: "20", Fixed: money.New(100, "EUR")},
			"USD", false, usd(1077)},
		// 8.00 USD × 155 = 1240 JPY × 1.2 = 1488.
		{"to JPY", usd(800), Markup{Percent: "20"}, "JPY", false, money.New(1488, "JPY")},
		// 9.99 USD × 155 = 1548.45 → 1549 JPY × 1.2 = 1858.8 → 1859.
		{"to JPY rounded", usd(999), Markup{Percent: "20"}, "JPY", false, money.New(1859, "JPY")},
		{"to JPY .99", usd(800), Markup{Percent: "20"}, "JPY", true, money.New(1499, "JPY")},
		// 2000 JPY / 155 = 12.903... → 12.91 USD.
		{"from JPY", money.New(2000, "JPY"), Markup{}, "USD", false, usd(1291)},
		{"round to .99", usd(683), Markup{Percent: "20"}, "USD", true, usd(899)},
		{"already .99", usd(749), Markup{Percent: "20"}, "USD", true, usd(899)},
		{"lowercase target", usd(800), Markup{Percent: "20"}, "eur", false, money.New(826, "EUR")},
	}
	for _, c := range cases {
		got, err := YearPrice(c.cost, c.markup, c.target, whmcsRates, c.round)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s: got %s (%d), want %s", c.name, got, got.Amount, c.want)
		}
	}
}

func TestYearPriceErrors(t *testing.T) {
	cases := []struct {
		name   string
		cost   money.Money
		markup Markup
		target string
		rates  Rates
		want   string
	}{
		{"missing target rate", usd(800), Markup{}, "CHF", whmcsRates, "no exchange rate for CHF"},
		{"missing cost rate", money.New(800, "SEK"), Markup{}, "USD", whmcsRates,
			"no exchange rate for SEK"},
		{"nil rates", usd(800), Markup{}, "EUR", nil, "no exchange rate for USD"},
		{"zero rate", usd(800), Markup{}, "EUR", Rates{"USD": "1", "EUR": "0"}, "above zero"},
		{"bad rate", usd(800), Markup{}, "EUR", Rates{"USD": "1", "EUR": "0,86"},
			"not a plain decimal"},
		{"bad percent", usd(800), Markup{Percent: "20%"}, "USD", whmcsRates,
			"not a plain decimal"},
		{"fixed without currency", usd(800), Markup{Fixed: money.Money{Amount: 100}}, "USD",
			whmcsRates, "no currency"},
		{"fixed without rate", usd(800), Markup{Fixed: money.New(100, "CHF")}, "USD",
			whmcsRates, "no exchange rate for CHF"},
		{"negative cost", usd(-1), Markup{}, "USD", whmcsRates, "negative cost"},
		{"bad target", usd(800), Markup{}, "dollars", whmcsRates, "not a currency code"},
	}
	for _, c := range cases {
		got, err := YearPrice(c.cost, c.markup, c.target, c.rates, false)
		if err == nil {
			t.Errorf("%s: got %s, want an error", c.name, got)
			continue
		}
		if !strings.HasPrefix(err.Error(), "pricing: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q, want it to say %q", c.name, err, c.want)
		}
	}
}

func TestRoundTo99(t *testing.T) {
	cases := []struct{ in, want money.Money }{
		{usd(820), usd(899)},
		{usd(899), usd(899)},
		{usd(900), usd(999)},
		{usd(1), usd(99)},
		{usd(0), usd(0)},
		{money.New(8200, "KWD"), money.New(8990, "KWD")},
		{money.New(8995, "KWD"), money.New(9990, "KWD")},
		{money.New(1234, "JPY"), money.New(1299, "JPY")},
		{money.New(1299, "JPY"), money.New(1299, "JPY")},
		{money.New(1300, "JPY"), money.New(1399, "JPY")},
	}
	for _, c := range cases {
		if got := RoundTo99(c.in); got != c.want {
			t.Errorf("RoundTo99(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestTotal(t *testing.T) {
	if got := Total(usd(1199), 3); got != usd(3597) {
		t.Errorf("Total = %s, want 35.97 USD", got)
	}
	if got := Total(money.New(1499, "JPY"), 10); got != money.New(14990, "JPY") {
		t.Errorf("Total = %s, want 14990 JPY", got)
	}
}

func TestParsePercent(t *testing.T) {
	good := map[string]string{
		"20": "20", "2.5": "5/2", "0": "0", "1000": "1000", "0.0125": "1/80",
		" 20 ": "20", "1000.0000": "1000",
	}
	for in, want := range good {
		p, err := ParsePercent(in)
		if err != nil {
			t.Errorf("ParsePercent(%q): %v", in, err)
			continue
		}
		if p.RatString() != want {
			t.Errorf("ParsePercent(%q) = %s, want %s", in, p.RatString(), want)
		}
	}

	bad := map[string]string{
		"":        "empty",
		"-5":      "negative",
		"abc":     "not a plain decimal",
		"1e2":     "not a plain decimal",
		"1/2":     "not a plain decimal",
		".5":      "not a plain decimal",
		"5.":      "not a plain decimal",
		"+5":      "not a plain decimal",
		"20%":     "not a plain decimal",
		"1000.01": "above 1000",
		"2.12345": "more than 4 decimals",
	}
	for in, want := range bad {
		_, err := ParsePercent(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParsePercent(%q) error %v, want it to say %q", in, err, want)
		}
	}
}
