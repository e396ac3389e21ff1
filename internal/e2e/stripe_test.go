package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/payment/stripe/stripefake"
)

// stripeWebhookSecret signs the webhooks the tests deliver.
const stripeWebhookSecret = "whsec_e2e_test_secret"

// stripeMockEnv names a running stripe-mock's URL; when unset the test
// builds and starts one (tools/stripe-mock.mod).
const stripeMockEnv = "PROECOMMERCE_TEST_STRIPE_MOCK"

// stripeEnv is the product's configuration for Stripe at apiURL.
func stripeEnv(secretKey, apiURL string) map[string]string {
	return map[string]string{
		"PROECOMMERCE_PAYMENTS":       "stripe",
		"STRIPE_SECRET_KEY":           secretKey,
		"STRIPE_WEBHOOK_SECRET":       stripeWebhookSecret,
		"PROECOMMERCE_STRIPE_API_URL": apiURL,
	}
}

// stripeOrder is the skeleton's two-item order paid with payment method pm.
func stripeOrder(pm string, domains ...string) map[string]any {
	items := []map[string]any{}
	for _, d := range domains {
		items = append(items, map[string]any{"type": "register", "domain": d, "years": 1})
	}
	return map[string]any{"items": items, "contact": contact(),
		"payment": map[string]string{"payment_method": pm}}
}

func TestStripeOrderFlowAgainstFake(t *testing.T) {
	for _, target := range apptest.Targets(t) {
		t.Run(target.Name, func(t *testing.T) {
			fake := stripefake.New(t)
			h := apptest.Start(t, apptest.Options{DatabaseURL: target.URL,
				Env: stripeEnv(stripefake.SecretKey, fake.URL())})
			c := signUp(t, h, "ada@example.com")

			var o order
			st := c.Do("POST", "/api/v1/orders", stripeOrder(stripefake.PMVisa, "good-name.com", "fail-name.com"), &o)
			if st != 201 || o.Payment.Status != "authorized" || o.Payment.Authorized != (money{2880, "USD"}) {
				t.Fatalf("order: %d %+v", st, o)
			}
			h.Eventually(20*time.Second, "the order to settle", func() bool {
				c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
				return o.Status != "open"
			})
			checkSettled(t, h, o)
			pi := checkStripeCapture(t, fake)

			checkStripeRefusals(t, c)
			checkStripeWebhook(t, h, c, fake, o.ID, pi)
		})
	}
}

// checkStripeCapture finds the order's PaymentIntent at Stripe: exactly
// the completed item captured, the rest released.
func checkStripeCapture(t *testing.T, fake *stripefake.Fake) string {
	t.Helper()
	in := fake.Intents()
	if len(in) != 1 {
		t.Fatalf("PaymentIntents at Stripe: %+v, want one", in)
	}
	pi := in[0]
	if pi.Amount != 2880 || pi.Currency != "usd" || pi.Status != "succeeded" || pi.Received != 1440 ||
		pi.Capturable != 0 || pi.PaymentMethod != stripefake.PMVisa || pi.Customer == "" {
		t.Errorf("PaymentIntent %+v: want 2880 usd authorised, 1440 captured, the rest released", pi)
	}
	if n := fake.Applied("capture"); n != 1 {
		t.Errorf("captures at Stripe = %d, want 1", n)
	}
	if n := fake.Applied("cancel") + fake.Applied("refund"); n != 0 {
		t.Errorf("cancels+refunds at Stripe = %d, want 0", n)
	}
	return pi.ID
}

// checkStripeRefusals sends a raw card number (refused before Stripe) and
// a declined payment method.
func checkStripeRefusals(t *testing.T, c *apptest.Client) {
	t.Helper()
	var e apiError
	body := stripeOrder("", "card-name.com")
	body["payment"] = map[string]string{"card": "4242424242424242"}
	if st := c.Do("POST", "/api/v1/orders", body, &e); st != 400 || e.Error.Field != "payment.card" {
		t.Errorf("raw card: %d %+v, want 400 on payment.card", st, e)
	}

	e = apiError{}
	st := c.Do("POST", "/api/v1/orders", stripeOrder(stripefake.PMDeclined, "declined-name.com"), &e)
	if st != 402 || e.Error.Code != "payment_declined" || e.Error.OrderID == "" {
		t.Fatalf("declined order: %d %+v", st, e)
	}
	var o order
	c.Do("GET", "/api/v1/orders/"+e.Error.OrderID, nil, &o)
	if o.Status != "failed" || len(o.Items) != 1 || o.Items[0].State != "cancelled" {
		t.Errorf("declined order %+v", o)
	}
}

