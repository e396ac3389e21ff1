// Package opensrstest is a stateful fake of the OpenSRS XML API (OPS over
// HTTPS POST) for tests that run the product against OpenSRS without the
// network. It checks X-Username and X-Signature on every request, decodes
// the OPS envelope with the adapter's own codec, keeps domains and orders
// in memory and answers with OpenSRS's response codes, including the 250
// "submitted to registry" answer of an asynchronous registry.
package opensrstest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

// Credentials the fake accepts.
const (
	Username = "reseller1"
	APIKey   = "0123456789abcdef-private-key"
)

// Config sets up the fake's account.
type Config struct {
	// Taken lists names registered elsewhere.
	Taken []string
	// Premium maps names to their premium price ("1250.00").
	Premium map[string]string
	// Prices maps "tld:reg_type:period" ("ca:new:1") to a price; nil uses
	// DefaultPrices.
	Prices map[string]string
	// Queued lists TLDs whose registry is asynchronous: SW_REGISTER answers
	// 250 and the order waits until Complete is called.
	Queued []string
	// Now is the fake's clock for created and expiry dates (a fixed instant
	// by default).
	Now func() time.Time
	// Gate, when set, runs before each request takes the fake's lock, so a
	// test can hold requests in flight.
	Gate func()
}

// DefaultPrices price .ca and .shop for one year.
var DefaultPrices = map[string]string{
	"ca:new:1": "12.99", "ca:renewal:1": "12.99", "ca:transfer:1": "12.99",
	"shop:new:1": "2.49", "shop:renewal:1": "34.99", "shop:transfer:1": "34.99",
}

// Domain is a domain held in the fake reseller account.
type Domain struct {
	Name        string
	Created     time.Time
	Expires     time.Time
	AutoRenew   bool
	Locked      bool
	Privacy     bool
	Nameservers []string
	AuthCode    string
	// Owner is the owner contact's e-mail address.
	Owner string
}

// Order is an order of the fake account.
type Order struct {
	ID      string
	Domain  string
	Type    string // new, transfer, renewal
	Status  string // waiting, completed, cancelled
	Period  int
	Created time.Time
	attrs   ops.Assoc
}

// Request is one request the fake received.
type Request struct {
	Action string
	Attrs  ops.Assoc
	// Body is the request's XML document as sent.
	Body []byte
}

type failure struct {
	code  int
	text  string
	times int // 0: every time
}

// Server is the fake API.
type Server struct {
	*httptest.Server
	t testing.TB

	mu         sync.Mutex
	now        func() time.Time
	gate       func()
	httpStatus int
	domains    map[string]*Domain
	taken      map[string]bool
	premium    map[string]string
	prices     map[string]string
	queued     map[string]bool
	orders     map[string]*Order
	transfers  map[string]string
	// transferReasons holds the reason of a cancelled transfer.
	transferReasons map[string]string
	lastRenew       map[string]int
	failures        map[string]*failure
	requests        []Request
	nextOrder       int
}

// New starts a fake on a 127.0.0.1 port, closed when the test ends.
// Protocol violations (a body that does not decode, a wrong content type)
// fail t.
func New(t testing.TB, cfg Config) *Server {
	t.Helper()
	s := &Server{
		t: t, now: cfg.Now, gate: cfg.Gate, domains: map[string]*Domain{}, taken: set(cfg.Taken),
		premium: copyMap(cfg.Premium), prices: copyMap(cfg.Prices), queued: set(cfg.Queued),
		orders: map[string]*Order{}, transfers: map[string]string{}, transferReasons: map[string]string{}, lastRenew: map[string]int{},
		failures: map[string]*failure{}, nextOrder: 3000000,
	}
	if cfg.Prices == nil {
		s.prices = copyMap(DefaultPrices)
	}
	if s.now == nil {
		fixed := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
		s.now = func() time.Time { return fixed }
	}
	s.Server = httptest.NewServer(s)
	t.Cleanup(s.Close)
	return s
}

func set(names []string) map[string]bool {
	out := map[string]bool{}
	for _, n := range names {
		out[strings.ToLower(n)] = true
	}
	return out
}

