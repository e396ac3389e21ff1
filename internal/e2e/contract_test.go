package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/store"
)

// TestFixedMarkupInAnotherCurrency: a fixed markup in a currency with no
// exchange rate is refused, naming the field, and prices stay as they
// were; once the rate is set the same markup is taken and priced in.
func TestFixedMarkupInAnotherCurrency(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	admin := h.AdminClient()
	eur := map[string]any{"markup": map[string]any{"percent": "20",
		"fixed": map[string]any{"amount": 100, "currency": "EUR"}}}

	before := comPrice(t, admin)
	var e apiError
	for _, path := range []string{"/api/v1/settings", "/api/v1/tlds/com"} {
		if st := admin.Do("PUT", path, eur, &e); st != 400 || e.Error.Code != "invalid" ||
			e.Error.Field != "markup.fixed.currency" {
			t.Fatalf("PUT %s with a EUR markup and no rate: %d %+v", path, st, e)
		}
	}
	if after := comPrice(t, admin); after != before {
		t.Fatalf("a refused markup changed the price: %d, was %d", after, before)
	}

	if st := admin.Do("PUT", "/api/v1/settings", map[string]any{"exchange_rates": map[string]string{
		"USD": "1", "EUR": "0.5"}}, nil); st != 200 {
		t.Fatalf("set the EUR rate: %d", st)
	}
	if st := admin.Do("PUT", "/api/v1/tlds/com", eur, &e); st != 200 {
		t.Fatalf("PUT a EUR markup with its rate: %d %+v", st, e)
	}
	// 1.00 EUR at 0.5 EUR to the dollar is 2.00 USD on top of the 20 %.
	if after := comPrice(t, admin); after != before+200 {
		t.Errorf("com with 1.00 EUR fixed: %d, want %d", after, before+200)
	}
}

func comPrice(t *testing.T, c *apptest.Client) int64 {
	t.Helper()
	var out struct {
		Results []struct {
			Price money `json:"price"`
		} `json:"results"`
	}
	if st := c.Do("GET", "/api/v1/availability?domain=priced-name.com", nil, &out); st != 200 || len(out.Results) != 1 {
		t.Fatalf("availability: %d %+v", st, out)
	}
	return out.Results[0].Price.Amount
}

