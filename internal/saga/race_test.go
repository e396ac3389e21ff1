package saga_test

import (
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/saga"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// TestSameNameOrderedTwiceIsNotAdopted: while one client's registration of
// a name is in progress, a second client's order of the same name meets
// the registrar's "already in progress". That operation belongs to the
// first order: the second must not follow it, must not be charged, and the
// domain stays the first client's.
func TestSameNameOrderedTwiceIsNotAdopted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		const domain = "wanted-twice.com"
		first, second := twoOrdersOfOneName(t, w, domain, "grace@example.com", "Grace")
		id := second.Items[0].ID
		for range 3 { // the first attempt and two retries, as River would make them
			_, _ = w.saga.Advance(w.ctx, id)
		}
		w.clk.Advance(registerDelay)
		if err := w.drive(); err != nil {
			t.Fatal(err)
		}
		_, _ = w.saga.Advance(w.ctx, id)
		_ = w.saga.Settle(w.ctx, second.ID)
		_ = w.saga.Settle(w.ctx, first.ID)

		a, b := w.mustOrder(first.ID), w.mustOrder(second.ID)
		if a.Items[0].State != store.ItemCompleted || a.Payments[0].Status != "captured" {
			t.Errorf("first order: item %s, payment %+v", a.Items[0].State, a.Payments[0])
		}
		if b.Items[0].State != store.ItemFailed || !strings.Contains(b.Items[0].Error, "another order") ||
			b.Items[0].OperationID != "" || b.Payments[0].Captured != 0 {
			t.Errorf("second order took the first one's registration: item %s op %q, payment %+v; history %+v",
				b.Items[0].State, b.Items[0].OperationID, b.Payments[0], b.Items[0].History)
		}
		d, err := w.st.Domain(w.ctx, w.tenant.ID, "", domain)
		if err != nil || d.ClientID != w.client.ID {
			t.Errorf("domain %+v (%v), want it the first client's", d, err)
		}
	})
}

// TestHeldDomainOfAnotherTenantIsNotCompleted: the registration's call was
// lost before it reached the registrar, and meanwhile the shared registrar
// account holds the name for another tenant. The retry must not take that
// domain for this order: the item fails and nothing is charged.
func TestHeldDomainOfAnotherTenantIsNotCompleted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		const domain = "held-elsewhere.com"
		o, err := w.checkout(saga.CheckoutItem{Type: store.ItemRegister, Domain: domain, Years: 1})
		if err != nil {
			t.Fatal(err)
		}
		w.cut.arm("Register", false)
		if _, err := w.saga.Advance(w.ctx, o.Items[0].ID); err == nil {
			t.Fatal("the cut Register did not fail")
		}
		w.cut.heal()

		other, err := w.st.CreateTenant(w.ctx, "Other host", false)
		if err != nil {
			t.Fatal(err)
		}
		now := w.clk.Now()
		if _, err := w.st.UpsertDomain(w.ctx, store.Domain{TenantID: other.ID, Name: domain, TLD: "com",
			Status: store.DomainActive, Registrar: "sandbox", ExpiresAt: now.AddDate(1, 0, 0)}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(w.ctx, `INSERT INTO sandbox_registry_domains (domain, created_at, expires_at,
			auto_renew, locked, privacy, nameservers, auth_code) VALUES (?, ?, ?, FALSE, TRUE, TRUE, '', 'x')`,
			domain, now, now.AddDate(1, 0, 0)); err != nil {
			t.Fatal(err)
		}

		if _, err := w.saga.Advance(w.ctx, o.Items[0].ID); err != nil {
			t.Fatal(err)
		}
		_ = w.saga.Settle(w.ctx, o.ID)

		got := w.mustOrder(o.ID)
		if got.Items[0].State != store.ItemFailed || !strings.Contains(got.Items[0].Error, "already managed here") ||
			got.Payments[0].Captured != 0 {
			t.Errorf("item %s %q, payment %+v", got.Items[0].State, got.Items[0].Error, got.Payments[0])
		}
		if _, err := w.st.Domain(w.ctx, w.tenant.ID, "", domain); err == nil {
			t.Error("the other tenant's domain was recorded for this order")
		}
	})
}

// TestAuthWindowLeavesAnotherOrdersOperation: a second order of a name
// whose registration call was lost reaches the end of its card hold while
// the first order's registration of that name runs. The window must not
// take the first order's operation for it: nothing is captured from the
// second client.
func TestAuthWindowLeavesAnotherOrdersOperation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		const domain = "slow-twice.com"
		_, second := twoOrdersOfOneName(t, w, domain, "linus@example.com", "Linus")
		w.cut.arm("Register", false)
		if _, err := w.saga.Advance(w.ctx, second.Items[0].ID); err == nil {
			t.Fatal("the cut Register did not fail")
		}
		w.cut.heal()

		w.clk.Set(w.mustOrder(second.ID).Payments[0].ExpiresAt.Add(-6 * time.Hour))
		if err := w.saga.CloseAuthWindows(w.ctx, saga.DefaultAuthMargin); err != nil {
			t.Fatal(err)
		}

		b := w.mustOrder(second.ID)
		if b.Items[0].OperationID != "" || b.Payments[0].Captured != 0 || b.Items[0].State == store.ItemCompleted {
			t.Errorf("second order: item %s op %q, payment %+v", b.Items[0].State, b.Items[0].OperationID, b.Payments[0])
		}
	})
}

// twoOrdersOfOneName places the world client's order of domain and starts
// its registration, then another client's order of the same name.
func twoOrdersOfOneName(t *testing.T, w *world, domain, email, name string) (first, second store.Order) {
	t.Helper()
	first, err := w.checkout(saga.CheckoutItem{Type: store.ItemRegister, Domain: domain, Years: 1})
	if err != nil {
		t.Fatal(err)
	}
	w.advance(first.Items[0].ID)

	other, err := w.st.CreateUser(w.ctx, store.User{TenantID: w.tenant.ID, Email: email,
		Name: name, Role: store.RoleClient, Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	second, err = w.saga.Checkout(w.ctx, saga.CheckoutRequest{Tenant: w.tenant, Client: other,
		Items:   []saga.CheckoutItem{{Type: store.ItemRegister, Domain: domain, Years: 1}},
		Contact: contact(), Card: "4242424242424242"})
	if err != nil {
		t.Fatalf("second checkout: %v", err)
	}
	return first, second
}
