package apptest

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/app"
)

// StartStoppable runs the product like Start and also returns a stop
// function that shuts it down before the test ends, as a process that is
// killed between two polls would be: River stops (waiting for the jobs it
// runs), the HTTP server closes, the database is closed. Another harness
// started with the same Options.DatabaseURL (a .db path for SQLite) then
// plays the restarted process. Stop may be called more than once; it also
// runs when the test ends.
//
// Each tune function changes the app after it is opened and before any
// job runs, for a setting the configuration does not reach (a saga poll
// interval, say).
func StartStoppable(t testing.TB, opts Options, tune ...func(*app.App)) (*Harness, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())

	cfg := loadConfig(t, opts)
	logger := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.Open(ctx, cfg, logger, app.Options{Work: true, ResumeEvery: 200 * time.Millisecond,
		JobPoll: 20 * time.Millisecond})
	if err != nil {
		cancel()
		t.Fatal(err)
	}

	for _, f := range tune {
		f(a)
	}

	h := &Harness{T: t, App: a}
	stop := sync.OnceFunc(func() { h.stop(cancel) })
	t.Cleanup(stop)

	if h.Admin, err = a.Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	if h.Tenant, err = a.Store.DefaultTenant(ctx); err != nil {
		t.Fatal(err)
	}
	h.startStoppable(ctx)
	return h, stop
}

// startStoppable starts the HTTP server and River without tying their
// end to the test, so that stop can end them early.
func (h *Harness) startStoppable(ctx context.Context) {
	handler, err := h.App.Handler(ctx)
	if err != nil {
		h.T.Fatal(err)
	}
	h.Server = httptest.NewServer(handler)
	h.URL = h.Server.URL

	if err := h.App.Queue.Start(ctx); err != nil {
		h.T.Fatal(err)
	}
	if h.App.Providers.SandboxDNS != nil {
		h.DNSAddr = h.startDNS()
	}
}

// stop ends River first, so no job is cut off in the middle, then the
// server, the context and the database.
func (h *Harness) stop(cancel context.CancelFunc) {
	if h.App.Queue != nil {
		ctx, done := context.WithTimeout(context.Background(), 10*time.Second)
		if err := h.App.Queue.Stop(ctx); err != nil {
			h.T.Logf("apptest: stop River: %v", err)
		}
		done()
	}
	if h.Server != nil {
		h.Server.Close()
	}
	cancel()
	h.App.Close()
}
