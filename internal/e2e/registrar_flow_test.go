package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
)

// Helpers shared by the end-to-end flows of the registrar adapters that run
// against a fake of the provider (namecheap_test.go, opensrs_test.go).

// startWithRegistrar runs the product with the named registrar adapter,
// the sandbox DNS host and sandbox payments, polling the registrar often.
// The adapter's own settings must already be in the process environment.
func startWithRegistrar(t *testing.T, name, databaseURL string) *apptest.Harness {
	t.Helper()
	return apptest.Start(t, apptest.Options{DatabaseURL: databaseURL, Env: map[string]string{
		"PROECOMMERCE_REGISTRAR":      name,
		"PROECOMMERCE_DNS":            "sandbox",
		"PROECOMMERCE_PAYMENTS":       "sandbox",
		"PROECOMMERCE_REGISTRAR_POLL": "50ms",
	}})
}

// tldRow is one row of GET /api/v1/tlds as the registrar flows read it.
type tldRow struct {
	TLD       string `json:"tld"`
	Registrar string `json:"registrar"`
	Enabled   bool   `json:"enabled"`
	Cost      *struct {
		Registration *money `json:"registration"`
		Renewal      *money `json:"renewal"`
	} `json:"cost"`
	Price struct {
		Registration *money `json:"registration"`
	} `json:"price"`
}

// tldTable reads the TLD table as the admin.
func tldTable(t *testing.T, admin *apptest.Client) []tldRow {
	t.Helper()
	var list struct {
		TLDs []tldRow `json:"tlds"`
	}
	if st := admin.Do("GET", "/api/v1/tlds", nil, &list); st != 200 {
		t.Fatalf("tlds: %d", st)
	}
	return list.TLDs
}

// searchResult is one result of GET /api/v1/availability.
type searchResult struct {
	Domain string `json:"domain"`
	Status string `json:"status"`
	Price  money  `json:"price"`
}

// searchAvailability asks GET /api/v1/availability with query ("q=…" or
// "domain=…") and returns the HTTP status and the results.
func searchAvailability(c *apptest.Client, query string) (int, []searchResult) {
	var search struct {
		Results []searchResult `json:"results"`
	}
	st := c.Do("GET", "/api/v1/availability?"+query, nil, &search)
	return st, search.Results
}

// takenRefused: an order holding the available and the taken name is
// refused with 409 unavailable before any payment is authorised.
func takenRefused(t *testing.T, c *apptest.Client, available, taken string) {
	t.Helper()
	var e apiError
	st := c.Do("POST", "/api/v1/orders", map[string]any{
		"items": []map[string]any{
			{"type": "register", "domain": available, "years": 1},
			{"type": "register", "domain": taken, "years": 1}},
		"contact": contact(), "payment": map[string]string{"card": "4242424242424242"}}, &e)
	if st != 409 || e.Error.Code != "unavailable" || e.Error.OrderID != "" {
		t.Fatalf("order with a taken name: %d %+v", st, e)
	}
}

// placeRegistrations orders one-year registrations and checks the order
// is created with its payment authorised.
func placeRegistrations(t *testing.T, c *apptest.Client, domains ...string) order {
	t.Helper()
	items := make([]map[string]any, 0, len(domains))
	for _, d := range domains {
		items = append(items, map[string]any{"type": "register", "domain": d, "years": 1})
	}

	var o order
	st := c.Do("POST", "/api/v1/orders", map[string]any{"items": items, "contact": contact(),
		"payment": map[string]string{"card": "4242424242424242"}}, &o)
	if st != 201 || o.Payment.Status != "authorized" {
		t.Fatalf("order: %d %+v", st, o)
	}
	return o
}

// awaitSettled waits for the order to end: no longer open and its payment
// no longer merely authorised.
func awaitSettled(h *apptest.Harness, c *apptest.Client, o order) order {
	h.Eventually(time.Minute, "the order to settle", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open" && o.Payment.Status != "authorized"
	})
	return o
}

// orderRegistrations orders one-year registrations and waits for the
// order to end.
func orderRegistrations(t *testing.T, h *apptest.Harness, c *apptest.Client, domains ...string) order {
	t.Helper()
	return awaitSettled(h, c, placeRegistrations(t, c, domains...))
}

// orderCompleted: the one-item order completed and captured price.
func orderCompleted(t *testing.T, o order, price money) {
	t.Helper()
	if o.Status != "completed" || len(o.Items) != 1 || o.Items[0].State != "completed" {
		t.Fatalf("order %+v", o)
	}
	if o.Payment.Status != "captured" || o.Payment.Captured != price || o.Items[0].Amount != price {
		t.Errorf("payment %+v, item %+v: want %+v captured", o.Payment, o.Items[0].Amount, price)
	}
}

// registeredDomain is what GET /api/v1/domains/{domain} tells of a
// registration.
type registeredDomain struct {
	Status      string     `json:"status"`
	Registrar   string     `json:"registrar"`
	ExpiresAt   *time.Time `json:"expires_at"`
	Nameservers []string   `json:"nameservers"`
}

// domainActive: the domain is active at the named registrar with the
// expiry date the fake reports.
func domainActive(t *testing.T, c *apptest.Client, domain, registrarName string,
	expires time.Time) registeredDomain {
	t.Helper()
	var d registeredDomain
	if st := c.Do("GET", "/api/v1/domains/"+domain, nil, &d); st != 200 || d.Status != "active" ||
		d.Registrar != registrarName || d.ExpiresAt == nil {
		t.Fatalf("domain: %d %+v", st, d)
	}
	if got, want := d.ExpiresAt.UTC().Format("2006-01-02"), expires.Format("2006-01-02"); got != want {
		t.Errorf("expires %s, fake reports %s", got, want)
	}
	return d
}

// lowerNames lower-cases host names and drops their final dot.
func lowerNames(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.ToLower(strings.TrimSuffix(s, "."))
	}
	return out
}

// defaultZone: the sandbox DNS host holds the domain's zone with its
// default records (the apex NS set and www pointing at the apex).
func defaultZone(t *testing.T, c *apptest.Client, domain string) {
	t.Helper()
	var l dnsRecordList
	if st := c.Do("GET", "/api/v1/domains/"+domain+"/records", nil, &l); st != 200 {
		t.Fatalf("records: %d", st)
	}
	ns, ok := findRecord(l, domain, "NS")
	if !ok || len(ns.Values) == 0 {
		t.Errorf("no NS set in %+v", l.Records)
	}
	www, _ := findRecord(l, "www."+domain, "CNAME")
	if !slices.Equal(www.Values, []string{domain + "."}) {
		t.Errorf("www: %+v in %+v", www, l.Records)
	}
}