func copyMap(in map[string]string) map[string]string {
	out := make(map[string]string, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

// Fail makes the next times calls of action answer code (times 0: always).
func (s *Server) Fail(action string, code int, text string, times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[strings.ToUpper(action)] = &failure{code: code, text: text, times: times}
}

// FailHTTP makes every following request answer this HTTP status with
// no OPS document, as a proxy in front of OpenSRS would (0 stops it).
func (s *Server) FailHTTP(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.httpStatus = status
}

// SetTransferStatus sets the status CHECK_TRANSFER reports for the
// transfer of a domain ("pending_owner", "pending_registry", ...).
// "completed" also ends the transfer order and moves the domain into the
// account for the order's period, as the registry does when the losing
// registrar lets it go.
func (s *Server) SetTransferStatus(domain, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := strings.ToLower(domain)
	s.transfers[d] = status
	if status == "completed" {
		s.endTransfer(d, "completed")
	}
}

// CancelTransfer ends the transfer of a domain as the losing registrar or
// the registrant refusing it would: CHECK_TRANSFER reports "cancelled"
// with the reason, and the order is cancelled.
func (s *Server) CancelTransfer(domain, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := strings.ToLower(domain)
	s.transfers[d] = "cancelled"
	s.transferReasons[d] = reason
	s.endTransfer(d, "cancelled")
}

// endTransfer closes the domain's pending transfer order; a completed one
// puts the domain in the account.
func (s *Server) endTransfer(domain, status string) {
	for _, o := range s.sortedOrders() {
		if o.Domain != domain || o.Type != "transfer" || o.Status != "pending" {
			continue
		}
		o.Status = status
		if status == "completed" {
			s.createDomain(domain, o.attrs)
		}
	}
}

// AddDomain puts a domain in the account.
func (s *Server) AddDomain(d Domain) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.domains[strings.ToLower(d.Name)] = &d
}

// Domain returns a copy of a held domain.
func (s *Server) Domain(name string) (Domain, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.domains[strings.ToLower(name)]
	if !ok {
		return Domain{}, false
	}
	out := *d
	out.Nameservers = append([]string(nil), d.Nameservers...)
	return out, true
}

// Orders returns copies of the orders of a domain, oldest first.
func (s *Server) Orders(domain string) []Order {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Order
	for _, o := range s.sortedOrders() {
		if o.Domain == domain {
			out = append(out, *o)
		}
	}
	return out
}

// Complete finishes the waiting registration of a domain at its
// asynchronous registry: the order turns completed and the domain is held.
// It reports whether such an order was waiting.
func (s *Server) Complete(domain string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, o := range s.sortedOrders() {
		if o.Domain == domain && o.Type == "new" && o.Status == "waiting" {
			o.Status = "completed"
			s.createDomain(domain, o.attrs)
			return true
		}
	}
	return false
}

// Calls returns the attributes of every request of an action, in order.
func (s *Server) Calls(action string) []ops.Assoc {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []ops.Assoc
	for _, r := range s.requests {
		if r.Action == strings.ToUpper(action) {
			out = append(out, r.Attrs)
		}
	}
	return out
}

// Requests returns every request received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ServeHTTP checks the signature, decodes the envelope and dispatches.
func (s *Server) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		s.t.Errorf("opensrstest: read body: %v", err)
		return
	}
	if s.gate != nil {
		s.gate()
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	if s.httpStatus != 0 {
		http.Error(w, "service unavailable", s.httpStatus)
		return
	}
	if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "text/xml" {
		s.t.Errorf("opensrstest: %s with Content-Type %q", req.Method, req.Header.Get("Content-Type"))
	}
	if req.Header.Get("X-Username") != Username || req.Header.Get("X-Signature") != ops.Sign(body, APIKey) {
		s.write(w, "", 415, "Authentication Error.", nil)
		return
	}

	data, err := ops.DecodeBytes(body)
	if err != nil {
		s.t.Errorf("opensrstest: request does not decode: %v\n%s", err, body)
		s.write(w, "", 400, "Malformed request", nil)
		return
	}
	s.dispatch(w, data, body)
}

func (s *Server) dispatch(w http.ResponseWriter, data ops.Assoc, body []byte) {
	action := strings.ToUpper(data.Text("action"))
	if data.Text("protocol") != "XCP" || data.Text("object") != "DOMAIN" {
		s.t.Errorf("opensrstest: %s: protocol %q object %q", action, data.Text("protocol"),
			data.Text("object"))
	}
	attrs := data.Sub("attributes")
	s.requests = append(s.requests, Request{Action: action, Attrs: attrs, Body: body})

	if fl := s.failures[action]; fl != nil {
		if fl.times > 0 {
			fl.times--
			if fl.times == 0 {
				delete(s.failures, action)
			}
		}
		s.write(w, action, fl.code, fl.text, nil)
		return
	}

	h, ok := s.handlers()[action]
	if !ok {
		s.write(w, action, 430, "Invalid command: "+action, nil)
		return
	}
	code, text, out := h(attrs)
	s.write(w, action, code, text, out)
}

type handler func(ops.Assoc) (int, string, ops.Assoc)

func (s *Server) handlers() map[string]handler {
	return map[string]handler{
		"LOOKUP":                      s.lookup,
		"NAME_SUGGEST":                s.nameSuggest,
		"GET_PRICE":                   s.getPrice,
		"SW_REGISTER":                 s.swRegister,
		"GET":                         s.get,
		"RENEW":                       s.renew,
		"MODIFY":                      s.modify,
		"ADVANCED_UPDATE_NAMESERVERS": s.updateNS,
		"GET_DOMAINS_BY_EXPIREDATE":   s.byExpireDate,
		"GET_ORDER_INFO":              s.orderInfo,
		"GET_ORDERS_BY_DOMAIN":        s.ordersByDomain,
		"CHECK_TRANSFER":              s.checkTransfer,
	}
}

// write answers in the OPS envelope; codes of 300 and above are failures.
func (s *Server) write(w http.ResponseWriter, action string, code int, text string, attrs ops.Assoc) {
	top := ops.Assoc{
		"protocol":      ops.Str("XCP"),
		"action":        ops.Str("REPLY"),
		"object":        ops.Str("DOMAIN"),
		"is_success":    ops.Bool(code < 300),
		"response_code": ops.Int(code),
		"response_text": ops.Str(text),
	}
	if attrs != nil {
		top["attributes"] = attrs.Value()
	}

	doc, err := ops.Encode(top)
	if err != nil {
		s.t.Errorf("opensrstest: %s: encode reply: %v", action, err)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	_, _ = w.Write(doc)
}

// tldOf returns what follows a name's first label ("co.uk" of "a.co.uk").
func tldOf(name string) string {
	_, tld, _ := strings.Cut(name, ".")
	return tld
}
