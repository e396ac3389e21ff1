package stripegw

import (
	"context"
	"net/http"
	"testing"

	"github.com/proecommerce/domains/internal/money"
)

func TestToStripeAmounts(t *testing.T) {
	tests := []struct {
		in       money.Money
		amount   int64
		currency string
	}{
		{money.New(1234, "USD"), 1234, "usd"},
		{money.New(80, "JPY"), 80, "jpy"},
		{money.New(5, "ISK"), 500, "isk"},
		{money.New(1000, "UGX"), 100000, "ugx"},
		{money.New(1230, "KWD"), 1230, "kwd"},
		{money.New(12300, "MGA"), 123, "mga"},
		{money.New(999, "eur"), 999, "eur"},
	}
	for _, tt := range tests {
		amount, cur, err := toStripe(tt.in)
		if err != nil || amount != tt.amount || cur != tt.currency {
			t.Errorf("toStripe(%s) = %d %q %v, want %d %q", tt.in, amount, cur, err, tt.amount, tt.currency)
		}
		if back := fromStripe(amount, cur); back != money.New(tt.in.Amount, tt.in.Currency) {
			t.Errorf("fromStripe(%d, %s) = %s, want %s", amount, cur, back, tt.in)
		}
	}
}

func TestToStripeRefusesWhatStripeCannotTake(t *testing.T) {
	for _, m := range []money.Money{money.New(1235, "KWD"), money.New(12345, "MGA"), money.New(1, "US")} {
		if a, c, err := toStripe(m); err == nil {
			t.Errorf("toStripe(%s) = %d %s, want an error", m, a, c)
		}
	}
}

func TestAuthorizeSendsZeroDecimalAmountAsIs(t *testing.T) {
	f, gw, _ := setup(t, 0)
	req := checkoutRequest("i:authorize")
	req.Amount = money.New(80, "JPY")

	a, err := gw.Authorize(context.Background(), req)
	if err != nil {
		t.Fatalf("Authorize: %v", err)
	}

	wantForm(t, f.Calls(http.MethodPost, "/v1/payment_intents")[0],
		map[string]string{"amount": "80", "currency": "jpy"})
	wantMoney(t, "authorized", a.Authorized, money.New(80, "JPY"))
}
