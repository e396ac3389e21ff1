package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/auth"
	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/web"
)

// counting wraps a registrar and counts the setting calls that reach it.
// With async set, SetPrivacy answers an operation still in progress that
// ends (and takes effect) only once release is called.
type counting struct {
	registrar.Registrar
	mu       sync.Mutex
	calls    map[string]int
	async    bool
	released bool
	wanted   map[string]bool
}

func (c *counting) count(op string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[op]++
}

func (c *counting) n(op string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[op]
}

func (c *counting) SetPrivacy(ctx context.Context, domain string, on bool) (registrar.Operation, error) {
	c.count("privacy")
	if !c.async {
		return c.Registrar.SetPrivacy(ctx, domain, on)
	}
	c.mu.Lock()
	c.wanted[domain] = on
	c.mu.Unlock()
	return registrar.Operation{ID: "async-" + domain, Domain: domain, Type: registrar.OpPrivacy,
		Status: registrar.OpInProgress}, nil
}

func (c *counting) Operation(ctx context.Context, id string) (registrar.Operation, error) {
	domain, ok := strings.CutPrefix(id, "async-")
	if !ok {
		return c.Registrar.Operation(ctx, id)
	}
	c.mu.Lock()
	released, on := c.released, c.wanted[domain]
	c.mu.Unlock()
	op := registrar.Operation{ID: id, Domain: domain, Type: registrar.OpPrivacy, Status: registrar.OpInProgress}
	if !released {
		return op, nil
	}
	if _, err := c.Registrar.SetPrivacy(ctx, domain, on); err != nil {
		return op, err
	}
	op.Status = registrar.OpSucceeded
	return op, nil
}

func (c *counting) SetLock(ctx context.Context, domain string, on bool) (registrar.Operation, error) {
	c.count("lock")
	return c.Registrar.SetLock(ctx, domain, on)
}

func (c *counting) AuthCode(ctx context.Context, domain string) (string, error) {
	c.count("auth_code")
	return c.Registrar.AuthCode(ctx, domain)
}

func (c *counting) SetNameservers(ctx context.Context, domain string, ns []string) (registrar.Operation, error) {
	c.count("nameservers")
	return c.Registrar.SetNameservers(ctx, domain, ns)
}

// regs serves the counting sandbox as "sandbox" and, for routing tests,
// the same registry as a second registrar "other".
type regs struct {
	sandbox *counting
}

func (r regs) Registrar(name string) (registrar.Registrar, bool) {
	switch name {
	case "sandbox":
		return r.sandbox, true
	case "other":
		return r.sandbox.Registrar, true
	}
	return nil, false
}

func (r regs) Default() string { return "sandbox" }
func (r regs) Names() []string { return []string{"sandbox", "other"} }
func (r regs) IsSandbox() bool { return true }

// env is a running product with the web server built over the counting
// registrar, plus an admin and a client with tokens and browser sessions.
type env struct {
	t       *testing.T
	h       *apptest.Harness
	reg     *counting
	url     string
	admin   store.User
	client  store.User
	adminT  string
	clientT string
}

const password = "correct horse battery"

func newEnv(t *testing.T) *env {
	t.Helper()
	h := apptest.Start(t, apptest.Options{})
	reg := &counting{Registrar: h.App.Providers.SandboxRegistrar, calls: map[string]int{},
		wanted: map[string]bool{}}
	rs := regs{sandbox: reg}
	logger := slog.New(slog.DiscardHandler)
	s := &web.Server{Store: h.App.Store, Catalog: catalog.New(h.App.Store, rs, h.App.Clock, logger),
		Saga: h.App.Saga, DNS: h.App.Providers.DNS, Registrars: rs, Sessions: h.App.Sessions,
		Clock: h.App.Clock, Logger: logger, Sandbox: true, PaymentMode: "sandbox"}
	handler, err := s.Handler()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)

	e := &env{t: t, h: h, reg: reg, url: srv.URL}
	e.admin = e.user(h.Tenant.ID, "boss@example.com", store.RoleAdmin)
	e.client = e.user(h.Tenant.ID, "ada@example.com", store.RoleClient)
	e.adminT, e.clientT = e.token(e.admin), e.token(e.client)
	return e
}

func (e *env) user(tenantID, email, role string) store.User {
	e.t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		e.t.Fatal(err)
	}
	u, err := e.h.App.Store.CreateUser(context.Background(), store.User{TenantID: tenantID,
		Email: email, Name: strings.Split(email, "@")[0], Role: role, PasswordHash: hash, Currency: "USD"})
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *env) token(u store.User) string {
	e.t.Helper()
	tok, err := e.h.App.Store.CreateToken(context.Background(), u)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// api sends a JSON request with a token and decodes the answer into out.
func (e *env) api(token, method, path string, body, out any) int {
	e.t.Helper()
	var r io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		r = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, e.url+path, r)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			e.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, raw)
		}
	}
	return resp.StatusCode
}

// browser logs a user in through the login form.
func (e *env) browser(email string) *http.Client {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	resp, err := c.PostForm(e.url+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("login of %s: %d", email, resp.StatusCode)
	}
	return c
}

// page fetches a page and returns its status and body.
func (e *env) page(c *http.Client, path string) (int, string) {
	e.t.Helper()
	resp, err := c.Get(e.url + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

// post submits a form and returns the final status and body.
func (e *env) post(c *http.Client, path string, form url.Values) (int, string) {
	e.t.Helper()
	resp, err := c.PostForm(e.url+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

// domain registers a name in the sandbox registry and records it as the
// client's (or unassigned when clientID is empty).
func (e *env) domain(name, clientID string) store.Domain {
	e.t.Helper()
	ctx := context.Background()
	sb := e.h.App.Providers.SandboxRegistrar
	name, err := domainname.Normalize(name)
	if err != nil {
		e.t.Fatal(err)
	}
	_, err = sb.Register(ctx, registrar.RegisterRequest{Domain: name, Years: 1,
		Contact: registrar.Contact{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com",
			Phone: "+1.2065550119", Address1: "1 Main St", City: "Seattle", PostalCode: "98101",
			Country: "US"}})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := sb.Complete(ctx, name, false); err != nil {
		e.t.Fatal(err)
	}
	detail, err := sb.DomainDetail(ctx, name)
	if err != nil {
		e.t.Fatal(err)
	}
	_, tld, _ := strings.Cut(name, ".")
	d, err := e.h.App.Store.UpsertDomain(ctx, store.Domain{TenantID: e.h.Tenant.ID, ClientID: clientID,
		Name: name, TLD: tld, Status: store.DomainActive, Registrar: "sandbox", ExpiresAt: detail.Expires,
		Privacy: detail.Privacy, Locked: detail.Locked, Nameservers: detail.Nameservers})
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

type apiDomain struct {
	Domain      string   `json:"domain"`
	Locked      bool     `json:"locked"`
	Nameservers []string `json:"nameservers"`
	Privacy     struct {
		Enabled   bool   `json:"enabled"`
		Available bool   `json:"available"`
		Reason    string `json:"reason"`
	} `json:"privacy"`
	Pending []string `json:"pending_operations"`
}

type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}