// checkStripeWebhook refunds part of the payment in "the Dashboard", tells
// the product with a signed charge.refunded event, delivers it again after
// Stripe moved on (a replay must change nothing) and sends a forged one.
func checkStripeWebhook(t *testing.T, h *apptest.Harness, c *apptest.Client, fake *stripefake.Fake, orderID, pi string) {
	t.Helper()
	if err := fake.RefundOutside(pi, 400); err != nil {
		t.Fatal(err)
	}
	body, err := fake.EventJSON("evt_e2e_refund", "charge.refunded", pi)
	if err != nil {
		t.Fatal(err)
	}
	sig := stripefake.SignatureHeader(stripeWebhookSecret, body, time.Now())
	if st := postWebhook(t, h, body, sig); st/100 != 2 {
		t.Fatalf("webhook: %d, want 2xx", st)
	}
	wantRefunded(t, c, orderID, "partially_refunded", 400)

	if err := fake.RefundOutside(pi, 300); err != nil {
		t.Fatal(err)
	}
	if st := postWebhook(t, h, body, sig); st/100 != 2 {
		t.Fatalf("repeated webhook: %d, want 2xx", st)
	}
	wantRefunded(t, c, orderID, "partially_refunded", 400)

	forged := stripefake.SignatureHeader("whsec_not_ours", body, time.Now())
	if st := postWebhook(t, h, body, forged); st != 400 {
		t.Errorf("forged webhook: %d, want 400", st)
	}
	stale := stripefake.SignatureHeader(stripeWebhookSecret, body, time.Now().Add(-time.Hour))
	if st := postWebhook(t, h, body, stale); st != 400 {
		t.Errorf("stale webhook: %d, want 400", st)
	}
	wantRefunded(t, c, orderID, "partially_refunded", 400)
}

func wantRefunded(t *testing.T, c *apptest.Client, orderID, status string, refunded int64) {
	t.Helper()
	var o order
	c.Do("GET", "/api/v1/orders/"+orderID, nil, &o)
	if o.Payment.Status != status || o.Payment.Refunded != (money{refunded, "USD"}) ||
		o.Payment.Captured != (money{1440, "USD"}) {
		t.Errorf("payment %+v, want %s with %d refunded", o.Payment, status, refunded)
	}
}

// postWebhook delivers an event as Stripe does: no session, no token.
func postWebhook(t *testing.T, h *apptest.Harness, body []byte, sig string) int {
	t.Helper()
	req, err := http.NewRequest("POST", h.URL+"/webhooks/stripe", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Stripe-Signature", sig)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestStripeOrderFlowAgainstStripeMock runs the same order through
// stripe-mock, which checks every request against Stripe's OpenAPI spec.
// stripe-mock keeps no state and answers fixtures, so a proxy in front of
// it moves the PaymentIntent's status along (see stripeShim) to let the
// saga go on to capture and release; only the request shapes are asserted:
// every call accepted, the order in a terminal state, no provider_error.
func TestStripeOrderFlowAgainstStripeMock(t *testing.T) {
	shim := &stripeShim{state: map[string]shimIntent{}}
	proxy := httptest.NewServer(shim.proxy(t, stripeMockURL(t)))
	t.Cleanup(proxy.Close)

	h := apptest.Start(t, apptest.Options{Env: stripeEnv("sk_test_123", proxy.URL)})
	c := signUp(t, h, "ada@example.com")

	var o order
	st := c.Do("POST", "/api/v1/orders", stripeOrder(stripefake.PMVisa, "good-name.com", "fail-name.com"), &o)
	if st != 201 || o.ID == "" {
		t.Fatalf("order against stripe-mock: %d %+v", st, o)
	}

	h.Eventually(20*time.Second, "the order to reach a terminal state", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open"
	})
	if o.Status != "partially_completed" || o.Payment.Status != "partially_captured" {
		t.Errorf("order %s, payment %+v; want partially_completed and partially_captured", o.Status, o.Payment)
	}
	for _, it := range o.Items {
		if it.State != "completed" && it.State != "failed" {
			t.Errorf("item %s ended %s", it.Domain, it.State)
		}
		if it.Error != "" && !bytes.Contains([]byte(it.Error), []byte("refused")) {
			t.Errorf("item %s error %q: a provider error, not the registry's refusal", it.Domain, it.Error)
		}
	}

	// Nothing succeeds: the hold is cancelled.
	st = c.Do("POST", "/api/v1/orders", stripeOrder(stripefake.PMVisa, "fail-other.com"), &o)
	if st != 201 {
		t.Fatalf("second order against stripe-mock: %d %+v", st, o)
	}
	h.Eventually(20*time.Second, "the second order to reach a terminal state", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open"
	})
	if o.Status != "failed" || o.Payment.Status != "voided" {
		t.Errorf("order %s, payment %+v; want failed and voided", o.Status, o.Payment)
	}

	shim.check(t, "POST /v1/customers", "POST /v1/payment_intents", "POST /v1/payment_intents/{id}/capture",
		"POST /v1/payment_intents/{id}/cancel", "GET /v1/payment_intents/{id}")
}

