package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/store"
)

// order makes a paid order through the API, as a client would.
func (e *env) order(domain string) string {
	e.t.Helper()
	var o struct {
		ID string `json:"id"`
	}
	st := e.api(e.clientT, "POST", "/api/v1/orders", map[string]any{
		"items": []map[string]any{{"type": "register", "domain": domain, "years": 1}},
		"contact": map[string]string{"first_name": "Ada", "last_name": "Lovelace",
			"email": "ada@example.com", "phone": "+1 (206) 555-0119", "address1": "1 Main St",
			"city": "Seattle", "state": "WA", "postal_code": "98101", "country": "US"},
		"payment": map[string]string{"card": "4242424242424242"}}, &o)
	if st != 201 {
		e.t.Fatalf("order: %d", st)
	}
	return o.ID
}

func TestAdminPages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	orderID, failedID := e.order("paid-name.com"), e.order("fail-name.com")
	e.h.Eventually(20*time.Second, "the orders to settle", func() bool {
		var o, f struct {
			Status string `json:"status"`
		}
		e.api(e.adminT, "GET", "/api/v1/orders/"+orderID, nil, &o)
		e.api(e.adminT, "GET", "/api/v1/orders/"+failedID, nil, &f)
		return o.Status == "completed" && f.Status == "failed"
	})
	e.domain("bücher-test.com", e.client.ID) // stored as an A-label
	e.domain("loose-end.net", "")
	_ = e.h.App.Store.Audit(ctx, e.h.Tenant.ID, e.admin.Email, "test_action", "loose-end.net", "detail")

	admin, client := e.browser(e.admin.Email), e.browser(e.client.Email)
	pages := []struct {
		path string
		want []string
	}{
		{"/admin", []string{`id="renewals-chart"`, `<rect`, "Revenue captured", "14.40 USD",
			"Domains by status", "active", "loose-end.net", "Renewals due by month",
			`id="attention"`, failedID, "failed: "}},
		{"/admin/domains", []string{"paid-name.com", "bücher-test.com", "loose-end.net"}},
		{"/admin/domains?q=b%C3%BCcher-test", []string{"bücher-test.com"}},
		{"/admin/domains?q=xn--bcher", []string{"bücher-test.com"}},
		{"/admin/domains/loose-end.net", []string{`id="timeline"`, "Expires", "Late-renewal grace ends",
			"Restoration ends", "Transfer lock ends", "test_action"}},
		{"/admin/orders", []string{orderID, "paid-name.com", "authorized", "registering", "completed"}},
		{"/admin/tlds", []string{`id="tld-com"`, "12.00 USD", "14.40 USD"}},
		{"/admin/settings", []string{`name="default_ip"`, "v=spf1 mx -all", `name="self_lock"`}},
		{"/admin/clients", []string{e.client.Email}},
		{"/admin/audit", []string{"test_action", e.admin.Email}},
		{"/admin/outbox", []string{"Outbox"}},
	}
	for _, p := range pages {
		st, body := e.page(admin, p.path)
		if st != 200 {
			t.Fatalf("admin %s: %d\n%s", p.path, st, body)
		}
		for _, w := range p.want {
			if !strings.Contains(body, w) {
				t.Errorf("admin %s lacks %q", p.path, w)
			}
		}
		if st, _ := e.page(client, p.path); st != 404 {
			t.Errorf("client %s: %d, want 404", p.path, st)
		}
	}
	if _, body := e.page(admin, "/admin/domains?expiring=400&tld=net&auto_renew=off"); !strings.Contains(body, "loose-end.net") ||
		strings.Contains(body, "paid-name.com") {
		t.Error("the expiry and TLD filters did not narrow the list")
	}
	if _, body := e.page(admin, "/admin/domains?q=b%C3%BCcher-test"); strings.Contains(body, "loose-end.net") {
		t.Error("the search did not narrow the list")
	}

	for _, path := range []string{"/admin/tlds/com", "/admin/settings", "/admin/clients",
		"/admin/domains/loose-end.net/lock", "/admin/domains/loose-end.net/auth-code",
		"/admin/domains/loose-end.net/nameservers"} {
		if st, _ := e.post(client, path, url.Values{"enabled": {"true"}}); st != 404 {
			t.Errorf("client POST %s: %d, want 404", path, st)
		}
	}

	// Another tenant's admin sees none of it.
	other, err := e.h.App.Store.CreateTenant(ctx, "Other", false)
	if err != nil {
		t.Fatal(err)
	}
	e.user(other.ID, "rival@example.com", store.RoleAdmin)
	rival := e.browser("rival@example.com")
	if st, _ := e.page(rival, "/admin/domains/loose-end.net"); st != 404 {
		t.Errorf("other tenant's admin on our domain page: %d", st)
	}
	if st, _ := e.post(rival, "/admin/domains/loose-end.net/auth-code", nil); st != 404 {
		t.Errorf("other tenant's admin got our auth code: %d", st)
	}
	if _, body := e.page(rival, "/admin/domains"); strings.Contains(body, "loose-end.net") {
		t.Error("other tenant's admin lists our domains")
	}

	// Clients page creates a client.
	st, body := e.post(admin, "/admin/clients", url.Values{"name": {"Grace"}, "email": {"grace@example.com"},
		"password": {"another long password"}})
	if st != 200 || !strings.Contains(body, "grace@example.com") {
		t.Fatalf("create client: %d", st)
	}
	if _, err := e.h.App.Store.UserByEmail(ctx, e.h.Tenant.ID, "grace@example.com"); err != nil {
		t.Fatal(err)
	}

	// Settings page saves through checkSettings and refuses bad input.
	form := url.Values{"default_ip": {"192.0.2.10"}, "mail_host": {"mx.example.net"}, "spf": {"v=spf1 -all"},
		"allowed_record_types": {"A", "TXT"}, "ttl_min": {"300"}, "ttl_max": {"3600"}, "ttl_default": {"600"},
		"featured_tlds": {"com, net"}, "markup_percent": {"15"}, "markup_fixed": {"0.50"},
		"rounding": {"99"}, "premium": {"refuse"}, "self_lock": {"true"}}
	if st, _ := e.post(admin, "/admin/settings", form); st != 200 {
		t.Fatalf("save settings: %d", st)
	}
	tn, _ := e.h.App.Store.Tenant(ctx, e.h.Tenant.ID)
	s := tn.Settings
	if s.DefaultIP != "192.0.2.10" || s.TTL.Min != 300 || s.Markup.Fixed != money.New(50, "USD") ||
		!s.ClientSelfService.TransferLock || s.ClientSelfService.AuthCode || strings.Join(s.FeaturedTLDs, " ") != "com net" ||
		strings.Join(s.AllowedRecordTypes, " ") != "A TXT" || s.Premium != "refuse" {
		t.Fatalf("settings = %+v", s)
	}
	form.Set("default_ip", "not-an-ip")
	if st, body := e.post(admin, "/admin/settings", form); st != 422 || !strings.Contains(body, "not an IP address") {
		t.Fatalf("bad settings: %d", st)
	}
}

