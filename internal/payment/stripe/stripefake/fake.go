// Package stripefake is a stateful stand-in for the parts of Stripe's v1 API
// the gateway uses, for tests of the gateway and of the whole product: it
// keeps PaymentIntents, charges and customers, honours Idempotency-Key,
// declines Stripe's test payment methods and can inject failures.
package stripefake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
)

// Fake is a stateful stand-in for the parts of Stripe's v1 API the
// gateway uses. It speaks Stripe's wire format (form-encoded requests,
// JSON objects and error envelopes), keeps PaymentIntents, charges and
// customers, lets a hold lapse on its clock, and honours Idempotency-Key
// as Stripe documents: same key and parameters replay the first answer,
// same key and other parameters is an idempotency_error.
type Fake struct {
	t     testing.TB
	srv   *httptest.Server
	clock clock.Clock

	mu        sync.Mutex
	seq       int
	intents   map[string]*fakeIntent
	customers map[string]string
	idem      map[string]idemRecord
	calls     []Call
	// applied counts state changes per endpoint ("capture", "refund"…).
	applied map[string]int
	// faults are one-shot answers given before the endpoint runs.
	faults map[string][]Fault
	// drops counts answers to swallow after the endpoint ran, closing the
	// connection as a network failure would.
	drops map[string]int
	// holdLifetime sets capture_before on new card charges; 0 omits it.
	holdLifetime time.Duration
}

// Call is one request the fake received.
type Call struct {
	Method, Path string
	Form         url.Values
	Key          string
	Replayed     bool
}

type idemRecord struct {
	method, path, params string
	status               int
	body                 []byte
}

// Fault is a one-shot answer given instead of running an endpoint.
type Fault struct {
	// Status is the HTTP status of the answer.
	Status int
	// Type and Code fill Stripe's error envelope (e.g. "api_error",
	// "rate_limit").
	Type, Code string
	// RawBody, when set, is sent as is instead of an error envelope.
	RawBody string
	// DropConn closes the connection without an answer.
	DropConn bool
}

// fakeAnswer is what an endpoint returns.
type fakeAnswer struct {
	status int
	body   any
	// noStore marks a refusal before execution, which Stripe does not keep
	// under the idempotency key.
	noStore bool
}

// SecretKey is the only API key the fake accepts; any other gets
// Stripe's 401 answer.
const SecretKey = "sk_test_fake_51Hx"

// New starts a fake on a loopback port, on the system clock, closed when
// the test ends.
func New(t testing.TB) *Fake { return newFake(t, clock.System{}) }

// NewWithClock starts a fake whose holds lapse on clk (a *clock.Fake in
// tests of the authorisation window).
func NewWithClock(t testing.TB, clk clock.Clock) *Fake { return newFake(t, clk) }

// URL is the fake's base URL, for Config.APIURL or
// PROECOMMERCE_STRIPE_API_URL.
func (f *Fake) URL() string { return f.srv.URL }

func newFake(t testing.TB, clk clock.Clock) *Fake {
	t.Helper()
	f := &Fake{
		t:            t,
		clock:        clk,
		intents:      map[string]*fakeIntent{},
		customers:    map[string]string{"cus_saved": "saved@example.com"},
		idem:         map[string]idemRecord{},
		applied:      map[string]int{},
		faults:       map[string][]Fault{},
		drops:        map[string]int{},
		holdLifetime: 7 * 24 * time.Hour,
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+SecretKey {
		writeJSON(w, http.StatusUnauthorized, stripeError("invalid_request_error", "", "Invalid API Key provided."))
		return
	}
	if err := r.ParseForm(); err != nil {
		f.t.Errorf("fake stripe: bad form: %v", err)
	}
	if r.Method == http.MethodPost && r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		f.t.Errorf("fake stripe: %s %s content type %q", r.Method, r.URL.Path, r.Header.Get("Content-Type"))
	}

	f.mu.Lock()
	defer f.mu.Unlock()

	key := r.Header.Get("Idempotency-Key")
	call := Call{Method: r.Method, Path: r.URL.Path, Form: r.Form, Key: key}
	if r.Method == http.MethodPost && key == "" {
		f.t.Errorf("fake stripe: POST %s without Idempotency-Key", r.URL.Path)
	}

	if rec, ok := f.idem[key]; ok && r.Method == http.MethodPost {
		f.replay(w, r, rec, call)
		return
	}
	f.calls = append(f.calls, call)

	if f.fault(w, r.URL.Path) {
		return
	}

	ans := f.route(r)
	body, err := json.Marshal(ans.body)
	if err != nil {
		// Not Fatalf: this runs on the server's goroutine, not the test's.
		f.t.Errorf("fake stripe: %v", err)
		writeJSON(w, http.StatusInternalServerError, stripeError("api_error", "", "fake: cannot encode answer"))
		return
	}
	if r.Method == http.MethodPost && key != "" && !ans.noStore {
		f.idem[key] = idemRecord{r.Method, r.URL.Path, r.PostForm.Encode(), ans.status, body}
	}

	if f.drops[r.URL.Path] > 0 {
		f.drops[r.URL.Path]--
		dropConnection(f.t, w)
		return
	}
	writeRaw(w, ans.status, body)
}

