package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

type renewalInvoice struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Total  struct {
		Amount int64 `json:"amount"`
	} `json:"total"`
	Lines []struct {
		Domain string `json:"domain"`
		Kind   string `json:"kind"`
	} `json:"lines"`
}

// holding gives the client an active .com domain expiring in 20 days, at
// the sandbox registry too, and invoices it.
func holding(t *testing.T, h *apptest.Harness, u store.User, name string) time.Time {
	t.Helper()
	ctx := context.Background()
	exp := time.Now().UTC().Add(20 * 24 * time.Hour).Truncate(time.Second)
	_, err := h.App.Store.UpsertDomain(ctx, store.Domain{TenantID: h.Tenant.ID, ClientID: u.ID,
		Name: name, TLD: "com", Status: store.DomainActive, Registrar: "sandbox",
		ExpiresAt: exp, AutoRenew: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.DB.Exec(ctx, `INSERT INTO sandbox_registry_domains (domain, created_at,
		expires_at, auth_code) VALUES (?, ?, ?, ?)`, name, exp.AddDate(-1, 0, 0), exp, "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Renewals().InvoiceRun(ctx, time.Now(), false, nil); err != nil {
		t.Fatal(err)
	}
	return exp
}

func openInvoice(t *testing.T, c *apptest.Client) renewalInvoice {
	t.Helper()
	var list struct {
		Invoices []renewalInvoice `json:"invoices"`
	}
	if st := c.Do("GET", "/api/v1/invoices?status=open", nil, &list); st != http.StatusOK || len(list.Invoices) != 1 {
		t.Fatalf("open invoices: %d %+v", st, list)
	}
	return list.Invoices[0]
}

func TestPayRenewalInvoice(t *testing.T) {
	for _, target := range testdb.Targets(t) {
		t.Run(target.Name, func(t *testing.T) {
			testPayRenewalInvoice(t, apptest.Start(t, apptest.Options{DatabaseURL: target.URL}))
		})
	}
}

func testPayRenewalInvoice(t *testing.T, h *apptest.Harness) {
	c, u := h.UserClient(h.Tenant, "ann@example.com", store.RoleClient)
	if err := h.App.Store.SetPaymentProfile(context.Background(), u.ID, "cus_ann", "pm_card_visa"); err != nil {
		t.Fatal(err)
	}
	exp := holding(t, h, u, "ann-shop.com")

	var upcoming struct {
		Renewals []struct {
			Domain    string `json:"domain"`
			InvoiceID string `json:"invoice_id"`
			State     string `json:"state"`
		} `json:"renewals"`
	}
	if st := c.Do("GET", "/api/v1/renewals", nil, &upcoming); st != http.StatusOK ||
		len(upcoming.Renewals) != 1 || upcoming.Renewals[0].State != "open" {
		t.Fatalf("renewals: %d %+v", st, upcoming)
	}

	page := getPage(t, h, c, "/renewals")
	for _, want := range []string{"ann-shop.com", exp.Format(time.DateOnly), "14.40", "Pay now"} {
		if !strings.Contains(page, want) {
			t.Errorf("renewals page lacks %q", want)
		}
	}

	inv := openInvoice(t, c)
	if inv.Lines[0].Domain != "ann-shop.com" || inv.Lines[0].Kind != "renewal" || inv.Total.Amount != 1440 {
		t.Errorf("invoice %+v", inv)
	}
	var paid renewalInvoice
	if st := c.Do("POST", "/api/v1/invoices/"+inv.ID+"/pay", nil, &paid); st != http.StatusOK || paid.Status != "paid" {
		t.Fatalf("pay: %d %+v", st, paid)
	}
	d, err := h.App.Providers.SandboxRegistrar.DomainDetail(context.Background(), "ann-shop.com")
	if err != nil || !d.Expires.Equal(exp.AddDate(1, 0, 0)) {
		t.Errorf("registry expiry %s (%v), want %s", d.Expires, err, exp.AddDate(1, 0, 0))
	}
	if st := c.Do("POST", "/api/v1/invoices/"+inv.ID+"/pay", nil, nil); st != http.StatusConflict {
		t.Errorf("second pay: %d, want 409", st)
	}
}

func getPage(t *testing.T, h *apptest.Harness, c *apptest.Client, path string) string {
	t.Helper()
	req, err := http.NewRequest("GET", h.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	return string(body)
}

func TestPayRenewalInvoiceDeclinedThenCancel(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	c, u := h.UserClient(h.Tenant, "bob@example.com", store.RoleClient)
	if err := h.App.Store.SetPaymentProfile(context.Background(), u.ID, "cus_bob",
		"pm_card_chargeDeclined"); err != nil {
		t.Fatal(err)
	}
	holding(t, h, u, "bob-shop.com")
	inv := openInvoice(t, c)

	var fail struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if st := c.Do("POST", "/api/v1/invoices/"+inv.ID+"/pay", nil, &fail); st != http.StatusPaymentRequired ||
		fail.Error.Code != "payment_declined" {
		t.Fatalf("declined pay: %d %+v", st, fail)
	}

	var cancelled struct {
		Invoices []string `json:"cancelled_invoices"`
	}
	if st := c.Do("POST", "/api/v1/domains/bob-shop.com/renewal/cancel", nil, &cancelled); st != http.StatusOK ||
		len(cancelled.Invoices) != 1 || cancelled.Invoices[0] != inv.ID {
		t.Fatalf("cancel: %d %+v", st, cancelled)
	}
	var list struct {
		Invoices []renewalInvoice `json:"invoices"`
	}
	c.Do("GET", "/api/v1/invoices", nil, &list)
	if len(list.Invoices) != 1 || list.Invoices[0].Status != "cancelled" {
		t.Errorf("invoices after cancel: %+v", list)
	}
}

// expiredHolding gives the client a .com domain that expired daysAgo,
// marked expired and never invoiced, at the sandbox registry too.
func expiredHolding(t *testing.T, h *apptest.Harness, u store.User, name string, daysAgo int) time.Time {
	t.Helper()
	ctx := context.Background()
	exp := time.Now().UTC().Add(-time.Duration(daysAgo) * 24 * time.Hour).Truncate(time.Second)
	_, err := h.App.Store.UpsertDomain(ctx, store.Domain{TenantID: h.Tenant.ID, ClientID: u.ID,
		Name: name, TLD: "com", Status: store.DomainExpired, Registrar: "sandbox",
		ExpiresAt: exp, AutoRenew: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.DB.Exec(ctx, `INSERT INTO sandbox_registry_domains (domain, created_at,
		expires_at, auth_code) VALUES (?, ?, ?, ?)`, name, exp.AddDate(-1, 0, 0), exp, "x"); err != nil {
		t.Fatal(err)
	}
	return exp
}

// A client renews a domain past expiry that was never invoiced: the API
// makes its invoice at the renewal price (inside .com's late-renewal
// window), the client pays it, and the registry renews from the old
// expiry. A domain past its restoration window is refused.
func TestRenewNowLateRenewal(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	c, u := h.UserClient(h.Tenant, "ann@example.com", store.RoleClient)
	if err := h.App.Store.SetPaymentProfile(context.Background(), u.ID, "cus_ann", "pm_card_visa"); err != nil {
		t.Fatal(err)
	}
	exp := expiredHolding(t, h, u, "ann-late.com", 10)
	expiredHolding(t, h, u, "ann-lost.com", 100)

	var inv renewalInvoice
	if st := c.Do("POST", "/api/v1/domains/ann-late.com/renewal", nil, &inv); st != http.StatusOK ||
		inv.Status != "open" || inv.Total.Amount != 1440 || len(inv.Lines) != 1 ||
		inv.Lines[0].Domain != "ann-late.com" || inv.Lines[0].Kind != "renewal" {
		t.Fatalf("renew now: %d %+v, want an open 14.40 renewal invoice", st, inv)
	}
	var again renewalInvoice
	if st := c.Do("POST", "/api/v1/domains/ann-late.com/renewal", nil, &again); st != http.StatusOK || again.ID != inv.ID {
		t.Errorf("second request: %d %+v, want the same invoice %s", st, again, inv.ID)
	}

	var paid renewalInvoice
	if st := c.Do("POST", "/api/v1/invoices/"+inv.ID+"/pay", nil, &paid); st != http.StatusOK || paid.Status != "paid" {
		t.Fatalf("pay: %d %+v", st, paid)
	}
	d, err := h.App.Providers.SandboxRegistrar.DomainDetail(context.Background(), "ann-late.com")
	if err != nil || !d.Expires.Equal(exp.AddDate(1, 0, 0)) {
		t.Errorf("registry expiry %s (%v), want %s", d.Expires, err, exp.AddDate(1, 0, 0))
	}

	if st := c.Do("POST", "/api/v1/domains/ann-lost.com/renewal", nil, nil); st != http.StatusConflict {
		t.Errorf("lost domain: %d, want 409", st)
	}
}

// The client switches auto-renew per domain (on by default); with it off
// the due invoice is not charged, and the upcoming list says so.
func TestAutoRenewSwitchPerDomain(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	c, u := h.UserClient(h.Tenant, "ann@example.com", store.RoleClient)
	ctx := context.Background()
	if err := h.App.Store.SetPaymentProfile(ctx, u.ID, "cus_ann", "pm_card_visa"); err != nil {
		t.Fatal(err)
	}
	holding(t, h, u, "ann-switch.com")

	var d struct {
		AutoRenew bool `json:"auto_renew"`
	}
	if st := c.Do("PUT", "/api/v1/domains/ann-switch.com/auto-renew", map[string]bool{"enabled": false}, &d); st != http.StatusOK || d.AutoRenew {
		t.Fatalf("switch off: %d %+v", st, d)
	}
	var upcoming struct {
		Renewals []struct {
			Domain    string `json:"domain"`
			AutoRenew bool   `json:"auto_renew"`
		} `json:"renewals"`
	}
	c.Do("GET", "/api/v1/renewals", nil, &upcoming)
	if len(upcoming.Renewals) != 1 || upcoming.Renewals[0].AutoRenew {
		t.Errorf("upcoming %+v, want auto-renew off", upcoming)
	}

	// Due, with auto-renew off: the sweep charges nothing.
	if _, err := h.App.DB.Exec(ctx, `UPDATE renewals SET due_at = ?, next_attempt_at = ? WHERE domain = ?`,
		time.Now().Add(-time.Hour).UTC(), time.Now().Add(-time.Hour).UTC(), "ann-switch.com"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Renewals().ProcessDue(ctx); err != nil {
		t.Fatal(err)
	}
	inv := openInvoice(t, c)
	if inv.Lines[0].Domain != "ann-switch.com" {
		t.Errorf("open invoice %+v", inv)
	}

	if st := c.Do("PUT", "/api/v1/domains/ann-switch.com/auto-renew", map[string]bool{"enabled": true}, &d); st != http.StatusOK || !d.AutoRenew {
		t.Fatalf("switch on: %d %+v", st, d)
	}
	dom, err := h.App.Store.Domain(ctx, h.Tenant.ID, "", "ann-switch.com")
	if err != nil || !dom.AutoRenew {
		t.Errorf("stored auto-renew %v (%v), want on", dom.AutoRenew, err)
	}
}
