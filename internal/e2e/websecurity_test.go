package e2e

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/store"
)

var pathParam = regexp.MustCompile(`\{[^}]+\}|\*`)

// Every state-changing route refuses a cross-origin request before it
// does anything; the Stripe webhook alone is exempt (Stripe signs it).
func TestCrossOriginPostsAreRefused(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	adminC := h.AdminClient()
	cross := []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "https://evil.example"},
	}

	n := 0
	for _, rt := range h.Routes() {
		if rt.Method == "GET" || rt.Method == "HEAD" || rt.Method == "OPTIONS" || rt.Method == "TRACE" ||
			rt.Method == "CONNECT" || rt.Method == "QUERY" || rt.Pattern == "/webhooks/stripe" {
			continue
		}
		path := pathParam.ReplaceAllString(rt.Pattern, "x")
		for _, hdr := range cross {
			a := send(t, h, adminC, rt.Method, path, formType, "domain=x.com&enabled=true", hdr)
			if a.Status != http.StatusForbidden {
				t.Errorf("%s with %v: %d, want 403", rt, hdr, a.Status)
			}
		}
		n++
	}
	if n < 20 {
		t.Fatalf("only %d state-changing routes were found", n)
	}

	// The same request from our own pages goes through.
	a := send(t, h, h.NewClient(), "POST", "/logout", formType, "", map[string]string{"Sec-Fetch-Site": "same-origin"})
	if a.Status != http.StatusSeeOther {
		t.Errorf("same-origin logout: %d", a.Status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	for _, path := range []string{"/", "/login", "/api/v1/tlds", "/no-such-page"} {
		a := send(t, h, h.NewClient(), "GET", path, "", "", nil)
		csp := a.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self';") || !strings.Contains(csp, "frame-ancestors 'none'") ||
			strings.Contains(csp, "stripe") {
			t.Errorf("%s: CSP %q (sandbox mode allows our own scripts only)", path, csp)
		}
		if a.Header.Get("Referrer-Policy") != "same-origin" || a.Header.Get("X-Frame-Options") != "DENY" ||
			a.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", path, a.Header)
		}
	}
}

func sessionCookie(t *testing.T, h *apptest.Harness) *http.Cookie {
	t.Helper()
	form := url.Values{"name": {"Cookie Monster"}, "email": {"cookie@iso.test"}, "password": {"correct horse"}}
	a := send(t, h, h.NewClient(), "POST", "/signup", formType, form.Encode(), nil)
	for _, c := range (&http.Response{Header: a.Header}).Cookies() {
		if c.Name == "proecommerce_session" {
			return c
		}
	}
	t.Fatalf("sign-up set no session cookie: %d %v", a.Status, a.Header)
	return nil
}

func TestSessionCookie(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	c := sessionCookie(t, h)
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure {
		t.Errorf("plain-HTTP cookie %+v: want HttpOnly, SameSite=Lax, not Secure", c)
	}

	tls := apptest.Start(t, apptest.Options{Env: map[string]string{"PROECOMMERCE_BASE_URL": "https://domains.example.com"}})
	c = sessionCookie(t, tls)
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || !c.Secure {
		t.Errorf("cookie behind TLS %+v: want HttpOnly, SameSite=Lax, Secure", c)
	}
}

func login(t *testing.T, h *apptest.Harness, email, password string, hdr map[string]string) int {
	t.Helper()
	form := url.Values{"email": {email}, "password": {password}}
	return send(t, h, h.NewClient(), "POST", "/login", formType, form.Encode(), hdr).Status
}

func TestLoginIsRateLimited(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	h.UserClient(h.Tenant, "victim@iso.test", store.RoleClient)

	// Per account: ten wrong guesses from ten addresses, then even the
	// right password waits.
	for i := range 10 {
		hdr := map[string]string{"X-Forwarded-For": "198.51.100." + strconv.Itoa(i+1)}
		if st := login(t, h, "victim@iso.test", "wrong-guess", hdr); st != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, st)
		}
	}
	if st := login(t, h, "victim@iso.test", "correct horse battery", map[string]string{"X-Forwarded-For": "198.51.100.99"}); st != http.StatusTooManyRequests {
		t.Errorf("the 11th attempt on one account: %d, want 429", st)
	}

	// Per address: one client trying many accounts, through our proxy,
	// changing the X-Forwarded-For it sends (the proxy appends the real one).
	for i := range 10 {
		hdr := map[string]string{"X-Forwarded-For": "10.9.9." + strconv.Itoa(i+1) + ", 203.0.113.50",
			"X-Real-IP": "10.8.8." + strconv.Itoa(i+1)}
		if st := login(t, h, "nobody"+strconv.Itoa(i)+"@iso.test", "wrong-guess", hdr); st != http.StatusUnauthorized {
			t.Fatalf("address attempt %d: %d", i, st)
		}
	}
	hdr := map[string]string{"X-Forwarded-For": "10.9.9.200, 203.0.113.50"}
	if st := login(t, h, "fresh@iso.test", "wrong-guess", hdr); st != http.StatusTooManyRequests {
		t.Errorf("the 11th attempt from one address: %d, want 429", st)
	}
	if st := login(t, h, "fresh@iso.test", "wrong-guess", map[string]string{"X-Forwarded-For": "203.0.113.51"}); st != http.StatusUnauthorized {
		t.Errorf("another address is not limited: %d", st)
	}
}

