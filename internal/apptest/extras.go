package apptest

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/app"
	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/web"
)

// Extras change a harness beyond Options: they capture every log line and
// put faults between the saga and its registrars.
type Extras struct {
	// Logs receives every log line at debug level (text format), besides
	// the warnings written to the test log.
	Logs io.Writer
	// WrapRegistrar, when set, wraps each registrar the saga calls, so a
	// test can make it fail (see Flaky).
	WrapRegistrar func(registrar.Registrar) registrar.Registrar
}

// StartWith runs the product like Start, with the extras applied.
func StartWith(t testing.TB, opts Options, x Extras) *Harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)

	cfg := loadConfig(t, opts)
	var handler slog.Handler = slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})
	if x.Logs != nil {
		handler = teeHandler{handler, slog.NewTextHandler(x.Logs, &slog.HandlerOptions{Level: slog.LevelDebug})}
	}
	a, err := app.Open(ctx, cfg, slog.New(handler), app.Options{Work: true,
		ResumeEvery: 200 * time.Millisecond, JobPoll: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	if x.WrapRegistrar != nil {
		a.Saga.Registrars = wrappedRegistrars{Registrars: a.Providers, wrap: x.WrapRegistrar}
	}

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

// Routes lists every route the running server answers.
func (h *Harness) Routes() []web.Route {
	h.T.Helper()
	routes, err := web.Routes(h.Server.Config.Handler)
	if err != nil {
		h.T.Fatal(err)
	}
	return routes
}

type wrappedRegistrars struct {
	catalog.Registrars
	wrap func(registrar.Registrar) registrar.Registrar
}

func (w wrappedRegistrars) Registrar(name string) (registrar.Registrar, bool) {
	r, ok := w.Registrars.Registrar(name)
	if !ok {
		return r, ok
	}
	return w.wrap(r), true
}

// teeHandler sends each record to two handlers.
type teeHandler struct{ a, b slog.Handler }

func (t teeHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return t.a.Enabled(ctx, l) || t.b.Enabled(ctx, l)
}

func (t teeHandler) Handle(ctx context.Context, r slog.Record) error {
	if t.a.Enabled(ctx, r.Level) {
		_ = t.a.Handle(ctx, r.Clone())
	}
	if t.b.Enabled(ctx, r.Level) {
		return t.b.Handle(ctx, r)
	}
	return nil
}

func (t teeHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return teeHandler{t.a.WithAttrs(as), t.b.WithAttrs(as)}
}

func (t teeHandler) WithGroup(name string) slog.Handler {
	return teeHandler{t.a.WithGroup(name), t.b.WithGroup(name)}
}
