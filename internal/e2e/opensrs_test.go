package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/registrar/opensrs/opensrstest"
)

// osrsStart runs the product with OpenSRS as the registrar, pointed at the
// fake. The adapter reads its configuration from the process environment
// (os.Getenv), hence t.Setenv and no t.Parallel.
func osrsStart(t *testing.T, fake *opensrstest.Server, databaseURL string) *apptest.Harness {
	t.Helper()
	t.Setenv("OPENSRS_USERNAME", opensrstest.Username)
	t.Setenv("OPENSRS_API_KEY", opensrstest.APIKey)
	t.Setenv("PROECOMMERCE_OPENSRS_API_URL", fake.URL)
	t.Setenv("OPENSRS_PRICE_TLDS", "shop,ca")
	return startWithRegistrar(t, "opensrs", databaseURL)
}

func TestOpenSRSEndToEnd(t *testing.T) {
	for _, target := range apptest.Targets(t) {
		t.Run(target.Name, func(t *testing.T) { osrsFlow(t, target.URL) })
	}
}

// osrsFlow: the first start prices the TLDs of OPENSRS_PRICE_TLDS, a search
// offers an available name at its price, an order holding a taken name is
// refused, one name registers at once and one is queued at its registry
// (250) until the fake completes it while the saga polls the order.
func osrsFlow(t *testing.T, databaseURL string) {
	fake := opensrstest.New(t, opensrstest.Config{Taken: []string{"taken-name.shop"},
		Queued: []string{"ca"}})
	h := osrsStart(t, fake, databaseURL)
	admin := h.AdminClient()
	c := signUp(t, h, "ada@example.com")

	prices := osrsPricesSynced(t, fake, admin)
	osrsSearch(t, c, prices["shop"])
	takenRefused(t, c, "good-name.shop", "taken-name.shop")
	if n := len(fake.Calls("SW_REGISTER")); n != 0 {
		t.Fatalf("SW_REGISTER sent %d times for a refused order", n)
	}

	t.Run("registered at once", func(t *testing.T) {
		o := orderRegistrations(t, h, c, "good-name.shop")
		orderCompleted(t, o, prices["shop"])
		osrsRegistered(t, fake, c, "good-name.shop")
		defaultZone(t, c, "good-name.shop")
	})

	t.Run("queued at the registry then completed", func(t *testing.T) {
		o := osrsQueued(t, h, fake, c, "queued-name.ca")
		orderCompleted(t, o, prices["ca"])
		osrsRegistered(t, fake, c, "queued-name.ca")
		defaultZone(t, c, "queued-name.ca")
	})
}

// osrsPricesSynced: the first start asked GET_PRICE for each TLD of
// OPENSRS_PRICE_TLDS and stored the answers as costs. It returns each TLD's
// registration price after the tenant's markup.
func osrsPricesSynced(t *testing.T, fake *opensrstest.Server, admin *apptest.Client) map[string]money {
	t.Helper()
	asked := map[string]bool{}
	for _, a := range fake.Calls("GET_PRICE") {
		asked[a.Text("domain")[strings.Index(a.Text("domain"), ".")+1:]+":"+a.Text("reg_type")] = true
	}
	if !asked["shop:new"] || !asked["ca:new"] || !asked["ca:renewal"] {
		t.Fatalf("GET_PRICE at first start: %v", asked)
	}

	table := tldTable(t, admin)
	want := map[string]money{"shop": {249, "USD"}, "ca": {1299, "USD"}}
	out := map[string]money{}
	for _, tl := range table {
		cost, ok := want[tl.TLD]
		if !ok {
			continue
		}
		if tl.Registrar != "opensrs" || !tl.Enabled || tl.Cost == nil || tl.Cost.Registration == nil ||
			*tl.Cost.Registration != cost || tl.Price.Registration == nil ||
			tl.Price.Registration.Amount <= cost.Amount {
			t.Fatalf("%s in the TLD table: %+v cost %+v", tl.TLD, tl, tl.Cost)
		}
		out[tl.TLD] = *tl.Price.Registration
	}
	if len(out) != len(want) {
		t.Fatalf("TLD table holds %+v", table)
	}
	return out
}

func osrsSearch(t *testing.T, c *apptest.Client, price money) {
	t.Helper()
	for domain, status := range map[string]string{"good-name.shop": "available", "taken-name.shop": "taken"} {
		st, results := searchAvailability(c, "domain="+domain)
		if st != 200 || len(results) != 1 || results[0].Status != status ||
			(status == "available" && results[0].Price != price) {
			t.Errorf("%s: %d %+v, want %s at %+v", domain, st, results, status, price)
		}
	}
}

// osrsQueued orders a name whose registry queues the registration (250),
// checks the saga keeps reading the order while it waits, then completes
// it at the fake and waits for the order to settle.
func osrsQueued(t *testing.T, h *apptest.Harness, fake *opensrstest.Server, c *apptest.Client,
	domain string) order {
	t.Helper()
	o := placeRegistrations(t, c, domain)

	h.Eventually(30*time.Second, "the saga to poll the queued order", func() bool {
		return len(fake.Calls("GET_ORDER_INFO")) >= 2
	})
	c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
	if o.Status != "open" || o.Payment.Status != "authorized" || len(o.Items) != 1 ||
		o.Items[0].State == "completed" {
		t.Fatalf("order while queued: %+v", o)
	}
	if _, held := fake.Domain(domain); held {
		t.Fatalf("%s held before the registry answered", domain)
	}
	if n := len(fake.Calls("SW_REGISTER")); n != 2 {
		t.Errorf("SW_REGISTER sent %d times in all, want 2", n)
	}

	if !fake.Complete(domain) {
		t.Fatalf("no waiting order of %s: %+v", domain, fake.Orders(domain))
	}
	return awaitSettled(h, c, o)
}

// osrsRegistered: the domain is active with the expiry the fake reports,
// the owner is the order's contact and the registrar holds the zone's name
// servers.
func osrsRegistered(t *testing.T, fake *opensrstest.Server, c *apptest.Client, domain string) {
	t.Helper()
	held, ok := fake.Domain(domain)
	if !ok || held.Owner != "ada@example.com" {
		t.Fatalf("fake holds %+v (%t)", held, ok)
	}

	d := domainActive(t, c, domain, "opensrs", held.Expires)
	if len(d.Nameservers) == 0 || !slices.Equal(lowerNames(held.Nameservers), lowerNames(d.Nameservers)) {
		t.Errorf("registrar holds name servers %v, domain has %v", held.Nameservers, d.Nameservers)
	}
}
