package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
)

type apiTLD struct {
	TLD       string `json:"tld"`
	Registrar string `json:"registrar"`
	Markup    struct {
		Percent string      `json:"percent"`
		Fixed   money.Money `json:"fixed"`
	} `json:"markup"`
	Price struct {
		Registration *money.Money `json:"registration"`
	} `json:"price"`
	Featured bool `json:"featured"`
	Enabled  bool `json:"enabled"`
}

func (e *env) tld(name string) apiTLD {
	e.t.Helper()
	var out struct {
		TLDs []apiTLD `json:"tlds"`
	}
	e.api(e.adminT, "GET", "/api/v1/tlds", nil, &out)
	for _, t := range out.TLDs {
		if t.TLD == name {
			return t
		}
	}
	e.t.Fatalf(".%s not listed", name)
	return apiTLD{}
}

func TestTLDRoutingAndMarkupFromThePage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	st := e.h.App.Store
	// "other" sells .com (at 10.00) but not .net.
	cost := money.New(1000, "USD")
	if err := st.ReplacePrices(ctx, "other", []registrar.TLDPrice{{TLD: "com", Currency: "USD",
		Registration: &cost, Renewal: &cost, Transfer: &cost, MinYears: 1, MaxYears: 10}}); err != nil {
		t.Fatal(err)
	}
	admin := e.browser(e.admin.Email)

	_, body := e.page(admin, "/admin/tlds")
	row := body[strings.Index(body, `id="tld-com"`):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, "<option selected>sandbox</option>") || !strings.Contains(row, "<option>other</option>") {
		t.Fatalf(".com routing row: %s", row)
	}

	code, _ := e.post(admin, "/admin/tlds/com", url.Values{"registrar": {"other"}, "percent": {"10"},
		"fixed": {"1.00"}, "enabled": {"true"}, "featured": {"true"}})
	if code != 200 {
		t.Fatalf("save .com: %d", code)
	}
	com := e.tld("com")
	// 10.00 + 10 % + 1.00 = 12.00
	if com.Registrar != "other" || com.Markup.Percent != "10" || com.Markup.Fixed != money.New(100, "USD") ||
		com.Price.Registration == nil || *com.Price.Registration != money.New(1200, "USD") || !com.Featured || !com.Enabled {
		t.Fatalf(".com after the page: %+v", com)
	}

	// Back to the tenant default markup (20 %): 10.00 + 20 % = 12.00.
	e.post(admin, "/admin/tlds/com", url.Values{"registrar": {"other"}, "percent": {"10"},
		"default_markup": {"true"}, "enabled": {"true"}, "featured": {"true"}})
	if com := e.tld("com"); com.Markup.Percent != "20" || *com.Price.Registration != money.New(1200, "USD") {
		t.Fatalf(".com back on the default markup: %+v", com)
	}
	if tt, _ := st.TenantTLD(ctx, e.h.Tenant.ID, "com"); tt.Markup != nil {
		t.Fatalf(".com keeps its own markup: %+v", tt.Markup)
	}

	// "other" does not sell .net: refused, routing unchanged.
	_, body = e.post(admin, "/admin/tlds/net", url.Values{"registrar": {"other"}, "enabled": {"true"}, "default_markup": {"true"}})
	if !strings.Contains(body, "other does not sell .net") || e.tld("net").Registrar != "sandbox" {
		t.Fatalf(".net routed to a registrar that does not sell it")
	}

	// A TLD routed to a registrar that does not sell it shows the fallback.
	tt, _ := st.TenantTLD(ctx, e.h.Tenant.ID, "org")
	tt.Registrar = "other"
	if err := st.UpdateTenantTLD(ctx, tt); err != nil {
		t.Fatal(err)
	}
	_, body = e.page(admin, "/admin/tlds")
	if !strings.Contains(body, "other does not sell .org; saving routes it to sandbox") {
		t.Fatal("no fallback shown for .org")
	}
	e.post(admin, "/admin/tlds/org", url.Values{"registrar": {"sandbox"}, "enabled": {"true"}, "default_markup": {"true"}})
	if got := e.tld("org").Registrar; got != "sandbox" {
		t.Fatalf(".org routed to %s", got)
	}

	// Disabling from the page hides the TLD from clients.
	e.post(admin, "/admin/tlds/net", url.Values{"registrar": {"sandbox"}, "default_markup": {"true"}})
	var out struct {
		TLDs []apiTLD `json:"tlds"`
	}
	e.api(e.clientT, "GET", "/api/v1/tlds", nil, &out)
	for _, tl := range out.TLDs {
		if tl.TLD == "net" {
			t.Fatal(".net still offered to clients after it was disabled")
		}
	}
}

// The TLD page shows every price next to its cost, and when each
// registrar's price list was last read.
func TestTLDPageShowsPricesAndLastSync(t *testing.T) {
	e := newEnv(t)
	synced, ok, err := e.h.App.Store.PricesSyncedAt(context.Background(), "sandbox")
	if err != nil || !ok {
		t.Fatalf("sandbox prices never stored: %v", err)
	}
	_, body := e.page(e.browser(e.admin.Email), "/admin/tlds")
	row := body[strings.Index(body, `id="tld-com"`):]
	row = row[:strings.Index(row, "</tr>")]
	for _, want := range []string{"reg 12.00 USD", "ren 12.00 USD", "tr 12.00 USD", "rest ",
		"reg 14.40 USD", "ren 14.40 USD", "tr 14.40 USD"} {
		if !strings.Contains(row, want) {
			t.Errorf(".com row lacks %q:\n%s", want, row)
		}
	}
	if strings.Contains(row, "below cost") {
		t.Errorf(".com is marked below cost:\n%s", row)
	}
	want := "sandbox " + synced.UTC().Format("2006-01-02 15:04") + " UTC; other never"
	if !strings.Contains(body, want) {
		t.Errorf("the page lacks %q", want)
	}
}

// What a registry asks of a registrant is part of the TLD's record: in the
// API, on the TLD page and in the cart.
func TestTLDRequirementsAreShown(t *testing.T) {
	e := newEnv(t)
	var out struct {
		TLDs []struct {
			TLD          string   `json:"tld"`
			Requirements []string `json:"requirements"`
		} `json:"tlds"`
	}
	e.api(e.clientT, "GET", "/api/v1/tlds", nil, &out)
	got := map[string][]string{}
	for _, t := range out.TLDs {
		got[t.TLD] = t.Requirements
	}
	if r, ok := got["jp"]; !ok || strings.Join(r, ",") != "japan-presence" {
		t.Errorf(".jp requirements: %v (listed %v)", r, ok)
	}
	if r, ok := got["com"]; !ok || r == nil || len(r) != 0 {
		t.Errorf(".com requirements: %#v", r)
	}

	admin := e.browser(e.admin.Email)
	_, body := e.page(admin, "/admin/tlds")
	row := body[strings.Index(body, `id="tld-jp"`):]
	if row = row[:strings.Index(row, "</tr>")]; !strings.Contains(row, "asks: japan-presence") {
		t.Errorf(".jp row:\n%s", row)
	}

	shopper := e.browser(e.client.Email)
	e.post(shopper, "/cart/add", url.Values{"domain": {"sakura-shop.jp"}})
	e.post(shopper, "/cart/add", url.Values{"domain": {"plain-shop.com"}})
	_, cart := e.page(shopper, "/cart")
	if strings.Count(cart, "The registry of this name asks: japan-presence") != 1 {
		t.Errorf("cart:\n%s", cart)
	}
}
