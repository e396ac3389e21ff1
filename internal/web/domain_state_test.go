package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/store"
)

// A domain the registrar does not hold for us as active (pending,
// transferring, expired, redemption, gone) shows no registrar actions on
// the admin page, and each such change through the API is a 409 that says
// why, with no call sent to the registrar. Auto-renew is refused for a gone
// domain only.
func TestRegistrarActionsFollowStatus(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	whys := map[string]string{
		store.DomainPending:      "the registration is not finished yet",
		store.DomainTransferring: "the transfer is still under way",
		store.DomainExpired:      "the domain has expired; renew it first",
		store.DomainRedemption:   "the domain is in redemption; restore it first",
		store.DomainGone:         "the domain is no longer registered with us (missing at sandbox)",
	}
	admin := e.browser(e.admin.Email)
	for status, why := range whys {
		name := status + "-state.com"
		d := e.domain(name, e.client.ID)
		d.Status = status
		if _, err := e.h.App.Store.UpsertDomain(ctx, d); err != nil {
			t.Fatal(err)
		}
		if status == store.DomainGone { // as a portfolio sync leaves it
			if _, err := e.h.App.DB.Exec(ctx, `UPDATE domains SET review_note = ? WHERE id = ?`,
				"missing at sandbox", d.ID); err != nil {
				t.Fatal(err)
			}
		}

		st, body := e.page(admin, "/admin/domains/"+name)
		if st != 200 || !strings.Contains(body, `id="registrar-actions-off"`) || !strings.Contains(body, why) {
			t.Errorf("%s admin page: %d, want the reason %q", status, st, why)
		}
		for _, form := range []string{`id="privacy-form"`, `id="lock-form"`, `id="auth-code-form"`, `id="ns-form"`} {
			if strings.Contains(body, form) {
				t.Errorf("%s admin page offers %s", status, form)
			}
		}

		checkRefusals(t, e, name, status, why)
	}
	for _, op := range []string{"privacy", "lock", "auth_code", "nameservers"} {
		if n := e.reg.n(op); n != 0 {
			t.Errorf("%d %s calls reached the registrar", n, op)
		}
	}

	// An active domain keeps them all.
	e.domain("still-active.com", e.client.ID)
	_, body := e.page(admin, "/admin/domains/still-active.com")
	for _, form := range []string{`id="privacy-form"`, `id="lock-form"`, `id="auth-code-form"`, `id="ns-form"`} {
		if !strings.Contains(body, form) {
			t.Errorf("active admin page lacks %s", form)
		}
	}
}

func checkRefusals(t *testing.T, e *env, name, status, why string) {
	t.Helper()
	calls := []struct {
		method, path string
		body         any
	}{
		{"PUT", "/privacy", map[string]bool{"enabled": true}},
		{"PUT", "/lock", map[string]bool{"enabled": false}},
		{"POST", "/auth-code", nil},
		{"PUT", "/nameservers", map[string][]string{"nameservers": {"ns1.example.net", "ns2.example.net"}}},
	}
	for _, c := range calls {
		var ae apiError
		st := e.api(e.adminT, c.method, "/api/v1/domains/"+name+c.path, c.body, &ae)
		if st != 409 || ae.Error.Code != "conflict" || !strings.Contains(ae.Error.Message, why) {
			t.Errorf("%s %s of a %s domain: %d %+v, want 409 saying %q", c.method, c.path, status, st, ae, why)
		}
	}

	var ae apiError
	st := e.api(e.clientT, "PUT", "/api/v1/domains/"+name+"/auto-renew", map[string]bool{"enabled": true}, &ae)
	switch {
	case status == store.DomainGone && (st != 409 || !strings.Contains(ae.Error.Message, why)):
		t.Errorf("auto-renew of a gone domain: %d %+v, want 409", st, ae)
	case status != store.DomainGone && st != 200:
		t.Errorf("auto-renew of a %s domain: %d %+v, want 200", status, st, ae)
	}
}
