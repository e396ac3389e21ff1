package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/registrar/namecheap"
	"github.com/proecommerce/domains/internal/registrar/namecheap/namecheaptest"
)

// ncStart runs the product with Namecheap as the registrar, pointed at the
// fake. The adapter reads its configuration from the process environment
// (os.Getenv), hence t.Setenv and no t.Parallel.
func ncStart(t *testing.T, fake *namecheaptest.Server, databaseURL string) *apptest.Harness {
	t.Helper()
	t.Setenv("NAMECHEAP_API_USER", namecheaptest.APIUser)
	t.Setenv("NAMECHEAP_API_KEY", namecheaptest.APIKey)
	t.Setenv("NAMECHEAP_USERNAME", namecheaptest.UserName)
	t.Setenv("NAMECHEAP_CLIENT_IP", namecheaptest.ClientIP)
	t.Setenv("PROECOMMERCE_NAMECHEAP_API_URL", fake.URL+"/xml.response")
	return apptest.Start(t, apptest.Options{DatabaseURL: databaseURL, Env: map[string]string{
		"PROECOMMERCE_REGISTRAR":      "namecheap",
		"PROECOMMERCE_DNS":            "sandbox",
		"PROECOMMERCE_PAYMENTS":       "sandbox",
		"PROECOMMERCE_REGISTRAR_POLL": "50ms",
	}})
}

func TestNamecheapEndToEnd(t *testing.T) {
	for _, target := range apptest.Targets(t) {
		t.Run(target.Name, func(t *testing.T) { ncFlow(t, target.URL) })
	}
}

// ncFlow: the first start syncs prices, a search offers an available name
// at its price, an order holding a taken name is refused, and an order of
// the available one is registered, given a zone and captured.
func ncFlow(t *testing.T, databaseURL string) {
	fake := namecheaptest.New()
	t.Cleanup(fake.Close)
	fake.Taken["taken-name.com"] = true
	fake.Now = func() time.Time { return time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC) }

	h := ncStart(t, fake, databaseURL)
	admin := h.AdminClient()
	c := signUp(t, h, "ada@example.com")

	price := ncPricesSynced(t, fake, admin)
	ncSearch(t, c, price)
	ncTakenRefused(t, c)

	o := ncOrder(t, h, c, "good-name.com")
	if o.Status != "completed" || len(o.Items) != 1 || o.Items[0].State != "completed" {
		t.Fatalf("order %+v", o)
	}
	if o.Payment.Status != "captured" || o.Payment.Captured != price || o.Items[0].Amount != price {
		t.Errorf("payment %+v, item %+v: want %+v captured", o.Payment, o.Items[0].Amount, price)
	}
	if n := len(fake.Calls("namecheap.domains.create")); n != 1 {
		t.Errorf("domains.create sent %d times", n)
	}
	ncRegistered(t, fake, c, "good-name.com")
	ncZone(t, c, "good-name.com")
	ncUnderLimit(t, fake)
}

// ncUnderLimit: the whole flow fits in Namecheap's per-minute window, so the
// limiter (on the system clock, shared per account and endpoint, hence one
// per fake) never made the test wait.
func ncUnderLimit(t *testing.T, fake *namecheaptest.Server) {
	t.Helper()
	calls := ncCallCount(fake)
	total := 0
	for _, n := range calls {
		total += n
	}
	if total >= namecheap.Windows[0].Limit {
		t.Errorf("%d Namecheap calls %v: the limiter would wait for the minute window", total, calls)
	}
}

// ncPricesSynced: the first start read users.getPricing into the TLD table;
// .com costs YourPrice 11.28 plus the 0.18 ICANN fee. It returns the .com
// registration price the tenant's markup makes of it.
func ncPricesSynced(t *testing.T, fake *namecheaptest.Server, admin *apptest.Client) money {
	t.Helper()
	actions := map[string]bool{}
	for _, call := range fake.Calls("namecheap.users.getPricing") {
		actions[call.Get("ActionName")] = true
	}
	if !actions["REGISTER"] || !actions["RENEW"] {
		t.Fatalf("no users.getPricing at first start: %v", actions)
	}

	var list struct {
		TLDs []struct {
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
		} `json:"tlds"`
	}
	if st := admin.Do("GET", "/api/v1/tlds", nil, &list); st != 200 {
		t.Fatalf("tlds: %d", st)
	}
	for _, tl := range list.TLDs {
		if tl.TLD != "com" {
			continue
		}
		if tl.Registrar != "namecheap" || !tl.Enabled || tl.Cost == nil || tl.Cost.Registration == nil ||
			*tl.Cost.Registration != (money{1146, "USD"}) || *tl.Cost.Renewal != (money{1866, "USD"}) ||
			tl.Price.Registration == nil || tl.Price.Registration.Amount <= 1146 {
			t.Fatalf("com in the TLD table: %+v cost %+v", tl, tl.Cost)
		}
		return *tl.Price.Registration
	}
	t.Fatalf("com not in the TLD table: %+v", list.TLDs)
	return money{}
}