// stripeMockURL is PROECOMMERCE_TEST_STRIPE_MOCK, or a stripe-mock built
// from tools/stripe-mock.mod and started on free loopback ports.
func stripeMockURL(t *testing.T) string {
	t.Helper()
	if u := os.Getenv(stripeMockEnv); u != "" {
		return u
	}

	bin := filepath.Join(t.TempDir(), "stripe-mock")
	build := exec.Command("go", "build", "-modfile=tools/stripe-mock.mod", "-o", bin, "github.com/stripe/stripe-mock")
	build.Dir = repoRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("cannot build stripe-mock (no network or module cache?): %v\n%s\n"+
			"set %s to a running stripe-mock instead", err, out, stripeMockEnv)
	}

	httpPort, httpsPort := freePort(t), freePort(t)
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:"+httpPort, "-https-addr", "127.0.0.1:"+httpsPort)
	cmd.Stdout, cmd.Stderr = t.Output(), t.Output()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start stripe-mock: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})

	base := "http://127.0.0.1:" + httpPort
	waitListening(t, base)
	return base
}

// repoRoot walks up from the working directory to the module root.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "tools", "stripe-mock.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no tools/stripe-mock.mod above the working directory")
		}
		dir = parent
	}
}

// freePort asks the kernel for an unused loopback port.
//
// Limitation: the port is free when asked, not reserved; stripe-mock
// cannot take a listener, so another process could take it in between.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// waitListening polls until stripe-mock answers HTTP.
func waitListening(t *testing.T, base string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/v1/customers", nil)
		req.Header.Set("Authorization", "Bearer sk_test_123")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("stripe-mock did not start at %s: %v", base, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// stripeShim sits between the product and stripe-mock: it notes every
// call and refusal, and rewrites the status of PaymentIntent answers as
// Stripe would move it (confirmed with manual capture → requires_capture,
// captured → succeeded, cancelled → canceled), since stripe-mock's
// fixture is always requires_payment_method. The request that reaches
// stripe-mock is untouched, so its validation still applies.
type stripeShim struct {
	mu    sync.Mutex
	calls []string
	bad   []string
	state map[string]shimIntent
}

type shimIntent struct {
	status                       string
	amount, capturable, received int64
}

func (s *stripeShim) proxy(t *testing.T, target string) http.Handler {
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := httputil.NewSingleHostReverseProxy(u)
	p.ModifyResponse = func(resp *http.Response) error {
		return s.observe(resp)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		r.Body = io.NopCloser(bytes.NewReader(body))
		p.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), shimFormKey{}, form)))
	})
}

type shimFormKey struct{}

// observe notes the call and, for a PaymentIntent, rewrites its status.
func (s *stripeShim) observe(resp *http.Response) error {
	req := resp.Request
	route := shimRoute(req.Method, req.URL.Path)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, route)
	if resp.StatusCode >= 400 {
		s.bad = append(s.bad, route+": "+resp.Status)
		return nil
	}
	if !strings.HasPrefix(route, "POST /v1/payment_intents") && route != "GET /v1/payment_intents/{id}" {
		return nil
	}

	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var pi map[string]any
	if err := json.Unmarshal(raw, &pi); err != nil {
		return err
	}
	form, _ := req.Context().Value(shimFormKey{}).(url.Values)
	s.advance(route, pi, form)

	raw, err = json.Marshal(pi)
	if err != nil {
		return err
	}
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	resp.ContentLength = int64(len(raw))
	resp.Header.Set("Content-Length", strconv.Itoa(len(raw)))
	return nil
}

