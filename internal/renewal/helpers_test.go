package renewal

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/clock"
	paysandbox "github.com/proecommerce/domains/internal/payment/sandbox"
	"github.com/proecommerce/domains/internal/registrar"
	regsandbox "github.com/proecommerce/domains/internal/registrar/sandbox"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
)

// asOf is the day of the monthly run most tests make.
var asOf = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

// registrars serves one registrar under its name.
type registrars struct{ r registrar.Registrar }

func (rs registrars) Registrar(name string) (registrar.Registrar, bool) {
	return rs.r, name == rs.r.Name()
}

func (rs registrars) Default() string { return rs.r.Name() }

// bundle is a renewal service over the sandbox registrar and gateway.
type bundle struct {
	ctx    context.Context
	db     *sqldb.DB
	clk    *clock.Fake
	st     *store.Store
	reg    *regsandbox.Registrar
	gw     *paysandbox.Gateway
	svc    *Service
	tenant store.Tenant
	client store.User
}

func setup(t testing.TB, db *sqldb.DB) *bundle {
	t.Helper()
	ctx := context.Background()
	b := &bundle{ctx: ctx, db: db, clk: clock.NewFake(asOf.Add(2 * time.Hour))}
	b.st = store.New(db, b.clk)

	var err error
	if b.reg, err = regsandbox.New(db, b.clk, regsandbox.Options{}); err != nil {
		t.Fatal(err)
	}
	prices, _ := b.reg.Prices(ctx)
	must(t, b.st.ReplacePrices(ctx, regsandbox.Name, prices))
	b.tenant, err = b.st.CreateTenant(ctx, "Hosting", true)
	must(t, err)
	must(t, b.st.EnableTLDs(ctx, b.tenant.ID, regsandbox.Name, []string{"com", "io", "co.uk"}))
	b.client, err = b.st.CreateUser(ctx, store.User{TenantID: b.tenant.ID, Email: "ann@example.com",
		Name: "Ann", Role: store.RoleClient, Currency: "USD", PaymentCustomer: "cus_ann",
		PaymentMethod: "pm_card_visa"})
	must(t, err)

	b.gw = paysandbox.New(db, b.clk, paysandbox.Options{})
	b.svc = b.service(registrars{b.reg})
	return b
}

func (b *bundle) service(regs catalog.Registrars) *Service {
	cat := catalog.New(b.st, regs, b.clk, nil)
	return New(b.st, cat, regs, b.gw, b.clk, nil, Config{BatchSize: 3,
		Retry: []time.Duration{time.Hour, 2 * time.Hour}})
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// domain adds an active domain of the client expiring at exp, held at the
// sandbox registry with the expiry registry (zero: the same).
func (b *bundle) domain(t testing.TB, name string, exp, registry time.Time) store.Domain {
	t.Helper()
	d, err := b.st.UpsertDomain(b.ctx, store.Domain{TenantID: b.tenant.ID, ClientID: b.client.ID,
		Name: name, TLD: tldOf(name), Status: store.DomainActive, Registrar: regsandbox.Name,
		ExpiresAt: exp, AutoRenew: true})
	must(t, err)
	if registry.IsZero() {
		registry = exp
	}
	_, err = b.db.Exec(b.ctx, `INSERT INTO sandbox_registry_domains (domain, created_at,
		expires_at, auth_code) VALUES (?, ?, ?, ?)`, name, exp.AddDate(-1, 0, 0), registry, "x")
	must(t, err)
	return d
}

func tldOf(name string) string {
	for i := range name {
		if name[i] == '.' {
			return name[i+1:]
		}
	}
	return ""
}

// registryExpiry reads the sandbox registry's expiry of a domain.
func (b *bundle) registryExpiry(t testing.TB, name string) time.Time {
	t.Helper()
	d, err := b.reg.DomainDetail(b.ctx, name)
	must(t, err)
	return d.Expires.UTC()
}

// count runs a count(*) query.
func (b *bundle) count(t testing.TB, q string, args ...any) int {
	t.Helper()
	var n int
	must(t, b.db.QueryRow(b.ctx, q, args...).Scan(&n))
	return n
}

// renewalOf returns the only renewal of a domain.
func (b *bundle) renewalOf(t testing.TB, name string) store.Renewal {
	t.Helper()
	var id string
	must(t, b.db.QueryRow(b.ctx, `SELECT invoice_id FROM renewals WHERE domain = ?`, name).Scan(&id))
	r, err := b.st.Renewal(b.ctx, id)
	must(t, err)
	return r
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

func name(i int) string { return fmt.Sprintf("d%06d.com", i) }
