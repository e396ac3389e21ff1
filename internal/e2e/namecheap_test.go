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
	return startWithRegistrar(t, "namecheap", databaseURL)
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

	o := orderRegistrations(t, h, c, "good-name.com")
	orderCompleted(t, o, price)
	if n := len(fake.Calls("namecheap.domains.create")); n != 1 {
		t.Errorf("domains.create sent %d times", n)
	}
	ncRegistered(t, fake, c, "good-name.com")
	defaultZone(t, c, "good-name.com")
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

	table := tldTable(t, admin)
	for _, tl := range table {
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
	t.Fatalf("com not in the TLD table: %+v", table)
	return money{}
}

func ncSearch(t *testing.T, c *apptest.Client, price money) {
	t.Helper()
	st, results := searchAvailability(c, "q=good-name")
	if st != 200 {
		t.Fatalf("search: %d", st)
	}
	found := false
	for _, r := range results {
		found = found || (r.Domain == "good-name.com" && r.Status == "available" && r.Price == price)
	}
	if !found {
		t.Fatalf("good-name.com not offered at %+v: %+v", price, results)
	}

	st, results = searchAvailability(c, "domain=taken-name.com")
	if st != 200 || len(results) != 1 || results[0].Status != "taken" {
		t.Errorf("taken-name.com: %d %+v", st, results)
	}
}

// ncTakenRefused: an order holding a taken name is refused before any
// payment is authorised.
func ncTakenRefused(t *testing.T, c *apptest.Client) {
	t.Helper()
	takenRefused(t, c, "good-name.com", "taken-name.com")

	var orders struct {
		Orders []order `json:"orders"`
	}
	if st := c.Do("GET", "/api/v1/orders", nil, &orders); st == 200 && len(orders.Orders) != 0 {
		t.Errorf("a refused order was kept: %+v", orders.Orders)
	}
}

// ncRegistered: the domain is active with the expiry the fake reports, and
// the registrar was sent the contacts and told the zone's name servers.
func ncRegistered(t *testing.T, fake *namecheaptest.Server, c *apptest.Client, domain string) {
	t.Helper()
	held, ok := fake.Domain(domain)
	if !ok || held.Email != "ada@example.com" {
		t.Fatalf("fake holds %+v (%t)", held, ok)
	}

	d := domainActive(t, c, domain, "namecheap", held.Expires)

	sets := fake.Calls("namecheap.domains.dns.setCustom")
	if len(sets) == 0 {
		t.Fatalf("the registrar was never told the name servers")
	}
	last := sets[len(sets)-1]
	told := strings.Split(strings.ToLower(last.Get("Nameservers")), ",")
	if last.Get("SLD") != strings.TrimSuffix(domain, ".com") || last.Get("TLD") != "com" ||
		len(d.Nameservers) == 0 || !slices.Equal(told, lowerNames(d.Nameservers)) ||
		!slices.Equal(held.Nameservers, told) {
		t.Errorf("setCustom %v; domain name servers %v; fake holds %v", last, d.Nameservers, held.Nameservers)
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
