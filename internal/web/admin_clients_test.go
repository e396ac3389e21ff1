package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/store"
)

// clientWorld is the env with a paid order and a domain of the client, a
// second client's domain, and an admin of another tenant.
type clientWorld struct {
	*env
	orderID, invoiceID string
	stranger           store.User
}

func newClientWorld(t *testing.T) clientWorld {
	t.Helper()
	e := newEnv(t)
	ctx := context.Background()
	w := clientWorld{env: e, orderID: e.order("client-view.com")}
	e.h.Eventually(20*time.Second, "the order to settle", func() bool {
		var o struct {
			Status string `json:"status"`
		}
		e.api(e.adminT, "GET", "/api/v1/orders/"+w.orderID, nil, &o)
		return o.Status == "completed"
	})
	e.domain("owned-by-ada.net", e.client.ID)
	bob := e.user(e.h.Tenant.ID, "bob@example.com", store.RoleClient)
	e.domain("bobs-own.net", bob.ID)

	invs, err := e.h.App.Store.Invoices(ctx, e.h.Tenant.ID, store.InvoiceFilter{ClientID: e.client.ID})
	if err != nil || len(invs) == 0 {
		t.Fatalf("the client's invoices: %v %v", invs, err)
	}
	w.invoiceID = invs[0].ID

	other, err := e.h.App.CreateTenant(ctx, "Other Hosting")
	if err != nil {
		t.Fatal(err)
	}
	w.stranger = e.user(other.ID, "boss@other.test", store.RoleAdmin)
	return w
}

// audited reports whether the tenant's audit log holds the entry.
func (w clientWorld) audited(action, subject string) bool {
	w.t.Helper()
	entries, err := w.h.App.Store.AuditLog(context.Background(), w.h.Tenant.ID, 100)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, a := range entries {
		if a.Action == action && a.Subject == subject && a.Actor == w.admin.Email {
			return true
		}
	}
	return false
}

func wantIn(t *testing.T, what, body string, want []string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(body, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
}

func wantNotIn(t *testing.T, what, body string, absent []string) {
	t.Helper()
	for _, s := range absent {
		if strings.Contains(body, s) {
			t.Errorf("%s holds %q", what, s)
		}
	}
}

func TestAdminClientPage(t *testing.T) {
	w := newClientWorld(t)
	admin := w.browser(w.admin.Email)
	path := "/admin/clients/" + w.client.ID

	st, body := w.page(admin, "/admin/clients")
	if st != 200 || !strings.Contains(body, `href="`+path+`"`) {
		t.Errorf("client list: %d, no link to %s", st, path)
	}

	st, body = w.page(admin, path)
	if st != 200 {
		t.Fatalf("detail page: %d %.300s", st, body)
	}
	wantIn(t, "detail page", body, []string{"ada@example.com", w.client.ID, "USD",
		`href="/admin/domains/owned-by-ada.net"`, `href="/admin/domains/client-view.com"`,
		`href="/orders/` + w.orderID + `"`, w.invoiceID, "completed",
		`href="/admin/domains?client=` + w.client.ID + `"`, `href="/admin/orders?client=` + w.client.ID + `"`,
		`action="` + path + `/impersonate"`})
	wantNotIn(t, "detail page", body, []string{"bobs-own.net", "You are acting as"})

	for _, c := range []struct {
		who, path string
		as        *http.Client
	}{
		{"the client", path, w.browser(w.client.Email)},
		{"another tenant's admin", path, w.browser(w.stranger.Email)},
		{"the admin, unknown id", "/admin/clients/usr_nobody", admin},
		{"the admin, an admin's id", "/admin/clients/" + w.admin.ID, admin},
	} {
		st, body := w.page(c.as, c.path)
		if st != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", c.who, st)
		}
		// The client's own e-mail is in the footer of its pages.
		wantNotIn(t, c.who, body, []string{"owned-by-ada.net", "client-view.com", w.invoiceID})
	}
}

func TestImpersonation(t *testing.T) {
	w := newClientWorld(t)
	path := "/admin/clients/" + w.client.ID

	// Nobody but the tenant's admin may start it, and a refusal is not
	// audited.
	for _, who := range []string{w.client.Email, w.stranger.Email} {
		if st, _ := w.post(w.browser(who), path+"/impersonate", nil); st != http.StatusNotFound {
			t.Errorf("%s impersonating: %d, want 404", who, st)
		}
	}
	if w.audited("impersonate", w.client.ID) {
		t.Fatal("a refused impersonation was audited")
	}

	admin := w.browser(w.admin.Email)
	st, body := w.post(admin, path+"/impersonate", nil)
	if st != 200 {
		t.Fatalf("log in as: %d %.300s", st, body)
	}
	banner := "You are acting as " + w.client.Name + " (" + w.client.Email + ")"
	wantIn(t, "the client's domains", body, []string{banner, `action="/admin/impersonate/stop"`,
		"owned-by-ada.net", "client-view.com"})
	wantNotIn(t, "the client's domains", body, []string{"bobs-own.net", `href="/admin"`})
	if !w.audited("impersonate", w.client.ID) {
		t.Error("no audit entry for the start")
	}

	st, body = w.page(admin, "/orders")
	if st != 200 {
		t.Fatalf("orders while acting: %d", st)
	}
	wantIn(t, "the client's orders", body, []string{banner, w.orderID})

	// The session is the client's: no admin page answers it.
	for _, p := range []string{"/admin", "/admin/clients", path} {
		if st, _ := w.page(admin, p); st != http.StatusNotFound {
			t.Errorf("%s while acting: %d, want 404", p, st)
		}
	}
	if st, _ := w.post(admin, path+"/impersonate", nil); st != http.StatusNotFound {
		t.Errorf("impersonating again while acting: %d, want 404", st)
	}

	// Tokens are not affected.
	var clients struct {
		Clients []any `json:"clients"`
	}
	if st := w.api(w.adminT, "GET", "/api/v1/clients", nil, &clients); st != 200 {
		t.Errorf("admin token while acting: %d", st)
	}

	st, body = w.post(admin, "/admin/impersonate/stop", nil)
	if st != 200 {
		t.Fatalf("return to admin: %d %.300s", st, body)
	}
	wantIn(t, "the page after return", body, []string{"ada@example.com", `href="/admin"`})
	wantNotIn(t, "the page after return", body, []string{"You are acting as"})
	if !w.audited("impersonate_end", w.client.ID) {
		t.Error("no audit entry for the end")
	}
	if st, _ := w.page(admin, "/admin"); st != 200 {
		t.Errorf("/admin after return: %d", st)
	}

	// The client's own session never shows the banner, and stopping
	// without acting changes nothing.
	client := w.browser(w.client.Email)
	if _, body := w.page(client, "/domains"); strings.Contains(body, "You are acting as") {
		t.Error("the client's own session shows the banner")
	}
	if st, _ := w.post(client, "/admin/impersonate/stop", nil); st != 200 {
		t.Errorf("stop without acting: %d", st)
	}
	if st, _ := w.page(client, "/admin"); st != http.StatusNotFound {
		t.Errorf("the client after a stray stop reaches /admin: %d", st)
	}
}
