package namecheap

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
)

// Test credentials. The key is distinctive so that a leak is easy to spot.
const (
	testUser = "produser"
	testKey  = "SECRETKEY-9f8e7d6c5b4a"
	testName = "prodaccount"
	testIP   = "203.0.113.7"
)

// handler answers one command: an HTTP status and a body.
type handler func(form url.Values) (int, string)

// fakeNamecheap speaks Namecheap's XML API over httptest. It checks the
// global parameters of every request and records the form it received.
type fakeNamecheap struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	routes map[string]handler
	seen   []url.Values
}

func newFake(t *testing.T) *fakeNamecheap {
	t.Helper()
	f := &fakeNamecheap{t: t, routes: map[string]handler{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeNamecheap) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		f.t.Errorf("method = %s, want POST", r.Method)
	}
	if strings.Contains(r.URL.RawQuery, testKey) {
		f.t.Errorf("API key travelled in the URL: %s", r.URL.RawQuery)
	}
	if err := r.ParseForm(); err != nil {
		f.t.Errorf("parse form: %v", err)
	}

	form := r.PostForm
	want := map[string]string{"ApiUser": testUser, "ApiKey": testKey,
		"UserName": testName, "ClientIp": testIP}
	for k, v := range want {
		if got := form.Get(k); got != v {
			f.t.Errorf("%s = %q, want %q", k, got, v)
		}
	}

	command := form.Get("Command")
	f.mu.Lock()
	f.seen = append(f.seen, form)
	h, ok := f.routes[command]
	f.mu.Unlock()
	if !ok {
		f.t.Errorf("unexpected command %q", command)
		http.Error(w, "no route", http.StatusNotFound)
		return
	}

	status, body := h(form)
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}

// on routes a command to h.
func (f *fakeNamecheap) on(command string, h handler) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[command] = h
}

// okOn answers a command with a fixed successful CommandResponse body.
func (f *fakeNamecheap) okOn(command, inner string) {
	f.on(command, func(url.Values) (int, string) { return 200, okXML(command, inner) })
}

// calls returns the forms received for command.
func (f *fakeNamecheap) calls(command string) []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []url.Values
	for _, v := range f.seen {
		if v.Get("Command") == command {
			out = append(out, v)
		}
	}
	return out
}

func okXML(command, inner string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<ApiResponse Status="OK" xmlns="http://api.namecheap.com/xml.response">
  <Errors />
  <Warnings />
  <RequestedCommand>` + strings.ToLower(command) + `</RequestedCommand>
  <CommandResponse Type="` + command + `">` + inner + `</CommandResponse>
  <Server>TEST</Server>
  <GMTTimeDifference>--5:00</GMTTimeDifference>
  <ExecutionTime>0.01</ExecutionTime>
</ApiResponse>`
}

func errXML(number, text string) string {
	return `<?xml version="1.0" encoding="utf-8"?>
<ApiResponse Status="ERROR" xmlns="http://api.namecheap.com/xml.response">
  <Errors><Error Number="` + number + `">` + text + `</Error></Errors>
  <Warnings />
  <RequestedCommand>namecheap.test</RequestedCommand>
  <CommandResponse />
  <Server>TEST</Server>
  <GMTTimeDifference>--5:00</GMTTimeDifference>
  <ExecutionTime>0.01</ExecutionTime>
</ApiResponse>`
}

// testEpoch is the fake clock's start.
var testEpoch = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// newTestRegistrar returns an adapter on the fake, with a fake clock and a
// limiter whose sleeps move that clock instead of waiting.
func newTestRegistrar(t *testing.T, f *fakeNamecheap, pageSize int) (*Registrar, *clock.Fake) {
	t.Helper()
	clk := clock.NewFake(testEpoch)
	lim := NewLimiter(clk, func(_ context.Context, d time.Duration) error {
		clk.Advance(d)
		return nil
	})

	r, err := New(Config{APIUser: testUser, APIKey: testKey, UserName: testName,
		ClientIP: testIP, BaseURL: f.srv.URL, Clock: clk, Limiter: lim,
		ListPageSize: pageSize})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r, clk
}

// noKey fails the test when err's text carries the API key.
func noKey(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), testKey) {
		t.Fatalf("API key leaked into error: %v", err)
	}
}

// wantForm checks the fields of a request form.
func wantForm(t *testing.T, form url.Values, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got := form.Get(k); got != v {
			t.Errorf("%s %s = %q, want %q", form.Get("Command"), k, got, v)
		}
	}
}
