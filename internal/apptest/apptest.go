// Package apptest starts the whole product for end-to-end tests: the real
// HTTP server on a loopback port, River working jobs, the sandbox providers
// with short delays, on SQLite or PostgreSQL.
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/app"
	"github.com/proecommerce/domains/internal/config"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// Harness is a running product.
type Harness struct {
	T      testing.TB
	App    *app.App
	Server *httptest.Server
	URL    string
	// DNSAddr is the sandbox DNS server's address (UDP and TCP).
	DNSAddr string
	Admin   *app.FirstAdmin
	Tenant  store.Tenant
}

// Options change the harness.
type Options struct {
	// DatabaseURL picks the engine (see testdb.Targets); SQLite when empty.
	DatabaseURL string
	// Env adds or overrides configuration variables.
	Env map[string]string
}

// Start runs the product until the test ends.
func Start(t testing.TB, opts Options) *Harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)

	cfg := loadConfig(t, opts)
	logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.Open(ctx, cfg, logger, app.Options{Work: true, ResumeEvery: 200 * time.Millisecond,
		JobPoll: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)

	h := &Harness{T: t, App: a}
	if h.Admin, err = a.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	if h.Tenant, err = a.Store.DefaultTenant(ctx); err != nil {
		t.Fatal(err)
	}
	h.startServers(ctx, cfg)
	return h
}

func loadConfig(t testing.TB, opts Options) config.Config {
	dir := t.TempDir()
	env := map[string]string{
		"PROECOMMERCE_DATA_DIR":               dir,
		"PROECOMMERCE_SANDBOX_DNS_LISTEN":     "127.0.0.1:0",
		"PROECOMMERCE_SANDBOX_POLL":           "20ms",
		"PROECOMMERCE_SANDBOX_REGISTER_DELAY": "100ms",
		"PROECOMMERCE_SANDBOX_TRANSFER_DELAY": "300ms",
		"PROECOMMERCE_SECRET_KEY":             "test-secret-key",
	}
	if opts.DatabaseURL != "" && !strings.HasSuffix(opts.DatabaseURL, ".db") {
		env["PROECOMMERCE_DATABASE_URL"] = opts.DatabaseURL
	} else if opts.DatabaseURL != "" {
		env["PROECOMMERCE_DATA_DIR"] = filepath.Dir(opts.DatabaseURL)
	}
	for k, v := range opts.Env {
		env[k] = v
	}
	cfg, err := config.LoadFrom(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func (h *Harness) startServers(ctx context.Context, cfg config.Config) {
	handler, err := h.App.Handler(ctx)
	if err != nil {
		h.T.Fatal(err)
	}
	h.Server = httptest.NewServer(handler)
	h.T.Cleanup(h.Server.Close)
	h.URL = h.Server.URL

	if err := h.App.Queue.Start(ctx); err != nil {
		h.T.Fatal(err)
	}
	h.T.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = h.App.Queue.Stop(stop)
	})
	if h.App.Providers.SandboxDNS != nil {
		h.DNSAddr = h.startDNS()
	}
}

// Targets lists the engines to run end-to-end tests on.
func Targets(t testing.TB) []testdb.Target { return testdb.Targets(t) }

// Client is an HTTP client with a cookie jar (a browser session) and an
// optional bearer token.
type Client struct {
	h     *Harness
	HTTP  *http.Client
	Token string
}

// NewClient returns a client with an empty cookie jar.
func (h *Harness) NewClient() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{h: h, HTTP: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// TokenClient returns a client that sends a new API token of the user.
func (h *Harness) TokenClient(email string) *Client {
	h.T.Helper()
	ctx := context.Background()
	u, err := h.App.Store.UserByEmail(ctx, h.Tenant.ID, email)
	if err != nil {
		h.T.Fatal(err)
	}
	tok, err := h.App.Store.CreateToken(ctx, u)
	if err != nil {
		h.T.Fatal(err)
	}
	c := h.NewClient()
	c.Token = tok
	return c
}

// AdminClient returns a token client of the first admin.
func (h *Harness) AdminClient() *Client { return h.TokenClient(h.Admin.Email) }

// Do sends a request with an optional JSON body and decodes a JSON answer
// into out (when not nil). It returns the status.
func (c *Client) Do(method, path string, body, out any) int {
	c.h.T.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.h.T.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.h.URL+path, r)
	if err != nil {
		c.h.T.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.h.T.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			c.h.T.Fatalf("%s %s: %d %s: %v", method, path, resp.StatusCode, raw, err)
		}
	}
	return resp.StatusCode
}

// Eventually polls cond until it holds or the timeout passes.
//
// Each seen function, if given, describes what the condition last saw, for
// the failure message.
func (h *Harness) Eventually(timeout time.Duration, what string, cond func() bool, seen ...func() string) {
	h.T.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}

	last := ""
	for _, f := range seen {
		last += "; last seen: " + f()
	}
	h.T.Fatalf("timed out after %s waiting for %s%s", timeout, what, last)
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