// replay answers a request whose key was seen: the first answer again, or
// an idempotency_error when the parameters differ.
func (f *Fake) replay(w http.ResponseWriter, r *http.Request, rec idemRecord, call Call) {
	call.Replayed = true
	f.calls = append(f.calls, call)

	if rec.path != r.URL.Path || rec.params != r.PostForm.Encode() {
		writeJSON(w, http.StatusBadRequest, stripeError("idempotency_error", "",
			"Keys for idempotent requests can only be used with the same parameters they were first used with."))
		return
	}
	w.Header().Set("Idempotent-Replayed", "true")
	writeRaw(w, rec.status, rec.body)
}

// fault gives the next injected answer for path, if any.
func (f *Fake) fault(w http.ResponseWriter, path string) bool {
	queue := f.faults[path]
	if len(queue) == 0 {
		return false
	}
	ft := queue[0]
	f.faults[path] = queue[1:]

	switch {
	case ft.DropConn:
		dropConnection(f.t, w)
	case ft.RawBody != "":
		writeRaw(w, ft.Status, []byte(ft.RawBody))
	default:
		writeJSON(w, ft.Status, stripeError(ft.Type, ft.Code, "injected failure"))
	}
	return true
}

func (f *Fake) route(r *http.Request) fakeAnswer {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/customers":
		return f.createCustomer(r.PostForm)
	case r.Method == http.MethodPost && r.URL.Path == "/v1/payment_intents":
		return f.createIntent(r.PostForm)
	case r.Method == http.MethodPost && r.URL.Path == "/v1/refunds":
		return f.createRefund(r.PostForm)
	case len(parts) == 3 && parts[1] == "payment_intents" && r.Method == http.MethodGet:
		return f.retrieveIntent(parts[2], r.Form)
	case len(parts) == 4 && parts[1] == "payment_intents" && r.Method == http.MethodPost:
		return f.actOnIntent(parts[2], parts[3], r.PostForm)
	}
	return fakeAnswer{status: http.StatusNotFound, noStore: true,
		body: stripeError("invalid_request_error", "", "Unrecognized request URL ("+r.Method+": "+r.URL.Path+")")}
}

func (f *Fake) createCustomer(form url.Values) fakeAnswer {
	if bad := unknownParams(form, "email", "metadata["); bad != nil {
		return *bad
	}
	f.seq++
	id := fmt.Sprintf("cus_%d", f.seq)
	f.customers[id] = form.Get("email")
	f.applied["customer"]++
	return fakeAnswer{status: http.StatusOK, body: map[string]any{
		"id": id, "object": "customer", "email": nilIfEmpty(form.Get("email")),
		"created": f.clock.Now().Unix(), "livemode": false,
	}}
}

// fail returns the answer of a refused request.
func fail(status int, errType, code, param, msg string) fakeAnswer {
	e := stripeError(errType, code, msg)
	if param != "" {
		e["error"]["param"] = param
	}
	return fakeAnswer{status: status, body: e}
}

// unknownParams refuses a form field the endpoint does not take, as
// Stripe does with parameter_unknown.
func unknownParams(form url.Values, allowed ...string) *fakeAnswer {
	for name := range form {
		ok := false
		for _, a := range allowed {
			if name == a || (strings.HasSuffix(a, "[") && strings.HasPrefix(name, a)) {
				ok = true
			}
		}
		if !ok {
			ans := fail(http.StatusBadRequest, "invalid_request_error", "parameter_unknown", name,
				"Received unknown parameter: "+name)
			ans.noStore = true
			return &ans
		}
	}
	return nil
}

func stripeError(errType, code, msg string) map[string]map[string]any {
	e := map[string]any{"type": errType, "message": msg}
	if code != "" {
		e["code"] = code
	}
	return map[string]map[string]any{"error": e}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, _ := json.Marshal(v)
	writeRaw(w, status, body)
}

func writeRaw(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", "req_fake")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// dropConnection closes the connection without an answer.
func dropConnection(t testing.TB, w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("fake stripe: hijack: %v", err)
		return
	}
	_ = conn.Close()
}

// AllCalls returns every request received, replays included, in order.
func (f *Fake) AllCalls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

// Calls returns the requests received for method and path, replays
// included.
func (f *Fake) Calls(method, path string) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Call
	for _, c := range f.calls {
		if c.Method == method && c.Path == path {
			out = append(out, c)
		}
	}
	return out
}

// Applied counts the state changes made by an endpoint: "customer",
// "create", "capture", "cancel" or "refund".
func (f *Fake) Applied(what string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.applied[what]
}

// InjectFault queues a one-shot answer for path (e.g.
// "/v1/payment_intents/pi_3/capture"), given before the endpoint runs.
func (f *Fake) InjectFault(path string, ft Fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[path] = append(f.faults[path], ft)
}

// DropAfterCommit makes the next n requests to path run and then close the
// connection without an answer, as a network failure after commit would.
func (f *Fake) DropAfterCommit(path string, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.drops[path] += n
}

// SetHoldLifetime sets how long a new card hold lasts (capture_before);
// 0 leaves capture_before out. Seven days by default.
func (f *Fake) SetHoldLifetime(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.holdLifetime = d
}

// ClearFaults drops every queued fault.
func (f *Fake) ClearFaults() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.faults)
}
