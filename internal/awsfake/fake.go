// Package awsfake is a stateful wire-level fake of the two AWS APIs the
// product uses: Route 53 Domains (JSON 1.1, dispatched on X-Amz-Target)
// and Route 53 hosted zones (REST-XML, API 2013-04-01). One httptest
// server answers both, so the real aws-sdk-go-v2 clients can be pointed at
// it with BaseEndpoint or the SDK's AWS_ENDPOINT_URL_* variables.
//
// It keeps the state the real services keep (operations that complete
// asynchronously, domains, hosted zones created by RegisterDomain, record
// sets with Route 53's change semantics), injects faults on request
// (throttling, PriorRequestNotComplete, a lost RegisterDomain answer) and
// fails the test on any request it does not know.
package awsfake

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
)

// Price is one TLD of ListPrices, as exact decimal strings ("12.00"); an
// empty string leaves that price out.
type Price struct {
	TLD          string
	Registration string
	Renewal      string
	Transfer     string
	Restoration  string
	// Currency defaults to USD.
	Currency string
}

// Config sets up the fake. Every field is optional.
type Config struct {
	// Clock dates operations and changes; the system clock when nil.
	Clock clock.Clock
	// Prices is the ListPrices answer; DefaultPrices when nil.
	Prices []Price
	// PricePage is how many prices one ListPrices page holds (all when 0).
	PricePage int
	// Taken lists names registered elsewhere: UNAVAILABLE, and
	// TRANSFERABLE for CheckDomainTransferability.
	Taken []string
	// Refuse lists names whose registration or transfer ends FAILED.
	Refuse []string
	// CompleteAfter is how many GetOperationDetail reads an operation
	// stays IN_PROGRESS before it is SUCCESSFUL (1 when 0: the first read
	// sees it done).
	CompleteAfter int
	// InSyncAfter is how many GetChange reads a change stays PENDING
	// before it is INSYNC (1 when 0).
	InSyncAfter int
	// RecordPage caps the record sets of one ListResourceRecordSets page
	// below the MaxItems asked for (no cap when 0), to force paging.
	RecordPage int
	// ZonePage does the same for the hosted-zone listings.
	ZonePage int
	// ThrottleEvery answers every Nth request of either API with a
	// throttling error and changes nothing (off when 0; 5 is 20 %).
	ThrottleEvery int
	// ServerErrorEvery answers every Nth request of either API with HTTP
	// 500 and changes nothing (off when 0; 19 is about 5 %, and apart from
	// ThrottleEvery 5 but for every 95th request). A request due for
	// both faults is throttled.
	ServerErrorEvery int
	// PriorRequestNotComplete refuses that many ChangeResourceRecordSets
	// requests, changing nothing, before accepting one.
	PriorRequestNotComplete int
	// LoseRegisterAnswer makes the first RegisterDomain start the
	// operation but answer HTTP 500, as if the answer were lost, so a
	// retry meets DuplicateRequest.
	LoseRegisterAnswer bool
}

// DefaultPrices is a small price list with exact cents.
var DefaultPrices = []Price{
	{TLD: "com", Registration: "14.00", Renewal: "14.00", Transfer: "14.00", Restoration: "66.00"},
	{TLD: "net", Registration: "16.50", Renewal: "16.50", Transfer: "16.50"},
	{TLD: "org", Registration: "13.00", Renewal: "13.00", Transfer: "13.00"},
	{TLD: "io", Registration: "71.00", Renewal: "71.00", Transfer: "71.00"},
}

// Fake is a running fake of both APIs.
type Fake struct {
	t      testing.TB
	cfg    Config
	clock  clock.Clock
	server *httptest.Server
	mux    *http.ServeMux

	mu           sync.Mutex
	requests     int
	serverErrors int
	throttled    int
	calls        []string
	accepted     map[string]int
	seq          int
	ops          []*operation
	domains      map[string]*domain
	zones        []*zone
	changes      map[string]*change
	batches      []Batch
	priorNC      int
	lostReg      bool
	// scripts and expiries are set by ScriptTransfer and SetTransferExpiry.
	scripts  map[string][]Step
	expiries map[string]time.Time
}

