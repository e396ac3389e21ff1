package saga_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/clock"
	dnssandbox "github.com/proecommerce/domains/internal/dnshost/sandbox"
	paysandbox "github.com/proecommerce/domains/internal/payment/sandbox"
	"github.com/proecommerce/domains/internal/registrar"
	regsandbox "github.com/proecommerce/domains/internal/registrar/sandbox"
	"github.com/proecommerce/domains/internal/saga"
	"github.com/proecommerce/domains/internal/secretbox"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
)

// Delays of the sandbox providers, on the fake clock.
const (
	registerDelay = time.Minute
	transferDelay = 48 * time.Hour
	pollEvery     = 20 * time.Second
	transferPoll  = 6 * time.Hour
)

// world is the saga over a real store and the sandbox providers, wrapped
// in a cutter that can make any external call "kill the process".
type world struct {
	t      *testing.T
	ctx    context.Context
	clk    *clock.Fake
	db     *sqldb.DB
	st     *store.Store
	reg    *regsandbox.Registrar
	gw     *paysandbox.Gateway
	cut    *cutter
	sched  *recorder
	saga   *saga.Saga
	tenant store.Tenant
	client store.User
}

func newWorld(t *testing.T, db *sqldb.DB) *world {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC))
	w := &world{t: t, ctx: ctx, clk: clk, db: db, st: store.New(db, &ticking{f: clk}), cut: &cutter{},
		sched: &recorder{}}

	var err error
	w.reg, err = regsandbox.New(db, clk, regsandbox.Options{RegisterDelay: registerDelay,
		TransferDelay: transferDelay})
	if err != nil {
		t.Fatal(err)
	}
	w.gw = paysandbox.New(db, clk, paysandbox.Options{})
	dns := dnssandbox.New(db, clk, dnssandbox.Options{PropagationDelay: -1})
	w.setUpTenant()

	box, err := secretbox.New([]byte("test secret"))
	if err != nil {
		t.Fatal(err)
	}
	regs := registrars{r: &cutRegistrar{Registrar: w.reg, c: w.cut}}
	logger := slog.New(slog.DiscardHandler)
	w.saga = &saga.Saga{Store: w.st, Catalog: catalog.New(w.st, regs, clk, logger), Registrars: regs,
		DNS: &cutDNS{Host: dns, c: w.cut}, Gateway: &cutGateway{Gateway: w.gw, c: w.cut},
		Scheduler: w.sched, Clock: clk, Logger: logger, Secrets: box,
		PollInterval: pollEvery, TransferPollInterval: transferPoll}
	return w
}

func (w *world) setUpTenant() {
	t, ctx := w.t, w.ctx
	var err error
	if w.tenant, err = w.st.CreateTenant(ctx, "Test", true); err != nil {
		t.Fatal(err)
	}
	prices, err := w.reg.Prices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.st.ReplacePrices(ctx, regsandbox.Name, prices); err != nil {
		t.Fatal(err)
	}
	if err := w.st.EnableTLDs(ctx, w.tenant.ID, regsandbox.Name, []string{"com", "net"}); err != nil {
		t.Fatal(err)
	}
	w.client, err = w.st.CreateUser(ctx, store.User{TenantID: w.tenant.ID, Email: "ada@example.com",
		Name: "Ada", Role: store.RoleClient, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
}

func contact() registrar.Contact {
	return registrar.Contact{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com",
		Phone: "+1.2065550119", Address1: "1 Main St", City: "Seattle", State: "WA",
		PostalCode: "98101", Country: "US"}
}

// checkout pays for items with the sandbox card that always works.
func (w *world) checkout(items ...saga.CheckoutItem) (store.Order, error) {
	return w.saga.Checkout(w.ctx, saga.CheckoutRequest{Tenant: w.tenant, Client: w.client,
		Items: items, Contact: contact(), Card: "4242424242424242"})
}

// drive runs the scheduled steps as the job queue would, moving the fake
// clock over each snooze, until nothing is scheduled. It stops at the
// first error, as a process that died would.
func (w *world) drive() error {
	for range 2000 {
		kind, id, ok := w.sched.next()
		if !ok {
			return nil
		}
		if kind == "settle" {
			if err := w.saga.Settle(w.ctx, id); err != nil {
				return err
			}
			continue
		}
		step, err := w.saga.Advance(w.ctx, id)
		if err != nil {
			return err
		}
		if step.Snooze > 0 {
			w.clk.Advance(step.Snooze)
			if err := w.sched.AdvanceItem(w.ctx, id); err != nil {
				return err
			}
		}
	}
	return errors.New("the saga did not come to rest")
}

// restart forgets every scheduled job, heals the providers, lets the
// pending-checkout grace period pass and runs recovery until the order is
// no longer open.
func (w *world) restart(orderID string) {
	w.t.Helper()
	w.sched.reset()
	w.cut.heal()
	for range 5 {
		w.clk.Advance(16 * time.Minute)
		if err := w.saga.Resume(w.ctx); err != nil {
			w.t.Fatalf("resume: %v", err)
		}
		if err := w.drive(); err != nil {
			w.t.Fatalf("after restart: %v", err)
		}
		if o, err := w.st.OrderByID(w.ctx, orderID); err == nil && o.Status != store.OrderOpen {
			return
		}
	}
	w.t.Fatalf("order %s still open after recovery", orderID)
}

// ticking is the fake clock plus a microsecond more at every reading, so
// the store's history entries written at one fake instant keep their order.
type ticking struct {
	f *clock.Fake
	n atomic.Int64
}

func (c *ticking) Now() time.Time { return c.f.Now().Add(time.Duration(c.n.Add(1)) * time.Microsecond) }

// registrars serves the one sandbox registrar.
type registrars struct{ r registrar.Registrar }

func (r registrars) Registrar(name string) (registrar.Registrar, bool) {
	return r.r, name == regsandbox.Name
}

func (r registrars) Default() string { return regsandbox.Name }

// recorder is a Scheduler that keeps what was scheduled, once per id as
// River's unique jobs do.
type recorder struct {
	mu      sync.Mutex
	queue   [][2]string
	pending map[string]bool
}

func (r *recorder) add(kind, id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pending == nil {
		r.pending = map[string]bool{}
	}
	if r.pending[kind+id] {
		return
	}
	r.pending[kind+id] = true
	r.queue = append(r.queue, [2]string{kind, id})
}

func (r *recorder) AdvanceItem(_ context.Context, id string) error { r.add("advance", id); return nil }

func (r *recorder) SettleOrder(_ context.Context, id string) error { r.add("settle", id); return nil }

func (r *recorder) next() (string, string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.queue) == 0 {
		return "", "", false
	}
	j := r.queue[0]
	r.queue = r.queue[1:]
	delete(r.pending, j[0]+j[1])
	return j[0], j[1], true
}

func (r *recorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.queue, r.pending = nil, nil
}

// scheduled lists the ids scheduled for kind, in order.
func (r *recorder) scheduled(kind string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, j := range r.queue {
		if j[0] == kind {
			out = append(out, j[1])
		}
	}
	return out
}

func (w *world) mustOrder(id string) store.Order {
	w.t.Helper()
	o, err := w.st.OrderByID(w.ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	return o
}

func (w *world) operations(domain string) int {
	w.t.Helper()
	var n int
	err := w.db.QueryRow(w.ctx, `SELECT count(*) FROM sandbox_registry_operations
		WHERE domain = ? AND type IN ('register', 'transfer_in')`, domain).Scan(&n)
	if err != nil {
		w.t.Fatal(err)
	}
	return n
}

func label(prefix string, n int) string { return fmt.Sprintf("%s%d", prefix, n) }
