package stripegw

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/payment"
)

func TestRawCardIsRefusedBeforeAnyCall(t *testing.T) {
	f, gw, _ := setup(t, 0)
	for _, req := range []payment.AuthorizeRequest{
		{Amount: usd(100), IdempotencyKey: "k", Card: "4242424242424242"},
		{Amount: usd(100), IdempotencyKey: "k", Card: "4242424242424242", PaymentMethod: pmVisa},
		{Amount: usd(100), IdempotencyKey: "k", PaymentMethod: "4242 4242 4242 4242"},
	} {
		_, err := gw.Authorize(context.Background(), req)
		if !errors.Is(err, ErrRawCard) {
			t.Errorf("Authorize(%+v) err = %v, want ErrRawCard", req, err)
		}
	}
	if calls := f.AllCalls(); len(calls) != 0 {
		t.Errorf("%d calls reached Stripe", len(calls))
	}
}

func TestRequestsRefusedBeforeAnyCall(t *testing.T) {
	_, gw, _ := setup(t, 0)
	ctx := context.Background()
	long := strings.Repeat("k", 250)

	checks := map[string]error{}
	_, checks["no payment method"] = gw.Authorize(ctx, payment.AuthorizeRequest{Amount: usd(100), IdempotencyKey: "k"})
	_, checks["no key"] = gw.Authorize(ctx, payment.AuthorizeRequest{Amount: usd(100), PaymentMethod: pmVisa})
	_, checks["key too long"] = gw.Authorize(ctx, payment.AuthorizeRequest{Amount: usd(100), IdempotencyKey: long, PaymentMethod: pmVisa})
	_, checks["zero amount"] = gw.Authorize(ctx, payment.AuthorizeRequest{Amount: usd(0), IdempotencyKey: "k", PaymentMethod: pmVisa})
	_, checks["zero capture"] = gw.Capture(ctx, "pi_1", usd(0), "k")
	_, checks["refund without key"] = gw.Refund(ctx, "pi_1", usd(10), "")
	_, checks["charge without customer"] = gw.ChargeSaved(ctx, payment.ChargeRequest{Amount: usd(10), IdempotencyKey: "k", PaymentMethod: pmVisa})

	for name, err := range checks {
		if !errors.Is(err, ErrRequestRejected) {
			t.Errorf("%s: err = %v, want ErrRequestRejected", name, err)
		}
	}
}

func TestProviderErrorsMap(t *testing.T) {
	tests := []struct {
		name  string
		fault fakeFault
		want  error
	}{
		{"500 api_error", fakeFault{Status: 500, Type: "api_error"}, payment.ErrProviderDown},
		{"503 html", fakeFault{Status: 503, RawBody: "<html>unavailable</html>"}, payment.ErrProviderDown},
		{"429 rate limit", fakeFault{Status: 429, Type: "invalid_request_error", Code: "rate_limit"}, payment.ErrProviderDown},
		{"409 key in use", fakeFault{Status: 409, Type: "invalid_request_error", Code: "idempotency_key_in_use"}, payment.ErrProviderDown},
		{"network", fakeFault{DropConn: true}, payment.ErrProviderDown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, gw, _ := setup(t, 0)
			ctx := context.Background()
			a, _ := gw.Authorize(ctx, checkoutRequest("i:authorize"))
			// net/http itself resends a request with an Idempotency-Key
			// once when a reused connection drops, so fail more than once.
			for range 3 {
				f.InjectFault("/v1/payment_intents/"+a.ID+"/capture", tt.fault)
			}

			_, err := gw.Capture(ctx, a.ID, usd(1500), "o:capture")
			f.ClearFaults()

			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if c, err := gw.Capture(ctx, a.ID, usd(1500), "o:capture"); err != nil || c.Status != payment.StatusCaptured {
				t.Errorf("retry after the failure: %+v, %v", c, err)
			}
		})
	}
}

func TestUnknownIntentIsNotFound(t *testing.T) {
	_, gw, _ := setup(t, 0)

	_, err := gw.Get(context.Background(), "pi_missing")

	if !errors.Is(err, payment.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

func TestUnknownPaymentMethodIsRejected(t *testing.T) {
	_, gw, _ := setup(t, 0)
	req := checkoutRequest("i:authorize")
	req.PaymentMethod = "pm_does_not_exist"

	_, err := gw.Authorize(context.Background(), req)

	if !errors.Is(err, ErrRequestRejected) || errors.Is(err, payment.ErrNotFound) {
		t.Errorf("err = %v, want ErrRequestRejected", err)
	}
	if !strings.Contains(err.Error(), "param payment_method") {
		t.Errorf("error does not name the parameter: %v", err)
	}
}

func TestRefusedKeyNeverAppearsInErrorsOrLogs(t *testing.T) {
	f, _, clk := setup(t, 0)
	var logs bytes.Buffer
	gw, err := New(Config{SecretKey: "sk_test_wrong_key_123", APIURL: f.URL(), MaxNetworkRetries: -1,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)), Clock: clk})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	_, err = gw.Authorize(context.Background(), checkoutRequest("i:authorize"))

	if !errors.Is(err, ErrRequestRejected) || !strings.Contains(err.Error(), "STRIPE_SECRET_KEY") {
		t.Errorf("err = %v, want a refused key naming STRIPE_SECRET_KEY", err)
	}
	for _, text := range []string{err.Error(), logs.String()} {
		if strings.Contains(text, "wrong_key") {
			t.Errorf("secret key leaked: %s", text)
		}
	}
}

func TestLogsHoldNoClientSecret(t *testing.T) {
	f, _, clk := setup(t, 0)
	var logs bytes.Buffer
	gw, _ := New(Config{SecretKey: fakeSecretKey, APIURL: f.URL(), MaxNetworkRetries: -1,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), Clock: clk})
	ctx := context.Background()
	req := checkoutRequest("i:authorize")
	req.PaymentMethod = pmAuthRequired

	_, _ = gw.Authorize(ctx, req)
	_, _ = gw.ChargeSaved(ctx, renewal(pmAuthRequired))

	if strings.Contains(logs.String(), "_secret_") || strings.Contains(logs.String(), fakeSecretKey) {
		t.Errorf("logs hold a secret:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "decline_code=authentication_required") {
		t.Errorf("decline not logged:\n%s", logs.String())
	}
	_ = http.MethodPost
}