// New starts the fake; it stops when the test ends.
func New(t testing.TB, cfg Config) *Fake {
	t.Helper()
	f := &Fake{t: t, cfg: cfg, clock: cfg.Clock, accepted: map[string]int{},
		domains: map[string]*domain{}, changes: map[string]*change{},
		priorNC: cfg.PriorRequestNotComplete, lostReg: cfg.LoseRegisterAnswer}
	if f.clock == nil {
		f.clock = clock.System{}
	}
	if f.cfg.Prices == nil {
		f.cfg.Prices = DefaultPrices
	}
	f.cfg.CompleteAfter = max(f.cfg.CompleteAfter, 1)
	f.cfg.InSyncAfter = max(f.cfg.InSyncAfter, 1)

	f.mux = f.newMux()
	f.server = httptest.NewServer(f)
	t.Cleanup(f.server.Close)
	return f
}

// URL is the base endpoint of both APIs.
func (f *Fake) URL() string { return f.server.URL }

// Env is the environment that points the SDK's default configuration at
// the fake with static test credentials.
func (f *Fake) Env() map[string]string {
	return map[string]string{
		"AWS_ACCESS_KEY_ID":                 "AKIDFAKE",
		"AWS_SECRET_ACCESS_KEY":             "fake-secret",
		"AWS_SESSION_TOKEN":                 "",
		"AWS_REGION":                        "us-east-1",
		"AWS_PROFILE":                       "",
		"AWS_ENDPOINT_URL":                  "",
		"AWS_ENDPOINT_URL_ROUTE_53_DOMAINS": f.server.URL,
		"AWS_ENDPOINT_URL_ROUTE_53":         f.server.URL,
	}
}

// ServeHTTP dispatches to the API the request speaks: Route 53 Domains
// when X-Amz-Target is set, else Route 53's REST paths.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if target := r.Header.Get("X-Amz-Target"); target != "" {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			f.t.Errorf("awsfake: read request: %v", err)
			return
		}
		f.serveDomains(w, r, target, body)
		return
	}
	f.mux.ServeHTTP(w, r)
}

// unexpected fails the test and answers an error the SDK will not retry.
func (f *Fake) unexpected(w http.ResponseWriter, what string) {
	f.t.Errorf("awsfake: unexpected request %s", what)
	http.Error(w, "unexpected request", http.StatusNotImplemented)
}

// Faults begin can answer with instead of serving a request.
const (
	faultNone = iota
	faultThrottle
	faultServerError
)

// begin records a request and says which fault, if any, answers it. The
// caller holds no lock.
func (f *Fake) begin(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()

	f.requests++
	f.calls = append(f.calls, name)
	switch {
	case f.cfg.ThrottleEvery > 0 && f.requests%f.cfg.ThrottleEvery == 0:
		f.throttled++
		return faultThrottle
	case f.cfg.ServerErrorEvery > 0 && f.requests%f.cfg.ServerErrorEvery == 0:
		f.serverErrors++
		return faultServerError
	}
	return faultNone
}

// ServerErrors returns how many requests were answered with HTTP 500.
func (f *Fake) ServerErrors() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.serverErrors
}

// Throttled returns how many requests were answered with a throttle.
func (f *Fake) Throttled() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.throttled
}

// accept counts a request that changed state. The caller holds f.mu.
func (f *Fake) accept(name string) { f.accepted[name]++ }

// nextID returns a new identifier with the prefix. The caller holds f.mu.
func (f *Fake) nextID(prefix string) string {
	f.seq++
	return fmt.Sprintf("%s%06d", prefix, f.seq)
}

// Calls returns how many requests of the operation arrived (all of them
// when name is empty), throttled and refused ones included.
func (f *Fake) Calls(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()

	if name == "" {
		return len(f.calls)
	}
	n := 0
	for _, c := range f.calls {
		if c == name {
			n++
		}
	}
	return n
}

// CallLog returns the operations received, in order.
func (f *Fake) CallLog() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// Accepted returns how many requests of the operation changed state:
// operations started, zones created, change batches applied.
func (f *Fake) Accepted(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.accepted[name]
}

// now is the fake's time, to the second as both APIs report it.
func (f *Fake) now() time.Time { return f.clock.Now().UTC().Truncate(time.Second) }
