package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/store"
)

// stuckOrder writes an order of the client whose one registration is
// authorised but served by a registrar no longer configured, so the saga
// cannot move it: the kind of item an operator cancels.
func (e *env) stuckOrder(domain string) store.Order {
	e.t.Helper()
	ctx := context.Background()
	o := store.Order{TenantID: e.h.Tenant.ID, ClientID: e.client.ID, Total: money.New(1200, "USD"),
		Items: []store.Item{{Type: store.ItemRegister, Domain: domain, Registrar: "retired", Years: 1,
			Amount: money.New(1200, "USD")}}}
	if err := e.h.App.Store.CreateOrder(ctx, &o); err != nil {
		e.t.Fatal(err)
	}
	err := e.h.App.Store.UpdateItem(ctx, o.Items[0].ID, store.ItemUpdate{From: store.ItemPending,
		To: store.ItemAuthorized, Note: "written by the test"})
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

// form posts an empty form with a token and returns the status and the
// redirect, without following it.
func (e *env) form(token, path string) (int, string) {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.url+path, strings.NewReader(""))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	c := http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Location")
}

func TestAdminRetriesAndCancelsThroughTheSaga(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	stuck := e.stuckOrder("stuck-name.com")
	it := stuck.Items[0]
	cancel := "/admin/orders/" + stuck.ID + "/items/" + it.ID + "/cancel"

	// The orders page offers both actions on the open order.
	admin := e.browser(e.admin.Email)
	if _, body := e.page(admin, "/admin/orders"); !strings.Contains(body, `action="`+cancel+`"`) ||
		!strings.Contains(body, `action="/admin/orders/`+stuck.ID+`/items/`+it.ID+`/retry"`) {
		t.Fatalf("the orders page has no actions for the stuck item:\n%s", body)
	}

	// A client and another tenant's admin get 404, and nothing moves.
	other, err := e.h.App.CreateTenant(ctx, "Elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	stranger := e.token(e.user(other.ID, "stranger@example.net", store.RoleAdmin))
	for who, tok := range map[string]string{"client": e.clientT, "stranger": stranger} {
		if st, _ := e.form(tok, cancel); st != 404 {
			t.Errorf("%s cancel: %d", who, st)
		}
		if st, _ := e.form(tok, "/admin/orders/"+stuck.ID+"/items/"+it.ID+"/retry"); st != 404 {
			t.Errorf("%s retry: %d", who, st)
		}
	}
	if got, _ := e.h.App.Store.Item(ctx, it.ID); got.State != store.ItemAuthorized {
		t.Fatalf("after refused calls the item is %s", got.State)
	}

	// The admin cancels: the saga ends the item and settles the order.
	if st, loc := e.form(e.adminT, cancel); st != 303 || loc != "/admin/orders#order-"+stuck.ID {
		t.Fatalf("cancel: %d %q", st, loc)
	}
	e.h.Eventually(20*time.Second, "the cancelled order to settle", func() bool {
		o, err := e.h.App.Store.OrderByID(ctx, stuck.ID)
		return err == nil && o.Status == store.OrderCancelled
	})
	o, _ := e.h.App.Store.OrderByID(ctx, stuck.ID)
	if o.Items[0].State != store.ItemCancelled {
		t.Fatalf("item %s", o.Items[0].State)
	}

	// Once settled, neither action applies: the admin is told, the audit
	// log records the refusal with who asked.
	if st, _ := e.form(e.adminT, "/admin/orders/"+stuck.ID+"/items/"+it.ID+"/retry"); st != 303 {
		t.Fatalf("retry of a settled order: %d", st)
	}
	log, _ := e.h.App.Store.AuditLog(ctx, e.h.Tenant.ID, 20)
	var done, refused bool
	for _, a := range log {
		if a.Actor != e.admin.Email || a.Subject != "stuck-name.com" {
			continue
		}
		done = done || (a.Action == "order_item_cancel" && strings.HasSuffix(a.Detail, ": done"))
		refused = refused || (a.Action == "order_item_retry" && strings.Contains(a.Detail, "refused: ") &&
			strings.Contains(a.Detail, "settled"))
	}
	if !done || !refused {
		t.Fatalf("audit log: %+v", log)
	}
	if st, body := e.page(admin, "/admin/orders"); st != 200 || strings.Contains(body, `action="`+cancel+`"`) {
		t.Fatalf("the settled order still offers cancel: %d", st)
	}
}

// The same actions through the JSON API: 404 to anyone but the tenant's
// admins, the order as it stands after a cancel, 409 with the saga's
// reason when the action does not apply.
func TestAPIRetriesAndCancelsThroughTheSaga(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	stuck := e.stuckOrder("stuck-api.com")
	base := "/api/v1/orders/" + stuck.ID + "/items/" + stuck.Items[0].ID

	other, err := e.h.App.CreateTenant(ctx, "Elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	stranger := e.token(e.user(other.ID, "stranger@example.net", store.RoleAdmin))
	for who, tok := range map[string]string{"client": e.clientT, "stranger": stranger} {
		for _, act := range []string{"/retry", "/cancel"} {
			if st := e.api(tok, "POST", base+act, nil, nil); st != 404 {
				t.Errorf("%s %s: %d", who, act, st)
			}
		}
	}

	var o struct {
		ID    string `json:"id"`
		Items []struct {
			State   string `json:"state"`
			History []struct {
				Note string `json:"note"`
			} `json:"history"`
		} `json:"items"`
	}
	if st := e.api(e.adminT, "POST", base+"/cancel", nil, &o); st != 200 || o.ID != stuck.ID ||
		len(o.Items) != 1 || o.Items[0].State != "cancelled" {
		t.Fatalf("cancel: %d %+v", st, o)
	}
	if h := o.Items[0].History; !strings.Contains(h[len(h)-1].Note, "cancelled by "+e.admin.Email) {
		t.Errorf("history: %+v", h)
	}
	var ae apiError
	if st := e.api(e.adminT, "POST", base+"/cancel", nil, &ae); st != 409 || ae.Error.Code != "conflict" ||
		!strings.Contains(ae.Error.Message, "cannot be cancelled") {
		t.Errorf("second cancel: %d %+v", st, ae)
	}
}
