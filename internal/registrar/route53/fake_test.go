package route53

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/proecommerce/domains/internal/clock"
)

const targetPrefix = "Route53Domains_v20140515."

// reply is one answer of the fake: an HTTP status and a JSON body.
type reply struct {
	status int
	body   any
}

// awsError is the JSON 1.1 error shape.
func awsError(status int, code, message string) reply {
	return reply{status: status, body: map[string]any{"__type": code, "message": message}}
}

func ok(body any) reply { return reply{status: http.StatusOK, body: body} }

// call is one request the fake received.
type call struct {
	op   string
	body map[string]any
}

// handler answers one operation; it may look at the request body.
type handler func(t *testing.T, body map[string]any) reply

// fakeDomains speaks Route 53 Domains' JSON 1.1 protocol and fails the
// test on any operation it was not given a handler for.
type fakeDomains struct {
	t        *testing.T
	mu       sync.Mutex
	handlers map[string]handler
	calls    []call
}

func newFake(t *testing.T, handlers map[string]handler) (*fakeDomains, *Registrar) {
	t.Helper()
	f, url := newServer(t, handlers)
	return f, newRegistrar(t, testAWSConfig(t, url))
}

// newServer starts the fake and returns its URL.
func newServer(t *testing.T, handlers map[string]handler) (*fakeDomains, string) {
	t.Helper()
	f := &fakeDomains{t: t, handlers: handlers}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv.URL
}

func newRegistrar(t *testing.T, cfg aws.Config) *Registrar {
	t.Helper()
	r, err := New(context.Background(), Config{
		AWS:               &cfg,
		Logger:            slog.New(slog.NewTextHandler(t.Output(), nil)),
		Clock:             clock.NewFake(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)),
		RequestsPerSecond: 1e6,
		Burst:             1000,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

func testAWSConfig(t *testing.T, url string) aws.Config {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion("eu-west-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", "")),
		config.WithRetryMaxAttempts(1),
		config.WithBaseEndpoint(url))
	if err != nil {
		t.Fatalf("aws config: %v", err)
	}
	return cfg
}

func (f *fakeDomains) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	target := req.Header.Get("X-Amz-Target")
	op, found := strings.CutPrefix(target, targetPrefix)
	if req.Method != http.MethodPost || req.URL.Path != "/" || !found {
		f.t.Errorf("unexpected request %s %s target %q", req.Method, req.URL.Path, target)
		http.Error(w, "unexpected", http.StatusBadRequest)
		return
	}
	if ct := req.Header.Get("Content-Type"); ct != "application/x-amz-json-1.1" {
		f.t.Errorf("%s: content type %q", op, ct)
	}
	if auth := req.Header.Get("Authorization"); !strings.Contains(auth, "/us-east-1/route53domains/") {
		f.t.Errorf("%s: not signed for us-east-1 route53domains: %q", op, auth)
	}

	raw, _ := io.ReadAll(req.Body)
	body := map[string]any{}
	if err := json.Unmarshal(raw, &body); err != nil {
		f.t.Errorf("%s: request body %q: %v", op, raw, err)
	}

	f.mu.Lock()
	f.calls = append(f.calls, call{op: op, body: body})
	h, known := f.handlers[op]
	f.mu.Unlock()
	if !known {
		f.t.Errorf("unexpected operation %s", op)
		http.Error(w, "unexpected", http.StatusBadRequest)
		return
	}

	rep := h(f.t, body)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if m, isMap := rep.body.(map[string]any); isMap && rep.status >= 400 {
		if code, _ := m["__type"].(string); code != "" {
			w.Header().Set("X-Amzn-ErrorType", code)
		}
	}
	w.WriteHeader(rep.status)
	_ = json.NewEncoder(w).Encode(rep.body)
}

// ops returns the operations received, in order.
func (f *fakeDomains) ops() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, len(f.calls))
	for i, c := range f.calls {
		out[i] = c.op
	}
	return out
}

// only returns the single call made, failing when there was not exactly one.
func (f *fakeDomains) only(t *testing.T) call {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.calls) != 1 {
		t.Fatalf("calls = %d, want 1", len(f.calls))
	}
	return f.calls[0]
}

// fixed answers every call the same.
func fixed(r reply) handler {
	return func(*testing.T, map[string]any) reply { return r }
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
