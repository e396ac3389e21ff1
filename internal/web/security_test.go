package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestContentSecurityPolicy(t *testing.T) {
	sandbox := contentSecurityPolicy("sandbox")
	for _, want := range []string{"script-src 'self';", "frame-ancestors 'none'", "object-src 'none'",
		"frame-src 'none'", "form-action 'self'"} {
		if !strings.Contains(sandbox, want) {
			t.Errorf("sandbox CSP lacks %q: %s", want, sandbox)
		}
	}
	if strings.Contains(sandbox, "stripe") || strings.Contains(sandbox, "unsafe-eval") {
		t.Errorf("sandbox CSP allows more than our own scripts: %s", sandbox)
	}

	stripe := contentSecurityPolicy("stripe")
	for _, want := range []string{"script-src 'self' https://js.stripe.com;", "connect-src 'self' https://api.stripe.com;",
		"frame-src https://js.stripe.com", "frame-ancestors 'none'"} {
		if !strings.Contains(stripe, want) {
			t.Errorf("Stripe CSP lacks %q: %s", want, stripe)
		}
	}
	if strings.Contains(stripe, "script-src 'self' https://js.stripe.com 'unsafe-inline'") {
		t.Errorf("Stripe CSP allows inline scripts: %s", stripe)
	}
}

func TestProxiedAddr(t *testing.T) {
	cases := []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"no header", "203.0.113.9:4000", nil, "203.0.113.9:4000"},
		{"public peer is not a proxy", "203.0.113.9:4000", []string{"10.1.1.1"}, "203.0.113.9:4000"},
		{"the proxy's entry is the last", "10.0.0.2:4000", []string{"1.1.1.1, 198.51.100.7"}, "198.51.100.7:0"},
		{"last header wins", "127.0.0.1:4000", []string{"1.1.1.1", "198.51.100.8"}, "198.51.100.8:0"},
		{"ipv6 client", "[::1]:4000", []string{"2001:db8::1"}, "[2001:db8::1]:0"},
		{"garbage is ignored", "10.0.0.2:4000", []string{"not-an-address"}, "10.0.0.2:4000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = c.peer
			for _, v := range c.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			r.Header.Set("X-Real-IP", "9.9.9.9")
			var got string
			proxiedAddr(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = r.RemoteAddr })).
				ServeHTTP(httptest.NewRecorder(), r)
			if got != c.want {
				t.Errorf("remote address %q, want %q", got, c.want)
			}
			if ip := clientIP(&http.Request{RemoteAddr: got}); strings.Contains(ip, ":0") && !strings.Contains(ip, "::") {
				t.Errorf("clientIP(%q) = %q kept the port", got, ip)
			}
		})
	}
}
