package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

var t0 = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)

type fixture struct {
	st     *store.Store
	clk    *clock.Fake
	tenant store.Tenant
	client store.User
}

func newFixture(t *testing.T, db *sqldb.DB) fixture {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewFake(t0)
	st := store.New(db, clk)
	ten, err := st.CreateTenant(ctx, "Acme Hosting", true)
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(ctx, store.User{TenantID: ten.ID, Email: "Client@Example.com",
		Name: "Client", Role: store.RoleClient, PasswordHash: "x", Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	return fixture{st: st, clk: clk, tenant: ten, client: u}
}

func TestTenantsAndUsers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)

		def, err := f.st.DefaultTenant(ctx)
		if err != nil || def.ID != f.tenant.ID {
			t.Fatalf("default tenant %v %v", def, err)
		}
		if def.Settings.Markup.Percent != "20" || def.Settings.Currency != "USD" ||
			len(def.Settings.FeaturedTLDs) != 12 || def.Settings.TTL.Default != 3600 {
			t.Errorf("default settings %+v", def.Settings)
		}

		got, err := f.st.UserByEmail(ctx, f.tenant.ID, "client@example.com")
		if err != nil || got.ID != f.client.ID || got.Email != "client@example.com" {
			t.Fatalf("user by e-mail %+v %v", got, err)
		}
		_, err = f.st.CreateUser(ctx, store.User{TenantID: f.tenant.ID, Email: "client@example.com",
			Name: "Again", Role: store.RoleClient, PasswordHash: "x", Currency: "USD"})
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("duplicate e-mail: %v", err)
		}

		other, _ := f.st.CreateTenant(ctx, "Other", false)
		if _, err := f.st.User(ctx, other.ID, f.client.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("user seen from another tenant: %v", err)
		}

		tok, err := f.st.CreateToken(ctx, f.client)
		if err != nil {
			t.Fatal(err)
		}
		if u, err := f.st.UserByToken(ctx, tok); err != nil || u.ID != f.client.ID {
			t.Errorf("token lookup %v %v", u, err)
		}
		if _, err := f.st.UserByToken(ctx, tok+"x"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("bad token: %v", err)
		}
	})
}

func TestPricesAndTenantTLDs(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		reg := money.New(1200, "USD")
		yes := true
		until := 0
		err := f.st.ReplacePrices(ctx, "sandbox", []registrar.TLDPrice{
			{TLD: "com", Currency: "USD", Registration: &reg, Renewal: &reg, MinYears: 1, MaxYears: 10,
				Privacy: &yes, AuthCodeRequired: true, RenewUntilDay: &until, Source: "test"},
			{TLD: "co.uk", Currency: "USD", Renewal: &reg, MinYears: 1, MaxYears: 10},
		})
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.st.Price(ctx, "sandbox", "com")
		if err != nil || p.Registration.Amount != 1200 || p.Transfer != nil || *p.Privacy != true ||
			*p.RenewUntilDay != 0 || p.MaxYears != 10 {
			t.Fatalf("price %+v %v", p, err)
		}
		if p, _ := f.st.Price(ctx, "sandbox", "co.uk"); p.Registration != nil || p.Privacy != nil {
			t.Errorf("nulls not kept: %+v", p)
		}
		if _, err := f.st.Price(ctx, "route53", "com"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("other registrar: %v", err)
		}

		if err := f.st.EnableTLDs(ctx, f.tenant.ID, "sandbox", []string{"com", "co.uk"}); err != nil {
			t.Fatal(err)
		}
		tt, _ := f.st.TenantTLD(ctx, f.tenant.ID, "com")
		tt.Enabled, tt.Markup = false, &store.Markup{Percent: "2.5", Fixed: money.New(50, "USD")}
		if err := f.st.UpdateTenantTLD(ctx, tt); err != nil {
			t.Fatal(err)
		}
		// A second enable keeps the operator's choice.
		if err := f.st.EnableTLDs(ctx, f.tenant.ID, "sandbox", []string{"com"}); err != nil {
			t.Fatal(err)
		}
		got, _ := f.st.TenantTLD(ctx, f.tenant.ID, "com")
		if got.Enabled || got.Markup == nil || got.Markup.Percent != "2.5" || got.Markup.Fixed.Amount != 50 {
			t.Errorf("tenant tld %+v", got)
		}
	})
}

func newOrder(f fixture, domains ...string) *store.Order {
	o := &store.Order{TenantID: f.tenant.ID, ClientID: f.client.ID, Total: money.New(0, "USD"),
		Contact:  registrar.Contact{FirstName: "A", Country: "US"},
		Payments: []store.Payment{{Purpose: store.PurposeRegistrations, Gateway: "sandbox", Status: "authorizing", Amount: money.New(2880, "USD")}}}
	for i, d := range domains {
		o.Items = append(o.Items, store.Item{Position: i, Type: store.ItemRegister, Domain: d,
			Registrar: "sandbox", Years: 1, Amount: money.New(1440, "USD"), PaymentIndex: 1})
		o.Total.Amount += 1440
	}
	return o
}

func TestOrderLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		o := newOrder(f, "a.com", "b.com")
		if err := f.st.CreateOrder(ctx, o); err != nil {
			t.Fatal(err)
		}

		got, err := f.st.Order(ctx, f.tenant.ID, f.client.ID, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != store.OrderOpen || len(got.Items) != 2 || len(got.Payments) != 1 ||
			got.Items[0].PaymentID != got.Payments[0].ID || got.Items[0].History[0].State != store.ItemPending ||
			got.Contact.Country != "US" || got.Total.Amount != 2880 {
			t.Fatalf("order %+v", got)
		}
		if _, err := f.st.Order(ctx, f.tenant.ID, "someone-else", o.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("another client's order: %v", err)
		}

		it := got.Items[0]
		f.clk.Advance(time.Second)
		if err := f.st.UpdateItem(ctx, it.ID, store.ItemUpdate{From: store.ItemPending,
			To: store.ItemAuthorized, Note: "paid"}); err != nil {
			t.Fatal(err)
		}
		// A transition from a state the item has left is refused.
		err = f.st.UpdateItem(ctx, it.ID, store.ItemUpdate{From: store.ItemPending, To: store.ItemCancelled})
		if !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale transition: %v", err)
		}
		op := "op-1"
		now := f.clk.Now()
		if err := f.st.UpdateItem(ctx, it.ID, store.ItemUpdate{From: store.ItemAuthorized,
			To: store.ItemRegistering, OperationID: &op, SubmittedAt: &now, Note: "sent"}); err != nil {
			t.Fatal(err)
		}
		back, _ := f.st.Item(ctx, it.ID)
		if back.State != store.ItemRegistering || back.OperationID != "op-1" || !back.SubmittedAt.Equal(now) {
			t.Errorf("item %+v", back)
		}

		unfinished, _ := f.st.UnfinishedItems(ctx, 10)
		if len(unfinished) != 2 {
			t.Errorf("unfinished %d", len(unfinished))
		}
		settle, _ := f.st.OrdersToSettle(ctx, 10)
		if len(settle) != 0 {
			t.Errorf("an open order with live items is settleable")
		}
	})
}

func TestConcurrentTransitionsAdmitOne(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		o := newOrder(f, "race.com")
		if err := f.st.CreateOrder(ctx, o); err != nil {
			t.Fatal(err)
		}

		var wg sync.WaitGroup
		wins := make(chan bool, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := f.st.UpdateItem(ctx, o.Items[0].ID, store.ItemUpdate{From: store.ItemPending,
					To: store.ItemAuthorized, Note: "race"})
				wins <- err == nil
			}()
		}
		wg.Wait()
		close(wins)
		n := 0
		for w := range wins {
			if w {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d transitions won, want exactly 1", n)
		}
	})
}

func TestDomainsAndInvoices(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		exp := t0.AddDate(1, 0, 0)
		for _, name := range []string{"b.com", "a.com", "c.com"} {
			d := store.Domain{TenantID: f.tenant.ID, Name: name, TLD: "com", Status: store.DomainActive,
				Registrar: "sandbox", ExpiresAt: exp, Nameservers: []string{"ns1."}, AutoRenew: true}
			if name != "c.com" {
				d.ClientID = f.client.ID
			}
			if _, err := f.st.UpsertDomain(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		page, _ := f.st.Domains(ctx, f.tenant.ID, store.DomainFilter{Limit: 2})
		if len(page) != 2 || page[0].Name != "a.com" || page[1].Name != "b.com" {
			t.Fatalf("first page %v", page)
		}
		next, _ := f.st.Domains(ctx, f.tenant.ID, store.DomainFilter{Limit: 2, After: page[1].Name})
		if len(next) != 1 || next[0].Name != "c.com" {
			t.Errorf("second page %v", next)
		}
		un, _ := f.st.Domains(ctx, f.tenant.ID, store.DomainFilter{Unassigned: true})
		if len(un) != 1 || un[0].ClientID != "" {
			t.Errorf("unassigned %v", un)
		}
		mine, _ := f.st.Domains(ctx, f.tenant.ID, store.DomainFilter{ClientID: f.client.ID})
		if len(mine) != 2 {
			t.Errorf("client's domains %v", mine)
		}
		d, _ := f.st.Domain(ctx, f.tenant.ID, "", "a.com")
		if !d.ExpiresAt.Equal(exp) || d.Nameservers[0] != "ns1." || !d.AutoRenew {
			t.Errorf("domain %+v", d)
		}

		inv := store.Invoice{TenantID: f.tenant.ID, ClientID: f.client.ID, Status: store.InvoiceOpen,
			Total: money.New(1440, "USD"), DueAt: exp,
			Lines: []store.InvoiceLine{{Domain: "a.com", Kind: "renewal", PeriodFrom: exp,
				PeriodTo: exp.AddDate(1, 0, 0), Amount: money.New(1440, "USD"), UniqueKey: "renewal:a.com:2027"}}}
		if err := f.st.CreateInvoice(ctx, &inv); err != nil {
			t.Fatal(err)
		}
		again := inv
		again.Lines = append([]store.InvoiceLine(nil), inv.Lines...)
		if err := f.st.CreateInvoice(ctx, &again); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second invoice for the same period: %v", err)
		}
		invs, _ := f.st.Invoices(ctx, f.tenant.ID, store.InvoiceFilter{ClientID: f.client.ID})
		if len(invs) != 1 || len(invs[0].Lines) != 1 || invs[0].Total.Amount != 1440 {
			t.Errorf("invoices %+v", invs)
		}
	})
}
