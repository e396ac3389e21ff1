package e2e

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
)

// 8.00 USD (.me.uk at Route 53) with a 2.5 % markup is exactly 8.20 USD on
// every path: the API's availability, the search page, the cart, the
// order, its authorisation, the capture at the gateway and the invoice.
func TestMarkupIsExactOnEveryPath(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	admin := h.AdminClient()
	if st := admin.Do("PUT", "/api/v1/tlds/me.uk", map[string]any{"markup": map[string]any{"percent": "2.5",
		"fixed": map[string]any{"amount": 0, "currency": "USD"}}}, nil); st != 200 {
		t.Fatalf("markup: %d", st)
	}
	c := signUp(t, h, "exact@example.com")
	const domain = "exact-price.me.uk"
	want := money{820, "USD"}

	var search struct {
		Results []struct {
			Price money `json:"price"`
		} `json:"results"`
	}
	if st := c.Do("GET", "/api/v1/availability?domain="+domain, nil, &search); st != 200 ||
		len(search.Results) != 1 || search.Results[0].Price != want {
		t.Fatalf("availability: %d %+v", st, search)
	}
	if a := send(t, h, c, "GET", "/search/result?domain="+domain, "", "", nil); !strings.Contains(a.Body, "8.20") {
		t.Errorf("the search result shows no 8.20:\n%s", a.Body)
	}
	send(t, h, c, "POST", "/cart/add", formType, url.Values{"domain": {domain}}.Encode(), nil)
	if a := send(t, h, c, "GET", "/cart", "", "", nil); !strings.Contains(a.Body, "8.20") {
		t.Errorf("the cart shows no 8.20:\n%s", a.Body)
	}

	var o order
	if st := c.Do("POST", "/api/v1/orders", map[string]any{
		"items":   []map[string]any{{"type": "register", "domain": domain, "years": 1}},
		"contact": contact(), "payment": map[string]string{"card": "4242424242424242"},
	}, &o); st != 201 || o.Total != want || o.Payment.Authorized != want || o.Items[0].Amount != want {
		t.Fatalf("order: %d %+v", st, o)
	}
	h.Eventually(20*time.Second, "the order to settle", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open"
	})
	if o.Status != "completed" || o.Payment.Status != "captured" || o.Payment.Captured != want {
		t.Fatalf("settled order %+v", o)
	}

	stored, err := h.App.Store.Order(t.Context(), h.Tenant.ID, "", o.ID)
	if err != nil {
		t.Fatal(err)
	}
	auth, err := h.App.Providers.Gateway.Get(t.Context(), stored.Payments[0].ProviderID)
	if err != nil || auth.Authorized.Amount != 820 || auth.Captured.Amount != 820 {
		t.Errorf("the gateway holds %+v (%v), want 820 authorised and captured", auth, err)
	}
	var invs struct {
		Invoices []struct {
			Total money `json:"total"`
		} `json:"invoices"`
	}
	if c.Do("GET", "/api/v1/invoices", nil, &invs); len(invs.Invoices) != 1 || invs.Invoices[0].Total != want {
		t.Errorf("invoices %+v", invs)
	}
}
