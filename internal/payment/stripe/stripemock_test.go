package stripegw

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"testing"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
)

// stripeMockEnv names the variable holding a running stripe-mock's URL,
// e.g. http://127.0.0.1:12111 (see tools/stripe-mock.mod).
const stripeMockEnv = "PROECOMMERCE_TEST_STRIPE_MOCK"

// statusRecorder notes the status of every answer.
type statusRecorder struct {
	mu    sync.Mutex
	next  http.RoundTripper
	calls []string
	bad   []string
}

func (s *statusRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := s.next.RoundTrip(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	line := r.Method + " " + r.URL.Path
	s.calls = append(s.calls, line)
	if err == nil && res.StatusCode >= 400 {
		s.bad = append(s.bad, line+": "+res.Status)
	}
	return res, err
}

// TestRequestShapesAgainstStripeMock sends every request the gateway makes
// to stripe-mock, which validates them against Stripe's OpenAPI spec.
// stripe-mock keeps no state and answers fixtures (status
// requires_payment_method), so only the request shapes are checked here;
// the flows are tested against fakeStripe.
func TestRequestShapesAgainstStripeMock(t *testing.T) {
	base := os.Getenv(stripeMockEnv)
	if base == "" {
		t.Skipf("%s is not set; start stripe-mock (go tool -modfile=tools/stripe-mock.mod stripe-mock "+
			"-http-addr 127.0.0.1:12111) and set it to http://127.0.0.1:12111", stripeMockEnv)
	}
	rec := &statusRecorder{next: http.DefaultTransport}
	gw, err := New(Config{SecretKey: "sk_test_123", APIURL: base, MaxNetworkRetries: -1,
		HTTPClient: &http.Client{Transport: rec}, Logger: slog.New(slog.NewTextHandler(t.Output(), nil))})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx := context.Background()

	_, err = gw.Authorize(ctx, checkoutRequest("mock:authorize"))
	acceptFixture(t, "Authorize", err)
	_, err = gw.Capture(ctx, "pi_mock", usd(900), "mock:capture")
	acceptFixture(t, "Capture", err)
	_, err = gw.Void(ctx, "pi_mock", "mock:void")
	acceptFixture(t, "Void", err)
	_, err = gw.Refund(ctx, "pi_mock", usd(400), "mock:refund")
	acceptFixture(t, "Refund", err)
	_, err = gw.Get(ctx, "pi_mock")
	acceptFixture(t, "Get", err)
	_, err = gw.ChargeSaved(ctx, payment.ChargeRequest{Amount: money.New(80, "JPY"), IdempotencyKey: "mock:renew",
		Customer: "cus_mock", PaymentMethod: pmVisa, Metadata: map[string]string{"invoice_id": "1"}})
	acceptFixture(t, "ChargeSaved", err)
	_, err = gw.ChargeSaved(ctx, payment.ChargeRequest{Amount: usd(1440), IdempotencyKey: "mock:renew-on-session",
		Customer: "cus_mock", PaymentMethod: pmVisa, OnSession: true, Metadata: map[string]string{"invoice_id": "1"}})
	acceptFixture(t, "ChargeSaved on session", err)

	if len(rec.bad) > 0 {
		t.Errorf("stripe-mock refused requests: %v", rec.bad)
	}
	if len(rec.calls) != 9 {
		t.Errorf("calls = %v, want 9 (customer, 3 creates, capture, cancel, refund, 2 retrieves)", rec.calls)
	}
}

// acceptFixture fails on any error but the decline a fixture's
// requires_payment_method status reads as.
func acceptFixture(t *testing.T, op string, err error) {
	t.Helper()
	var di *DeclinedIntentError
	if err != nil && !errors.As(err, &di) {
		t.Errorf("%s: %v", op, err)
	}
}
