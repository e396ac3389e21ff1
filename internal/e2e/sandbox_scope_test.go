package e2e

import (
	"net/url"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/store"
)

// An admin of another tenant must not end (or fail) a sandbox transfer of
// this tenant's client from the admin page; this tenant's admin may.
func TestSandboxCompleteIsTenantScoped(t *testing.T) {
	h := apptest.Start(t, apptest.Options{Env: map[string]string{"PROECOMMERCE_SANDBOX_TRANSFER_DELAY": "1h"}})
	other, err := h.App.CreateTenant(t.Context(), "Other Hosting")
	if err != nil {
		t.Fatal(err)
	}
	owner, _ := h.UserClient(h.Tenant, "owner@iso.test", store.RoleClient)
	stranger, _ := h.UserClient(other, "stranger@iso.test", store.RoleAdmin)

	var o order
	st := owner.Do("POST", "/api/v1/orders", map[string]any{
		"items":   []map[string]any{{"type": "transfer", "domain": "taken-moving.com", "years": 1, "auth_code": "good-code"}},
		"contact": contact(), "payment": map[string]string{"card": "4242424242424242"},
	}, &o)
	if st != 201 {
		t.Fatalf("transfer order: %d", st)
	}
	state := func() string {
		owner.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Items[0].State
	}
	h.Eventually(10*time.Second, "the transfer to start", func() bool { return state() == "transferring" })

	form := url.Values{"domain": {"taken-moving.com"}, "fail": {"true"}}.Encode()
	send(t, h, stranger, "POST", "/admin/sandbox/complete", formType, form, nil)
	time.Sleep(200 * time.Millisecond) // ten sandbox polls
	if s := state(); s != "transferring" {
		t.Fatalf("another tenant's admin moved the transfer to %s", s)
	}

	send(t, h, h.AdminClient(), "POST", "/admin/sandbox/complete", formType, form, nil)
	h.Eventually(10*time.Second, "the transfer to fail", func() bool { return state() == "failed" })
}
