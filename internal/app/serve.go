package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	dnssandbox "github.com/proecommerce/domains/internal/dnshost/sandbox"
	"github.com/proecommerce/domains/internal/web"
)

// Handler builds the web server's handler.
func (a *App) Handler(ctx context.Context) (http.Handler, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	s := &web.Server{Store: a.Store, Catalog: a.Catalog, Saga: a.Saga, DNS: a.Providers.DNS,
		Registrars: a.Providers, Sessions: a.Sessions, Clock: a.Clock, Logger: a.Logger,
		Sandbox: a.Providers.IsSandbox(), PaymentMode: a.Config.Payments,
		StripePublishableKey: a.Config.StripePublishableKey, Settings: a.Config.Redacted(),
		BaseURL: a.Config.BaseURL,
		Metrics: reg}
	if a.Providers.SandboxRegistrar != nil {
		s.SandboxComplete = func(r *http.Request, domain string, fail bool) error {
			_, err := a.Providers.SandboxRegistrar.Complete(r.Context(), domain, fail)
			return err
		}
	}

	ui, err := a.Queue.Handler(ctx, "/admin/jobs", a.Logger)
	if err != nil {
		a.Logger.Warn("River UI is not available", "err", err)
	}
	s.Extra = func(r chi.Router) {
		if ui != nil {
			r.With(s.AdminOnlyPage).Handle("/admin/jobs/*", ui)
			r.With(s.AdminOnlyPage).Handle("/admin/jobs", ui)
		}
		if a.Providers.Stripe != nil {
			r.Post("/webhooks/stripe", a.stripeWebhook().ServeHTTP)
		} else {
			r.Post("/webhooks/stripe", noStripeWebhook)
		}
	}
	return s.Handler()
}

// Serve runs the web server, the job queue and, in sandbox mode, the
// authoritative DNS server until ctx ends.
func (a *App) Serve(ctx context.Context) error {
	h, err := a.Handler(ctx)
	if err != nil {
		return err
	}
	if err := a.Queue.Start(ctx); err != nil {
		return fmt.Errorf("app: start jobs: %w", err)
	}
	defer a.stopQueue()
	for _, m := range modules {
		if m.Start == nil {
			continue
		}
		if err := m.Start(ctx, a); err != nil {
			a.Logger.Error("module start failed", "module", m.Name, "err", err)
		}
	}

	if a.Providers.SandboxDNS != nil {
		dnsServer := dnssandbox.NewServer(a.Providers.SandboxDNS, a.Logger)
		if _, _, err := dnsServer.Start(a.Config.SandboxDNSListen); err != nil {
			return fmt.Errorf("app: sandbox DNS server: %w", err)
		}
		defer func() { _ = dnsServer.Shutdown(context.Background()) }()
	}
	return a.listen(ctx, h)
}

func (a *App) listen(ctx context.Context, h http.Handler) error {
	ln, err := net.Listen("tcp", a.Config.Listen)
	if err != nil {
		return fmt.Errorf("app: listen %s: %w", a.Config.Listen, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()

	a.Logger.Info("serving", "url", "http://"+ln.Addr().String())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (a *App) stopQueue() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = a.Queue.Stop(ctx)
}

// noStripeWebhook answers Stripe's webhook path when payments do not go
// through Stripe: no signature can be right without a webhook secret, so
// every delivery is refused as one with a wrong signature.
func noStripeWebhook(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = io.WriteString(w, `{"error": {"code": "invalid", "field": "Stripe-Signature", "message": `+
		`"invalid signature: Stripe webhooks are not configured (PROECOMMERCE_PAYMENTS is not stripe)"}}`+"\n")
}
