package e2e

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/clock"
	pmoney "github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment/stripe/stripefake"
	"github.com/proecommerce/domains/internal/store"
)

// TestStripeWebhookRepeatedEventCreditsOnce: the order's capture happens
// at Stripe without the product hearing the answer, so only the webhook
// tells it. evt_1 (payment_intent.succeeded, 1500 USD cents) fails to
// apply the first time (Stripe cannot be read back: 500, Stripe delivers
// again), is applied the second time, and a third delivery (the retry
// after a delivery whose answer timed out once committed) is a 2xx that
// neither reads Stripe again nor credits again. A different event for the
// same PaymentIntent, older and out of order, changes nothing more.
func TestStripeWebhookRepeatedEventCreditsOnce(t *testing.T) {
	fake := stripefake.New(t)
	h := apptest.Start(t, apptest.Options{Env: stripeEnv(stripefake.SecretKey, fake.URL())})
	priceComAt15(t, h)
	c := signUp(t, h, "ada@example.com")

	// A slow- name stays registering, so the saga neither captures nor voids.
	var o order
	st := c.Do("POST", "/api/v1/orders", stripeOrder(stripefake.PMVisa, "slow-webhook.com"), &o)
	if st != 201 || o.Payment.Authorized != (money{1500, "USD"}) {
		t.Fatalf("order: %d %+v, want 15.00 USD authorised", st, o)
	}
	pi := fake.Intents()[0].ID
	older, err := fake.EventJSON("evt_2", "payment_intent.amount_capturable_updated", pi)
	if err != nil {
		t.Fatal(err)
	}
	if err := fake.CaptureOutside(pi, 1500); err != nil {
		t.Fatal(err)
	}
	evt1, err := fake.EventJSON("evt_1", "payment_intent.succeeded", pi)
	if err != nil {
		t.Fatal(err)
	}
	deliver := func(body []byte) int {
		return postWebhook(t, h, body, stripefake.SignatureHeader(stripeWebhookSecret, body, time.Now()))
	}
	reads := func() int { return len(fake.Calls("GET", "/v1/payment_intents/"+pi)) }

	for range 4 {
		fake.InjectFault("/v1/payment_intents/"+pi, stripefake.Fault{Status: 500, Type: "api_error"})
	}
	if st := deliver(evt1); st != http.StatusInternalServerError {
		t.Fatalf("first delivery, Stripe unreadable: %d, want 500 so that Stripe delivers again", st)
	}
	fake.ClearFaults()
	wantPayment(t, c, o.ID, "authorized", 0)

	if st := deliver(evt1); st != http.StatusOK {
		t.Fatalf("second delivery: %d, want 200", st)
	}
	wantPayment(t, c, o.ID, "captured", 1500)

	before := reads()
	if st := deliver(evt1); st != http.StatusOK {
		t.Fatalf("repeated delivery: %d, want 200", st)
	}
	if reads() != before {
		t.Error("a repeated event id read the PaymentIntent again")
	}
	if st := deliver(older); st != http.StatusOK {
		t.Fatalf("other event: %d, want 200", st)
	}
	wantPayment(t, c, o.ID, "captured", 1500)

	var n int
	if err := h.App.DB.QueryRow(context.Background(),
		`SELECT count(*) FROM webhook_events WHERE provider = ?`, "stripe").Scan(&n); err != nil || n != 2 {
		t.Errorf("webhook events kept: %d (%v), want evt_1 and evt_2 once each", n, err)
	}
}

// priceComAt15 sets the .com markup to 25 %: 12.00 USD becomes 15.00.
func priceComAt15(t *testing.T, h *apptest.Harness) {
	t.Helper()
	ctx := context.Background()
	tt, err := h.App.Store.TenantTLD(ctx, h.Tenant.ID, "com")
	if err != nil {
		t.Fatal(err)
	}
	tt.Markup = &store.Markup{Percent: "25", Fixed: pmoney.Zero("USD")}
	if err := h.App.Store.UpdateTenantTLD(ctx, tt); err != nil {
		t.Fatal(err)
	}
}

func wantPayment(t *testing.T, c *apptest.Client, orderID, status string, captured int64) {
	t.Helper()
	var o order
	c.Do("GET", "/api/v1/orders/"+orderID, nil, &o)
	if o.Payment.Status != status || o.Payment.Captured.Amount != captured {
		t.Errorf("payment %+v, want %s with %d captured", o.Payment, status, captured)
	}
	if captured > 0 && pmoney.New(o.Payment.Captured.Amount, o.Payment.Captured.Currency).String() != "15.00 USD" {
		t.Errorf("captured reads %+v, want 15.00 USD", o.Payment.Captured)
	}
}