// TestStripeWebhookInSandboxMode: the webhook path answers as the API
// promises also when payments are sandbox: 400 for a delivery with no
// signature and for one with a wrong one, never 404.
func TestStripeWebhookInSandboxMode(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	for _, sig := range []string{"", "t=123,v1=deadbeef", "garbage"} {
		req, err := http.NewRequest("POST", h.URL+"/webhooks/stripe",
			strings.NewReader(`{"id": "evt_1", "type": "payment_intent.succeeded"}`))
		if err != nil {
			t.Fatal(err)
		}
		if sig != "" {
			req.Header.Set("Stripe-Signature", sig)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var e apiError
		if resp.StatusCode != 400 || json.Unmarshal(body, &e) != nil || e.Error.Code != "invalid" ||
			!strings.Contains(e.Error.Message, "signature") {
			t.Errorf("signature %q: %d %s", sig, resp.StatusCode, body)
		}
	}
}

// TestLinkingAnotherTenantsClientIsNotFound: an admin who names a client of
// another tenant for a domain of their own gets 404, as for any id of
// someone else, and the domain keeps its client.
func TestLinkingAnotherTenantsClientIsNotFound(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	ctx := context.Background()
	other, err := h.App.Store.CreateTenant(ctx, "Other hosting", false)
	if err != nil {
		t.Fatal(err)
	}
	_, stranger := h.UserClient(other, "stranger@example.com", store.RoleClient)
	_, owner := h.UserClient(h.Tenant, "owner@example.com", store.RoleClient)
	if _, err := h.App.Store.UpsertDomain(ctx, store.Domain{TenantID: h.Tenant.ID, ClientID: owner.ID,
		Name: "linked-here.com", TLD: "com", Status: store.DomainActive, Registrar: "sandbox",
		ExpiresAt: time.Now().AddDate(1, 0, 0)}); err != nil {
		t.Fatal(err)
	}

	var e apiError
	st := h.AdminClient().Do("PUT", "/api/v1/domains/linked-here.com/client",
		map[string]string{"client_id": stranger.ID}, &e)
	if st != 404 || e.Error.Code != "not_found" || e.Error.Field != "client_id" {
		t.Fatalf("another tenant's client: %d %+v, want 404 not_found on client_id", st, e)
	}
	var d struct {
		ClientID string `json:"client_id"`
	}
	if st := h.AdminClient().Do("GET", "/api/v1/domains/linked-here.com", nil, &d); st != 200 ||
		d.ClientID != owner.ID {
		t.Errorf("domain after a refused link: %d client %q, want %s", st, d.ClientID, owner.ID)
	}
}

// TestInvoiceListFilters: an unknown status is refused naming the field; a
// client naming another client's id gets 404 and their own id their own
// invoices.
func TestInvoiceListFilters(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	c, me := h.UserClient(h.Tenant, "me@example.com", store.RoleClient)
	_, other := h.UserClient(h.Tenant, "other@example.com", store.RoleClient)

	var e apiError
	for _, path := range []string{"/api/v1/invoices?status=bogus", "/api/v1/domains?status=bogus"} {
		if st := c.Do("GET", path, nil, &e); st != 400 || e.Error.Field != "status" {
			t.Errorf("%s: %d %+v", path, st, e)
		}
	}
	if st := c.Do("GET", "/api/v1/domains?unassigned=maybe", nil, &e); st != 400 || e.Error.Field != "unassigned" {
		t.Errorf("?unassigned=maybe: %d %+v", st, e)
	}
	if st := c.Do("GET", "/api/v1/invoices?client_id="+other.ID, nil, &e); st != 404 || e.Error.Code != "not_found" {
		t.Errorf("another client's invoices: %d %+v", st, e)
	}
	if st := h.AdminClient().Do("GET", "/api/v1/invoices?client_id=usr_nobody", nil, &e); st != 404 ||
		e.Error.Field != "client_id" {
		t.Errorf("an admin naming no client of the tenant: %d %+v", st, e)
	}
	if st := c.Do("POST", "/api/v1/invoices/inv_x/pay", map[string]any{"payment": map[string]string{"card": "1234"}},
		&e); st != 400 || e.Error.Field != "payment.card" {
		t.Errorf("paying with a number that is no card: %d %+v", st, e)
	}
	var out struct {
		Invoices []any `json:"invoices"`
	}
	if st := c.Do("GET", "/api/v1/invoices?status=open&client_id="+me.ID, nil, &out); st != 200 || out.Invoices == nil {
		t.Errorf("own invoices: %d %+v", st, out)
	}
}

// TestAPIMethodNotAllowed: a method a path does not take answers 401
// without a token, then 405 with the JSON error shape; the bearer scheme
// is read whatever its case.
func TestAPIMethodNotAllowed(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	admin := h.AdminClient()
	var e apiError
	for _, c := range []struct{ method, path string }{
		{"DELETE", "/api/v1/settings"}, {"POST", "/api/v1/domains"}, {"PATCH", "/api/v1/orders"},
	} {
		if st := h.NewClient().Do(c.method, c.path, nil, &e); st != 401 || e.Error.Code != "unauthorized" {
			t.Errorf("%s %s without a token: %d %+v", c.method, c.path, st, e)
		}
		if st := admin.Do(c.method, c.path, nil, &e); st != 405 || e.Error.Code != "method_not_allowed" {
			t.Errorf("%s %s: %d %+v", c.method, c.path, st, e)
		}
	}

	u, err := h.App.Store.UserByEmail(context.Background(), h.Tenant.ID, h.Admin.Email)
	if err != nil {
		t.Fatal(err)
	}
	token, err := h.App.Store.CreateToken(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", h.URL+"/api/v1/settings", nil)
	req.Header.Set("Authorization", "bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("lower-case bearer: %d", resp.StatusCode)
	}
}

// TestOrderListShowsEachOrderWhole: GET /api/v1/orders shows each order as
// GET /api/v1/orders/{id} does, with its payments and item history.
func TestOrderListShowsEachOrderWhole(t *testing.T) {
	h := apptest.Start(t, apptest.Options{Env: map[string]string{"PROECOMMERCE_SANDBOX_REGISTER_DELAY": "0s"}})
	c := signUp(t, h, "lister@example.com")
	id := buy(t, h, c, "listed-name.com")

	var one order
	var list struct {
		Orders []order `json:"orders"`
	}
	c.Do("GET", "/api/v1/orders/"+id, nil, &one)
	if st := c.Do("GET", "/api/v1/orders", nil, &list); st != 200 || len(list.Orders) != 1 {
		t.Fatalf("order list: %d %+v", st, list)
	}
	got := list.Orders[0]
	if got.Payment.Status != "captured" || got.Payment != one.Payment || len(got.Items) != 1 ||
		len(got.Items[0].History) == 0 || len(got.Items[0].History) != len(one.Items[0].History) {
		t.Errorf("listed %+v, the order reads %+v", got, one)
	}
}

// TestGoneDomainRecordsAreFrozen: a domain that is gone keeps its zone, but
// a record change answers 409 and reaches no DNS host.
func TestGoneDomainRecordsAreFrozen(t *testing.T) {
	h := apptest.Start(t, apptest.Options{Env: map[string]string{"PROECOMMERCE_SANDBOX_REGISTER_DELAY": "0s"}})
	c := signUp(t, h, "frozen@example.com")
	buy(t, h, c, "frozen-name.com")
	if _, err := h.App.DB.Exec(context.Background(), `UPDATE domains SET status = ? WHERE name = ?`,
		store.DomainGone, "frozen-name.com"); err != nil {
		t.Fatal(err)
	}

	var e apiError
	rec := map[string]any{"name": "api", "type": "A", "ttl": 300, "values": []string{"192.0.2.7"}}
	if st := c.Do("PUT", "/api/v1/domains/frozen-name.com/records", rec, &e); st != 409 || e.Error.Code != "conflict" {
		t.Fatalf("record change on a gone domain: %d %+v", st, e)
	}
	var recs struct {
		Records []struct {
			Name string `json:"name"`
		} `json:"records"`
	}
	c.Do("GET", "/api/v1/domains/frozen-name.com/records", nil, &recs)
	for _, r := range recs.Records {
		if r.Name == "api.frozen-name.com" {
			t.Errorf("the refused record reached the zone: %+v", recs)
		}
	}
}