func ncSearch(t *testing.T, c *apptest.Client, price money) {
	t.Helper()
	var search struct {
		Results []struct {
			Domain string `json:"domain"`
			Status string `json:"status"`
			Price  money  `json:"price"`
		} `json:"results"`
	}
	if st := c.Do("GET", "/api/v1/availability?q=good-name", nil, &search); st != 200 {
		t.Fatalf("search: %d", st)
	}
	found := false
	for _, r := range search.Results {
		found = found || (r.Domain == "good-name.com" && r.Status == "available" && r.Price == price)
	}
	if !found {
		t.Fatalf("good-name.com not offered at %+v: %+v", price, search.Results)
	}

	search.Results = nil
	st := c.Do("GET", "/api/v1/availability?domain=taken-name.com", nil, &search)
	if st != 200 || len(search.Results) != 1 || search.Results[0].Status != "taken" {
		t.Errorf("taken-name.com: %d %+v", st, search.Results)
	}
}

// ncTakenRefused: an order holding a taken name is refused before any
// payment is authorised.
func ncTakenRefused(t *testing.T, c *apptest.Client) {
	t.Helper()
	var e apiError
	st := c.Do("POST", "/api/v1/orders", map[string]any{
		"items": []map[string]any{
			{"type": "register", "domain": "good-name.com", "years": 1},
			{"type": "register", "domain": "taken-name.com", "years": 1}},
		"contact": contact(), "payment": map[string]string{"card": "4242424242424242"}}, &e)
	if st != 409 || e.Error.Code != "unavailable" || e.Error.OrderID != "" {
		t.Fatalf("order with a taken name: %d %+v", st, e)
	}

	var orders struct {
		Orders []order `json:"orders"`
	}
	if st := c.Do("GET", "/api/v1/orders", nil, &orders); st == 200 && len(orders.Orders) != 0 {
		t.Errorf("a refused order was kept: %+v", orders.Orders)
	}
}

// ncOrder orders one-year registrations and waits for the order to end.
func ncOrder(t *testing.T, h *apptest.Harness, c *apptest.Client, domains ...string) order {
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
	h.Eventually(time.Minute, "the order to settle", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open" && o.Payment.Status != "authorized"
	})
	return o
}

// ncRegistered: the domain is active with the expiry the fake reports, and
// the registrar was sent the contacts and told the zone's name servers.
func ncRegistered(t *testing.T, fake *namecheaptest.Server, c *apptest.Client, domain string) {
	t.Helper()
	held, ok := fake.Domain(domain)
	if !ok || held.Email != "ada@example.com" {
		t.Fatalf("fake holds %+v (%t)", held, ok)
	}

	var d struct {
		Status      string     `json:"status"`
		Registrar   string     `json:"registrar"`
		ExpiresAt   *time.Time `json:"expires_at"`
		Nameservers []string   `json:"nameservers"`
	}
	if st := c.Do("GET", "/api/v1/domains/"+domain, nil, &d); st != 200 || d.Status != "active" ||
		d.Registrar != "namecheap" || d.ExpiresAt == nil {
		t.Fatalf("domain: %d %+v", st, d)
	}
	if got, want := d.ExpiresAt.UTC().Format("2006-01-02"), held.Expires.Format("2006-01-02"); got != want {
		t.Errorf("expires %s, fake reports %s", got, want)
	}

	sets := fake.Calls("namecheap.domains.dns.setCustom")
	if len(sets) == 0 {
		t.Fatalf("the registrar was never told the name servers")
	}
	last := sets[len(sets)-1]
	told := strings.Split(strings.ToLower(last.Get("Nameservers")), ",")
	if last.Get("SLD") != strings.TrimSuffix(domain, ".com") || last.Get("TLD") != "com" ||
		len(d.Nameservers) == 0 || !slices.Equal(told, ncLower(d.Nameservers)) ||
		!slices.Equal(held.Nameservers, told) {
		t.Errorf("setCustom %v; domain name servers %v; fake holds %v", last, d.Nameservers, held.Nameservers)
	}
}

func ncLower(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.ToLower(strings.TrimSuffix(s, "."))
	}
	return out
}

// ncZone: the sandbox DNS host holds the domain's zone with its default
// records (the apex NS set and www pointing at the apex).
func ncZone(t *testing.T, c *apptest.Client, domain string) {
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

// ncCallCount is every command the fake received.
func ncCallCount(fake *namecheaptest.Server) map[string]int {
	out := map[string]int{}
	for _, cmd := range []string{"users.getPricing", "domains.getTldList", "domains.check",
		"domains.create", "domains.getInfo", "domains.dns.setCustom", "domains.getList"} {
		out[cmd] = len(fake.Calls("namecheap." + cmd))
	}
	return out
}
