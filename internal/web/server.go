// Package web serves the product over HTTP: the client portal and admin
// pages (html/template with htmx), and the JSON API under /api/v1.
package web

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/ratelimit"
	"github.com/proecommerce/domains/internal/saga"
	"github.com/proecommerce/domains/internal/store"
)

// Server holds what the handlers need.
type Server struct {
	Store      *store.Store
	Catalog    *catalog.Catalog
	Saga       *saga.Saga
	DNS        dnshost.Host
	Registrars catalog.Registrars
	Sessions   *scs.SessionManager
	Clock      clock.Clock
	Logger     *slog.Logger
	// Sandbox is true when any provider is a sandbox; pages show a banner.
	Sandbox bool
	// PaymentMode is "sandbox" or "stripe".
	PaymentMode string
	// StripePublishableKey is given to Stripe's Payment Element.
	StripePublishableKey string
	// Settings lists the effective configuration for the admin pages.
	Settings [][2]string
	// Extra lets the caller mount more handlers (River UI, Stripe
	// webhooks, sandbox controls) before the server is built.
	Extra func(r chi.Router)
	// Metrics is the Prometheus registry shown at /metrics.
	Metrics *prometheus.Registry
	// SandboxComplete ends a slow- sandbox operation from the admin pages.
	SandboxComplete func(r *http.Request, domain string, fail bool) error

	// BaseURL is the site's public address, for links in e-mails (never
	// taken from a request's Host header).
	BaseURL string

	loginLimiter *ratelimit.Attempts
	resetLimiter *ratelimit.Attempts
	pages        *pages
}

// extraAPIRoutes and extraPageRoutes let a feature add its routes from
// init in its own file. API routes run behind token or session auth;
// page routes get a bare router and add s.requireLogin as they need.
var (
	extraAPIRoutes  []func(s *Server, r chi.Router)
	extraPageRoutes []func(s *Server, r chi.Router)
)

// Handler builds the router.
func (s *Server) Handler() (http.Handler, error) {
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if err := s.newLimiters(); err != nil {
		return nil, err
	}
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	s.pages = p
	if s.SandboxComplete != nil {
		s.SandboxComplete = s.scopedSandboxComplete(s.SandboxComplete)
	}

	r := chi.NewRouter()
	r.Use(proxiedAddr, s.recoverer, securityHeaders(s.PaymentMode), s.Sessions.LoadAndSave)

	r.Get("/healthz", s.healthz)
	if s.Metrics != nil {
		r.Handle("/metrics", promhttp.HandlerFor(s.Metrics, promhttp.HandlerOpts{}))
	}
	r.Handle("/static/*", staticHandler())
	r.Route("/api/v1", func(r chi.Router) {
		s.apiRoutes(r)
		for _, f := range extraAPIRoutes {
			r.Group(func(r chi.Router) {
				r.Use(s.apiAuth)
				f(s, r)
			})
		}
	})
	for _, f := range extraPageRoutes {
		r.Group(func(r chi.Router) { f(s, r) })
	}
	s.pageRoutes(r)
	if s.Extra != nil {
		s.Extra(r)
	}

	cop := http.NewCrossOriginProtection()
	cop.AddInsecureBypassPattern("POST /webhooks/stripe")
	return routed{Handler: cop.Handler(r), router: r}, nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.Store.DB().PingContext(r.Context()); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// scopedSandboxComplete lets an admin end sandbox operations of their own
// tenant's orders only: the sandbox registrar is one for the installation.
func (s *Server) scopedSandboxComplete(complete func(*http.Request, string, bool) error) func(*http.Request, string, bool) error {
	return func(r *http.Request, domain string, fail bool) error {
		id, ok := identityFrom(r.Context())
		name, err := domainname.Normalize(domain)
		if !ok || err != nil {
			return store.ErrNotFound
		}
		var n int
		err = s.Store.DB().QueryRow(r.Context(), `SELECT count(*) FROM order_items WHERE tenant_id = ? AND domain = ?`,
			id.Tenant.ID, name).Scan(&n)
		if err != nil {
			return fmt.Errorf("web: look up %s: %w", name, err)
		}
		if n == 0 {
			return store.ErrNotFound
		}
		return complete(r, name, fail)
	}
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				s.Logger.Error("panic in handler", "path", r.URL.Path, "panic", v)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets the headers every answer carries. The content
// security policy allows our own scripts only, and Stripe's (its script,
// its frames and its API) when payments go through Stripe.
func securityHeaders(paymentMode string) func(http.Handler) http.Handler {
	csp := contentSecurityPolicy(paymentMode)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", csp)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			next.ServeHTTP(w, r)
		})
	}
}

func contentSecurityPolicy(paymentMode string) string {
	script, frame, connect := "'self'", "'none'", "'self'"
	if paymentMode == "stripe" {
		script += " https://js.stripe.com"
		frame = "https://js.stripe.com https://hooks.stripe.com"
		connect += " https://api.stripe.com"
	}
	return "default-src 'self'; script-src " + script + "; frame-src " + frame + "; connect-src " + connect +
		"; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'" +
		"; form-action 'self'; frame-ancestors 'none'"
}