// TestLoginLimitIsSharedByProcesses: guesses spread over two processes on
// one database count as one run of guesses.
func TestLoginLimitIsSharedByProcesses(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "proecommerce.db")
	first := apptest.Start(t, apptest.Options{DatabaseURL: dbPath})
	second := apptest.Start(t, apptest.Options{DatabaseURL: dbPath})
	first.UserClient(first.Tenant, "victim@iso.test", store.RoleClient)

	for i := range 10 {
		h := []*apptest.Harness{first, second}[i%2]
		hdr := map[string]string{"X-Forwarded-For": "198.51.100." + strconv.Itoa(i+1)}
		if st := login(t, h, "victim@iso.test", "wrong-guess", hdr); st != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, st)
		}
	}
	for _, h := range []*apptest.Harness{first, second} {
		hdr := map[string]string{"X-Forwarded-For": "198.51.100.99"}
		if st := login(t, h, "victim@iso.test", "correct horse battery", hdr); st != http.StatusTooManyRequests {
			t.Errorf("the 11th attempt on one account at %s: %d, want 429", h.URL, st)
		}
	}
}

func TestPasswordsAreArgon2id(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	sessionCookie(t, h)
	u, err := h.App.Store.UserByEmail(context.Background(), h.Tenant.ID, "cookie@iso.test")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$") || strings.Contains(u.PasswordHash, "correct horse") {
		t.Errorf("stored password %q", u.PasswordHash)
	}
}

// A record value and a client's name holding markup render as text.
func TestOutputIsEscaped(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	w := newWorld(t, h)
	const evil = `<script>alert("x")</script>`

	ownerC := w.callers[owner]
	st := ownerC.Do("PUT", "/api/v1/domains/"+w.domain+"/records",
		map[string]any{"name": "xss", "type": "TXT", "ttl": 300, "values": []string{evil}}, nil)
	if st != 200 {
		t.Fatalf("put record: %d", st)
	}
	var created struct {
		ID string `json:"id"`
	}
	if st := w.callers[admin].Do("POST", "/api/v1/clients", map[string]string{"email": "evil@iso.test",
		"name": evil, "password": "correct horse"}, &created); st != 201 {
		t.Fatalf("create client: %d", st)
	}

	for _, c := range []struct {
		who   string
		path  string
		shown bool
	}{{owner, "/domains/" + w.domain, true}, {admin, "/domains/" + w.domain, true}, {admin, "/admin", false},
		{admin, "/admin/clients", false}, {owner, "/api/v1/domains/" + w.domain + "/records", true},
		{admin, "/api/v1/clients", true}} {
		a := send(t, h, w.callers[c.who], "GET", c.path, "", "", nil)
		if a.Status != 200 && c.shown {
			t.Errorf("%s %s: %d", c.who, c.path, a.Status)
		}
		if strings.Contains(a.Body, "<script>alert") {
			t.Errorf("%s %s renders the markup unescaped", c.who, c.path)
		}
		if c.shown && !strings.Contains(a.Body, "&lt;script&gt;") && !strings.Contains(a.Body, `\u003cscript\u003e`) &&
			!strings.Contains(a.Body, "&#34;") {
			t.Errorf("%s %s does not show the value as text", c.who, c.path)
		}
	}
}

// Without a valid token or session the API answers 401, whatever was sent.
// The scheme's case does not matter (HTTP reads it case-insensitively).
func TestInvalidCredentialsAre401(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	valid := h.AdminClient().Token
	for _, auth := range []string{"Bearer nope", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Bearer" + valid,
		"Bearer " + valid + "x", "Bearer " + strings.Repeat("a", 5000), valid} {
		a := send(t, h, h.NewClient(), "GET", "/api/v1/orders", "", "", map[string]string{"Authorization": auth})
		if a.Status != http.StatusUnauthorized || !strings.Contains(a.Body, `"unauthorized"`) {
			t.Errorf("Authorization %.20q…: %d %s", auth, a.Status, a.Body)
		}
	}
	a := send(t, h, h.NewClient(), "GET", "/api/v1/orders", "", "", map[string]string{"Authorization": "Bearer " + valid})
	if a.Status != http.StatusOK {
		t.Errorf("the valid token: %d", a.Status)
	}
}
