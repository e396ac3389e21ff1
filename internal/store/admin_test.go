package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

var now = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func seed(t testing.TB, db *sqldb.DB) (*store.Store, store.Tenant, store.User) {
	t.Helper()
	ctx := context.Background()
	st := store.New(db, clock.NewFake(now))
	tn, err := st.CreateTenant(ctx, "T", true)
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.CreateUser(ctx, store.User{TenantID: tn.ID, Email: "c@example.com", Name: "C",
		Role: store.RoleClient, PasswordHash: "x", Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	return st, tn, u
}

func put(t testing.TB, st *store.Store, d store.Domain) {
	t.Helper()
	if _, err := st.UpsertDomain(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

func names(ds []store.Domain) string {
	out := ""
	for _, d := range ds {
		out += d.Name + " "
	}
	return out
}

func TestAdminDomainsFilters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st, tn, c := seed(t, db)
		put(t, st, store.Domain{TenantID: tn.ID, ClientID: c.ID, Name: "alpha.com", TLD: "com",
			Status: store.DomainActive, Registrar: "sandbox", ExpiresAt: now.AddDate(0, 0, 20), Privacy: true})
		put(t, st, store.Domain{TenantID: tn.ID, Name: "beta_x.net", TLD: "net", Status: store.DomainActive,
			Registrar: "opensrs", ExpiresAt: now.AddDate(0, 3, 0)})
		put(t, st, store.Domain{TenantID: tn.ID, ClientID: c.ID, Name: "xn--bcher-kva.de", TLD: "de",
			Status: store.DomainExpired, Registrar: "sandbox", ExpiresAt: now.AddDate(0, 0, -5)})
		on, off := true, false

		cases := []struct {
			f    store.AdminDomainFilter
			want string
		}{
			{store.AdminDomainFilter{}, "alpha.com beta_x.net xn--bcher-kva.de "},
			{store.AdminDomainFilter{Search: "bcher"}, "xn--bcher-kva.de "},
			{store.AdminDomainFilter{Search: "a_x"}, "beta_x.net "},
			{store.AdminDomainFilter{Search: "%"}, ""},
			{store.AdminDomainFilter{Status: store.DomainExpired}, "xn--bcher-kva.de "},
			{store.AdminDomainFilter{Registrar: "opensrs"}, "beta_x.net "},
			{store.AdminDomainFilter{TLD: "com"}, "alpha.com "},
			{store.AdminDomainFilter{ClientID: c.ID}, "alpha.com xn--bcher-kva.de "},
			{store.AdminDomainFilter{Unassigned: true}, "beta_x.net "},
			{store.AdminDomainFilter{ExpiresAfter: now, ExpiresBefore: now.AddDate(0, 0, 30)}, "alpha.com "},
			{store.AdminDomainFilter{Privacy: &on}, "alpha.com "},
			{store.AdminDomainFilter{Privacy: &off, AutoRenew: &off}, "beta_x.net xn--bcher-kva.de "},
			{store.AdminDomainFilter{AutoRenew: &on}, ""},
			{store.AdminDomainFilter{After: "alpha.com", Limit: 1}, "beta_x.net "},
		}
		for i, tc := range cases {
			got, err := st.AdminDomains(ctx, tn.ID, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if names(got) != tc.want {
				t.Errorf("case %d: got %q, want %q", i, names(got), tc.want)
			}
		}
		other, _ := st.CreateTenant(ctx, "O", false)
		if got, _ := st.AdminDomains(ctx, other.ID, store.AdminDomainFilter{}); len(got) != 0 {
			t.Errorf("another tenant sees %s", names(got))
		}
	})
}

func TestDashboardFigures(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		st, tn, c := seed(t, db)
		for i, months := range []int{0, 1, 1, 11, 12} {
			put(t, st, store.Domain{TenantID: tn.ID, Name: fmt.Sprintf("d%d.com", i), TLD: "com",
				Status: store.DomainActive, Registrar: "sandbox", ExpiresAt: now.AddDate(0, months, 1)})
		}
		put(t, st, store.Domain{TenantID: tn.ID, Name: "gone.com", TLD: "com", Status: store.DomainGone,
			Registrar: "sandbox", ExpiresAt: now.AddDate(0, 1, 0)})

		months, err := st.RenewalsByMonth(ctx, tn.ID, now, 12)
		if err != nil {
			t.Fatal(err)
		}
		want := []int{1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
		for i, m := range months {
			if m.Count != want[i] || m.Month != time.Date(2026, time.Month(3+i), 1, 0, 0, 0, 0, time.UTC) {
				t.Errorf("month %d: %s %d, want %d", i, m.Month, m.Count, want[i])
			}
		}

		counts, _ := st.DomainStatusCounts(ctx, tn.ID)
		if fmt.Sprint(counts) != "[{active 5} {gone 1}]" {
			t.Errorf("status counts = %v", counts)
		}

		o := &store.Order{TenantID: tn.ID, ClientID: c.ID, Status: store.OrderOpen, Total: money.New(2000, "USD"),
			Items: []store.Item{{Type: store.ItemRegister, Domain: "x.com", Registrar: "sandbox", Years: 1,
				Amount: money.New(2000, "USD"), PaymentIndex: 1}},
			Payments: []store.Payment{{Purpose: store.PurposeRegistrations, Gateway: "sandbox",
				Status: "authorized", Amount: money.New(2000, "USD"), Authorized: 2000,
				ExpiresAt: now.Add(12 * time.Hour)}}}
		if err := st.CreateOrder(ctx, o); err != nil {
			t.Fatal(err)
		}
		p := o.Payments[0]
		p.Status, p.Captured, p.Refunded = "partially_refunded", 2000, 500
		if err := st.UpdatePayment(ctx, p); err != nil {
			t.Fatal(err)
		}
		rev, _ := st.Revenue(ctx, tn.ID)
		if len(rev) != 1 || rev[0] != money.New(1500, "USD") {
			t.Errorf("revenue = %v", rev)
		}

		att, err := st.OrdersNeedingAttention(ctx, tn.ID, now.AddDate(0, 0, -30), now.Add(time.Hour),
			now.Add(24*time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(att) != 1 || att[0].Domain != "x.com" || att[0].State != store.ItemPending {
			t.Errorf("attention = %+v", att)
		}
	})
}

// BenchmarkAdminDomains times one page of the admin list on 200,000
// domains in SQLite, for the common filters.
func BenchmarkAdminDomains(b *testing.B) {
	db := testdb.SQLite(b)
	st, tn, c := seed(b, db)
	ctx := context.Background()
	const n = 200_000
	tlds := []string{"com", "net", "org", "io", "de"}
	err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		for i := range n {
			client := any(nil)
			if i%3 == 0 {
				client = c.ID
			}
			_, err := tx.Exec(ctx, `INSERT INTO domains (id, tenant_id, client_id, name, tld, status,
				registrar, expires_at, auto_renew, privacy, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, fmt.Sprintf("dom_%d", i), tn.ID, client,
				fmt.Sprintf("name%07d.%s", i, tlds[i%5]), tlds[i%5], store.DomainActive,
				[]string{"sandbox", "opensrs"}[min(i%50, 1)], now.Add(time.Duration(i)*time.Minute),
				i%2 == 0, i%7 == 0, now, now)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.DB.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	filters := map[string]store.AdminDomainFilter{
		"first_page":     {},
		"deep_page":      {After: "name0150000.com"},
		"status_tld":     {Status: store.DomainActive, TLD: "io", After: "name0100000.io"},
		"rare_registrar": {Registrar: "sandbox"},
		"client":         {ClientID: c.ID, After: "name0100000"},
		"expiring_30d":   {ExpiresAfter: now, ExpiresBefore: now.AddDate(0, 0, 30)},
		"search":         {Search: "0199"},
	}
	for name, f := range filters {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				got, err := st.AdminDomains(ctx, tn.ID, f)
				if err != nil || len(got) == 0 {
					b.Fatalf("%d rows, %v", len(got), err)
				}
			}
		})
	}
}