// advance moves the intent along for the call route and writes the state
// into the answer pi.
func (s *stripeShim) advance(route string, pi map[string]any, form url.Values) {
	id, _ := pi["id"].(string)
	st := s.state[id]

	switch route {
	case "POST /v1/payment_intents":
		amount, _ := strconv.ParseInt(form.Get("amount"), 10, 64)
		st = shimIntent{status: "requires_capture", amount: amount, capturable: amount}
	case "POST /v1/payment_intents/{id}/capture":
		n, err := strconv.ParseInt(form.Get("amount_to_capture"), 10, 64)
		if err != nil {
			n = st.capturable
		}
		st.status, st.capturable, st.received = "succeeded", 0, n
	case "POST /v1/payment_intents/{id}/cancel":
		st.status, st.capturable = "canceled", 0
	}
	s.state[id] = st

	// The fixture was made years ago: a hold that old would be captured at
	// once by the authorisation-window policy, so it is dated now.
	pi["created"] = time.Now().Unix()
	if ch, ok := pi["latest_charge"].(map[string]any); ok {
		if pmd, ok := ch["payment_method_details"].(map[string]any); ok {
			if card, ok := pmd["card"].(map[string]any); ok {
				card["capture_before"] = time.Now().Add(7 * 24 * time.Hour).Unix()
			}
		}
	}

	if st.status != "" {
		pi["status"], pi["amount"] = st.status, st.amount
		pi["amount_capturable"], pi["amount_received"] = st.capturable, st.received
		pi["cancellation_reason"] = nil
		pi["last_payment_error"] = nil
	}
}

// shimRoute names a call with the object id replaced by {id}.
func shimRoute(method, path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) >= 3 {
		parts[2] = "{id}"
	}
	return method + " /" + strings.Join(parts, "/")
}

func (s *stripeShim) check(t *testing.T, want ...string) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.bad) > 0 {
		t.Errorf("stripe-mock refused requests: %v", s.bad)
	}
	for _, w := range want {
		if !slices.Contains(s.calls, w) {
			t.Errorf("no %s reached stripe-mock; calls %v", w, s.calls)
		}
	}
	t.Logf("calls to stripe-mock: %v", s.calls)
}

// TestStripePortalCheckout checks the portal's checkout page in Stripe
// mode (the Payment Element's mount point, our script, the CSP that lets
// Stripe.js in) and submits the form as checkout-stripe.js does: the
// contact fields and the pm_… id the Element created, no card number.
func TestStripePortalCheckout(t *testing.T) {
	fake := stripefake.New(t)
	env := stripeEnv(stripefake.SecretKey, fake.URL())
	env["STRIPE_PUBLISHABLE_KEY"] = "pk_test_e2e_portal"
	h := apptest.Start(t, apptest.Options{Env: env})
	c := signUp(t, h, "ada@example.com")

	postForm(t, c, h.URL+"/cart/add", url.Values{"domain": {"portal-name.com"}})
	resp, page := getPage(t, c, h.URL+"/checkout")
	for _, want := range []string{`id="payment-element"`, `data-publishable-key="pk_test_e2e_portal"`,
		`data-amount="1440"`, `data-currency="USD"`, `name="payment_method"`,
		`<script src="https://js.stripe.com/v3" defer></script>`, `<script src="/static/checkout-stripe.js" defer></script>`} {
		if !strings.Contains(page, want) {
			t.Errorf("checkout page lacks %s", want)
		}
	}
	if strings.Contains(page, `name="card"`) {
		t.Error("checkout page in Stripe mode asks for a card number")
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self' https://js.stripe.com") {
		t.Errorf("CSP %q does not let Stripe.js in", csp)
	}
	if resp, js := getPage(t, c, h.URL+"/static/checkout-stripe.js"); resp.StatusCode != 200 ||
		!strings.Contains(js, "createPaymentMethod") || !strings.Contains(resp.Header.Get("Content-Type"), "javascript") {
		t.Errorf("checkout-stripe.js: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	form := url.Values{"payment_method": {stripefake.PMVisa}}
	for k, v := range contact() {
		form.Set(k, v)
	}
	end := postForm(t, c, h.URL+"/checkout", form)
	orderID, ok := strings.CutPrefix(end.Request.URL.Path, "/orders/")
	if !ok || end.StatusCode != 200 {
		t.Fatalf("checkout ended at %s with %d", end.Request.URL, end.StatusCode)
	}
	var o order
	h.Eventually(20*time.Second, "the portal order to settle", func() bool {
		c.Do("GET", "/api/v1/orders/"+orderID, nil, &o)
		return o.Status != "open"
	})
	if o.Status != "completed" || o.Payment.Status != "captured" || o.Payment.Captured != (money{1440, "USD"}) {
		t.Errorf("portal order %s, payment %+v", o.Status, o.Payment)
	}
	if in := fake.Intents(); len(in) != 1 || in[0].PaymentMethod != stripefake.PMVisa || in[0].Received != 1440 {
		t.Errorf("PaymentIntents at Stripe: %+v", in)
	}
}

func postForm(t *testing.T, c *apptest.Client, u string, form url.Values) *http.Response {
	t.Helper()
	resp, err := c.HTTP.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func getPage(t *testing.T, c *apptest.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.HTTP.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}