// TestStripeWebhookTimedOutDeliveryIsAppliedOnRetry: Stripe gives up on a
// delivery while the product is reading the PaymentIntent back (the
// request's context ends). The event must not stay recorded as handled,
// or Stripe's next delivery would be taken for a duplicate and the
// capture never credited.
func TestStripeWebhookTimedOutDeliveryIsAppliedOnRetry(t *testing.T) {
	fake := stripefake.New(t)
	stall := &stallingProxy{target: fake.URL()}
	proxy := httptest.NewServer(stall)
	t.Cleanup(proxy.Close)
	h := apptest.Start(t, apptest.Options{Env: stripeEnv(stripefake.SecretKey, proxy.URL)})
	priceComAt15(t, h)
	c := signUp(t, h, "ada@example.com")

	var o order
	if st := c.Do("POST", "/api/v1/orders", stripeOrder(stripefake.PMVisa, "slow-timeout.com"), &o); st != 201 {
		t.Fatalf("order: %d %+v", st, o)
	}
	pi := fake.Intents()[0].ID
	if err := fake.CaptureOutside(pi, 1500); err != nil {
		t.Fatal(err)
	}
	evt1, err := fake.EventJSON("evt_1", "payment_intent.succeeded", pi)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	stall.arm("/v1/payment_intents/"+pi, cancel)
	req, err := http.NewRequestWithContext(ctx, "POST", h.URL+"/webhooks/stripe", bytes.NewReader(evt1))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Stripe-Signature", stripefake.SignatureHeader(stripeWebhookSecret, evt1, time.Now()))
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the timed-out delivery got an answer: %d", resp.StatusCode)
	}
	stall.wait(t)

	sig := stripefake.SignatureHeader(stripeWebhookSecret, evt1, time.Now())
	if st := postWebhook(t, h, evt1, sig); st != http.StatusOK {
		t.Fatalf("delivery after the timeout: %d, want 200", st)
	}
	wantPayment(t, c, o.ID, "captured", 1500)
}

// stallingProxy forwards to the Stripe fake. Once armed, the first GET of
// path ends the webhook delivery (cancel) and holds the product's request
// until the product gives it up, as a slow Stripe during a delivery that
// times out would.
type stallingProxy struct {
	target string
	mu     sync.Mutex
	path   string
	cancel context.CancelFunc
	done   chan struct{}
}

func (p *stallingProxy) arm(path string, cancel context.CancelFunc) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.path, p.cancel, p.done = path, cancel, make(chan struct{})
}

// wait returns once the stalled request was given up.
func (p *stallingProxy) wait(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	done := p.done
	p.mu.Unlock()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the product never read the PaymentIntent during the delivery")
	}
}

func (p *stallingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	stall := p.cancel != nil && r.Method == "GET" && r.URL.Path == p.path
	var cancel context.CancelFunc
	var done chan struct{}
	if stall {
		cancel, done, p.cancel = p.cancel, p.done, nil
	}
	p.mu.Unlock()
	if stall {
		defer close(done)
		cancel()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		http.Error(w, "stalled", http.StatusGatewayTimeout)
		return
	}
	u, _ := url.Parse(p.target)
	httputil.NewSingleHostReverseProxy(u).ServeHTTP(w, r)
}

// TestStripeWebhookLapsedHoldIsNeverPaid: the card hold lapses at Stripe
// while the registration is still running. payment_intent.canceled moves
// the payment to expired (not paid); when the domain is then delivered,
// nothing is captured, the order says why and an open invoice asks the
// client to pay again.
func TestStripeWebhookLapsedHoldIsNeverPaid(t *testing.T) {
	stripeClock := clock.NewFake(time.Now())
	fake := stripefake.NewWithClock(t, stripeClock)
	h := apptest.Start(t, apptest.Options{Env: stripeEnv(stripefake.SecretKey, fake.URL())})
	c := signUp(t, h, "ada@example.com")

	var o order
	if st := c.Do("POST", "/api/v1/orders", stripeOrder(stripefake.PMVisa, "slow-lapse.com"), &o); st != 201 {
		t.Fatalf("order: %d %+v", st, o)
	}
	pi := fake.Intents()[0].ID
	stripeClock.Advance(8 * 24 * time.Hour) // past capture_before at Stripe

	body, err := fake.EventJSON("evt_lapse", "payment_intent.canceled", pi)
	if err != nil {
		t.Fatal(err)
	}
	if st := postWebhook(t, h, body, stripefake.SignatureHeader(stripeWebhookSecret, body, time.Now())); st != http.StatusOK {
		t.Fatalf("webhook: %d", st)
	}
	c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
	if o.Payment.Status != "expired" || o.Payment.Captured.Amount != 0 {
		t.Fatalf("payment %+v, want expired with nothing captured", o.Payment)
	}

	h.Eventually(20*time.Second, "the registration to start", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Items[0].State == "registering"
	})
	if _, err := h.App.Providers.SandboxRegistrar.Complete(context.Background(), "slow-lapse.com", false); err != nil {
		t.Fatal(err)
	}
	h.Eventually(20*time.Second, "the order to settle", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open"
	})
	var why struct {
		Error string `json:"error"`
	}
	c.Do("GET", "/api/v1/orders/"+o.ID, nil, &why)
	if o.Payment.Status != "expired" || o.Payment.Captured.Amount != 0 || !strings.Contains(why.Error, "expired") {
		t.Errorf("settled order %s (error %q), payment %+v: want nothing captured and the reason shown",
			o.Status, why.Error, o.Payment)
	}
	if n := fake.Applied("capture"); n != 0 {
		t.Errorf("%d captures at Stripe after the hold lapsed", n)
	}
	var list struct {
		Invoices []struct {
			Status string `json:"status"`
			Lines  []struct {
				Domain string `json:"domain"`
			} `json:"lines"`
		} `json:"invoices"`
	}
	c.Do("GET", "/api/v1/invoices?status=open", nil, &list)
	if len(list.Invoices) != 1 || list.Invoices[0].Lines[0].Domain != "slow-lapse.com" {
		t.Errorf("open invoices %+v, want one asking to pay for slow-lapse.com", list)
	}
}
