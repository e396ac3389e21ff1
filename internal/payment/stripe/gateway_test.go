package stripegw

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
)

var testNow = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)

// setup returns a fake Stripe and a gateway pointed at it, with retries
// off unless retries > 0 (and then without back-off sleeps).
func setup(t *testing.T, retries int) (*fakeStripe, *Gateway, *clock.Fake) {
	t.Helper()
	clk := clock.NewFake(testNow)
	f := newFakeStripe(t, clk)
	if retries == 0 {
		retries = -1
	}
	gw, err := New(Config{
		SecretKey:         fakeSecretKey,
		PublishableKey:    "pk_test_fake",
		WebhookSecret:     "whsec_test",
		APIURL:            f.URL(),
		MaxNetworkRetries: retries,
		Logger:            slog.New(slog.NewTextHandler(t.Output(), nil)),
		Clock:             clk,
		retrySleepOff:     true,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return f, gw, clk
}

func usd(n int64) money.Money { return money.New(n, "USD") }

func checkoutRequest(key string) payment.AuthorizeRequest {
	return payment.AuthorizeRequest{
		Amount:          usd(1500),
		IdempotencyKey:  key,
		PaymentMethod:   pmVisa,
		Email:           "client@example.com",
		Description:     "Order 7",
		SaveForRenewals: true,
		ReturnURL:       "https://shop.example.com/orders/7/return",
		Metadata:        map[string]string{"order_id": "7"},
	}
}

// form checks the fields a request carried.
func wantForm(t *testing.T, c fakeCall, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got := c.Form.Get(k); got != v {
			t.Errorf("%s %s: form %s = %q, want %q", c.Method, c.Path, k, got, v)
		}
	}
}

func wantMoney(t *testing.T, what string, got, want money.Money) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

func TestAuthorizeSendsManualCaptureAndSavesCard(t *testing.T) {
	f, gw, _ := setup(t, 0)

	a, err := gw.Authorize(context.Background(), checkoutRequest("item_7:authorize"))
	if err != nil {
		t.Fatalf("Authorize: %v", err)
	}

	cus := f.Calls(http.MethodPost, "/v1/customers")
	if len(cus) != 1 || cus[0].Key != "item_7:authorize:customer" {
		t.Fatalf("customer calls = %+v, want one with key item_7:authorize:customer", cus)
	}
	wantForm(t, cus[0], map[string]string{"email": "client@example.com", "metadata[order_id]": "7"})

	calls := f.Calls(http.MethodPost, "/v1/payment_intents")
	if len(calls) != 1 || calls[0].Key != "item_7:authorize" {
		t.Fatalf("payment intent calls = %+v, want one with key item_7:authorize", calls)
	}
	wantForm(t, calls[0], map[string]string{
		"amount": "1500", "currency": "usd", "capture_method": "manual", "confirm": "true",
		"payment_method": pmVisa, "setup_future_usage": "off_session", "customer": "cus_1",
		"return_url": "https://shop.example.com/orders/7/return", "metadata[order_id]": "7",
		"description": "Order 7", "payment_method_types[0]": "card", "expand[0]": "latest_charge",
		"off_session": "",
	})

	if a.Status != payment.StatusAuthorized || a.ID == "" {
		t.Errorf("status = %q id %q, want authorized", a.Status, a.ID)
	}
	wantMoney(t, "authorized", a.Authorized, usd(1500))
	wantMoney(t, "captured", a.Captured, usd(0))
	if a.Customer != "cus_1" || a.PaymentMethod != pmVisa || a.ClientSecret != "" {
		t.Errorf("customer %q method %q secret %q", a.Customer, a.PaymentMethod, a.ClientSecret)
	}
}

func TestAuthorizeReusesGivenCustomer(t *testing.T) {
	f, gw, _ := setup(t, 0)
	req := checkoutRequest("item_8:authorize")
	req.Customer = "cus_saved"

	if _, err := gw.Authorize(context.Background(), req); err != nil {
		t.Fatalf("Authorize: %v", err)
	}

	if n := len(f.Calls(http.MethodPost, "/v1/customers")); n != 0 {
		t.Errorf("%d customer creations, want none", n)
	}
	wantForm(t, f.Calls(http.MethodPost, "/v1/payment_intents")[0], map[string]string{"customer": "cus_saved"})
}

func TestPartialCaptureThenRefunds(t *testing.T) {
	f, gw, _ := setup(t, 0)
	ctx := context.Background()
	a, err := gw.Authorize(ctx, checkoutRequest("item_1:authorize"))
	if err != nil {
		t.Fatalf("Authorize: %v", err)
	}

	c, err := gw.Capture(ctx, a.ID, usd(900), "order_1:capture")
	if err != nil {
		t.Fatalf("Capture: %v", err)
	}
	call := f.Calls(http.MethodPost, "/v1/payment_intents/"+a.ID+"/capture")[0]
	if call.Key != "order_1:capture" {
		t.Errorf("capture key = %q", call.Key)
	}
	wantForm(t, call, map[string]string{"amount_to_capture": "900", "expand[0]": "latest_charge"})
	if c.Status != payment.StatusPartiallyCaptured {
		t.Errorf("status after capture = %q, want partially_captured", c.Status)
	}
	wantMoney(t, "captured", c.Captured, usd(900))
	wantMoney(t, "refunded after capture", c.Refunded, usd(0))
	wantMoney(t, "authorized", c.Authorized, usd(1500))

	r, err := gw.Refund(ctx, a.ID, usd(400), "item_2:refund")
	if err != nil {
		t.Fatalf("Refund: %v", err)
	}
	wantForm(t, f.Calls(http.MethodPost, "/v1/refunds")[0],
		map[string]string{"payment_intent": a.ID, "amount": "400"})
	if r.Status != payment.StatusPartiallyRefunded {
		t.Errorf("status after refund = %q, want partially_refunded", r.Status)
	}
	wantMoney(t, "refunded", r.Refunded, usd(400))
	wantMoney(t, "captured after refund", r.Captured, usd(900))

	r, err = gw.Refund(ctx, a.ID, usd(500), "item_3:refund")
	if err != nil {
		t.Fatalf("second Refund: %v", err)
	}
	if r.Status != payment.StatusRefunded {
		t.Errorf("status = %q, want refunded", r.Status)
	}
	wantMoney(t, "refunded", r.Refunded, usd(900))

	_, err = gw.Refund(ctx, a.ID, usd(1), "item_4:refund")
	if !errors.Is(err, ErrRequestRejected) {
		t.Errorf("refund beyond captured: err = %v, want ErrRequestRejected", err)
	}
}

func TestFullCaptureIsCaptured(t *testing.T) {
	_, gw, _ := setup(t, 0)
	ctx := context.Background()
	a, _ := gw.Authorize(ctx, checkoutRequest("i:authorize"))

	c, err := gw.Capture(ctx, a.ID, usd(1500), "o:capture")
	if err != nil {
		t.Fatalf("Capture: %v", err)
	}

	if c.Status != payment.StatusCaptured {
		t.Errorf("status = %q, want captured", c.Status)
	}
	wantMoney(t, "captured", c.Captured, usd(1500))
	if !c.ExpiresAt.IsZero() {
		t.Errorf("captured payment has ExpiresAt %v", c.ExpiresAt)
	}

	g, err := gw.Get(ctx, a.ID)
	if err != nil || g.Status != payment.StatusCaptured || g.Captured != usd(1500) {
		t.Errorf("Get = %+v, %v", g, err)
	}
}

func TestVoidThenCaptureIsInvalidState(t *testing.T) {
	f, gw, _ := setup(t, 0)
	ctx := context.Background()
	a, _ := gw.Authorize(ctx, checkoutRequest("i:authorize"))

	v, err := gw.Void(ctx, a.ID, "o:void")
	if err != nil {
		t.Fatalf("Void: %v", err)
	}
	if v.Status != payment.StatusVoided {
		t.Errorf("status = %q, want voided", v.Status)
	}
	wantMoney(t, "refunded after void", v.Refunded, usd(0))
	wantMoney(t, "captured after void", v.Captured, usd(0))
	if c := f.Calls(http.MethodPost, "/v1/payment_intents/"+a.ID+"/cancel"); c[0].Key != "o:void" {
		t.Errorf("cancel key = %q", c[0].Key)
	}

	_, err = gw.Capture(ctx, a.ID, usd(1500), "o:capture")
	if !errors.Is(err, payment.ErrInvalidState) {
		t.Errorf("capture after void: err = %v, want ErrInvalidState", err)
	}
	if f.Applied("capture") != 0 {
		t.Error("a voided intent was captured")
	}
}

func TestDeclines(t *testing.T) {
	tests := []struct {
		pm, code, reason string
	}{
		{pmDeclined, "generic_decline", "Your card was declined."},
		{pmInsufficient, "insufficient_funds", "Your card has insufficient funds."},
	}
	for _, tt := range tests {
		t.Run(tt.pm, func(t *testing.T) {
			_, gw, _ := setup(t, 0)
			req := checkoutRequest("i:authorize")
			req.PaymentMethod = tt.pm

			_, err := gw.Authorize(context.Background(), req)

			d, ok := payment.IsDecline(err)
			if !ok {
				t.Fatalf("err = %v, want a decline", err)
			}
			if d.Code != tt.code || d.Reason != tt.reason {
				t.Errorf("decline = %+v, want %s / %s", d, tt.code, tt.reason)
			}
			var di *DeclinedIntentError
			if !errors.As(err, &di) || di.PaymentIntentID == "" {
				t.Errorf("decline does not carry its PaymentIntent: %v", err)
			}
		})
	}
}

func TestRequiresActionReturnsClientSecret(t *testing.T) {
	_, gw, _ := setup(t, 0)
	req := checkoutRequest("i:authorize")
	req.PaymentMethod = pmAuthRequired

	a, err := gw.Authorize(context.Background(), req)
	if err != nil {
		t.Fatalf("Authorize: %v", err)
	}

	if a.Status != payment.StatusRequiresAction {
		t.Errorf("status = %q, want requires_action", a.Status)
	}
	if !strings.HasPrefix(a.ClientSecret, a.ID+"_secret_") {
		t.Errorf("client secret = %q", a.ClientSecret)
	}
}