// The domain page's timeline lists the reminders mailed about the domain,
// and only those.
func TestDomainPageListsRemindersSent(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.domain("remind-me.net", e.client.ID)
	for _, m := range []store.Mail{
		{TenantID: e.h.Tenant.ID, To: e.client.Email, Subject: "remind-me.net expires in 30 days", Body: "renew"},
		{TenantID: e.h.Tenant.ID, To: e.client.Email, Subject: "other-name.net expires in 30 days", Body: "renew"},
	} {
		if err := e.h.App.Store.QueueMail(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	_, body := e.page(e.browser(e.admin.Email), "/admin/domains/remind-me.net")
	if !strings.Contains(body, "Reminder sent to "+e.client.Email) || !strings.Contains(body, "remind-me.net expires in 30 days") ||
		strings.Contains(body, "other-name.net expires") {
		t.Fatalf("domain page timeline:\n%s", body)
	}
}

// Admin actions through the API and the pages each leave an audit entry
// with who did it and what came of it.
func TestAdminActionsAreAudited(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.domain("audit-me.com", e.client.ID)
	if st := e.api(e.adminT, "PUT", "/api/v1/tlds/net", map[string]any{"featured": true,
		"markup": map[string]any{"percent": "25"}}, nil); st != 200 {
		t.Fatalf("tld: %d", st)
	}
	if st := e.api(e.adminT, "POST", "/api/v1/clients", map[string]string{"email": "new@example.com",
		"name": "New", "password": "a long enough password"}, nil); st != 201 {
		t.Fatalf("client: %d", st)
	}
	if st := e.api(e.adminT, "POST", "/api/v1/domains/sync", map[string]any{"domains": []string{"audit-me.com"}}, nil); st != 200 {
		t.Fatalf("sync: %d", st)
	}

	log, err := e.h.App.Store.AuditLog(ctx, e.h.Tenant.ID, 50)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, a := range log {
		if a.Actor == e.admin.Email {
			lines = append(lines, a.Action+" "+a.Subject+": "+a.Detail)
		}
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{`tld net: enabled true, registrar "sandbox", markup 25 %, featured true`,
		"client_create ", "new@example.com", "sync_domains audit-me.com: 1 seen"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the audit log:\n%s", want, all)
		}
	}
}
