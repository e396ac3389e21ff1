package e2e

import (
	"slices"
	"testing"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/awsfake"
	"github.com/proecommerce/domains/internal/registrar/opensrs/opensrstest"
)

// TestTLDRoutingFallsBackToASeller runs Route 53 Domains (on the AWS fake,
// which sells .com and .ca here) as the default registrar and DNS host,
// with OpenSRS configured beside it. A TLD the default does not sell
// (.shop) is served by OpenSRS without any choice by the operator; one
// both sell (.ca) stays at the default until the operator routes it to
// OpenSRS. One order holding names of both registrars registers each at
// its own and captures once; the OpenSRS name gets a zone created for it
// and OpenSRS is pointed at the zone's name servers.
func TestTLDRoutingFallsBackToASeller(t *testing.T) {
	fake := opensrstest.New(t, opensrstest.Config{})
	t.Setenv("OPENSRS_USERNAME", opensrstest.Username)
	t.Setenv("OPENSRS_API_KEY", opensrstest.APIKey)
	t.Setenv("PROECOMMERCE_OPENSRS_API_URL", fake.URL)
	t.Setenv("OPENSRS_PRICE_TLDS", "shop,ca")
	aws := awsfake.New(t, awsfake.Config{Prices: []awsfake.Price{
		{TLD: "com", Registration: "14.00", Renewal: "14.00", Transfer: "14.00"},
		{TLD: "ca", Registration: "15.00", Renewal: "15.00", Transfer: "15.00"},
	}})
	h := r53Start(t, aws)
	admin := h.AdminClient()
	c := signUp(t, h, "ada@example.com")

	routes := map[string]string{}
	for _, row := range tldTable(t, admin) {
		routes[row.TLD] = row.Registrar
	}
	if routes["shop"] != "opensrs" || routes["ca"] != "route53" || routes["com"] != "route53" {
		t.Fatalf("routing at first start: shop %q, ca %q, com %q", routes["shop"], routes["ca"], routes["com"])
	}

	o := orderRegistrations(t, h, c, "route-me.com", "route-me.shop")
	if o.Status != "completed" || o.Payment.Status != "captured" || o.Payment.Captured != o.Total {
		t.Fatalf("mixed order %+v", o)
	}
	routedTo(t, c, "route-me.com", "route53")
	routedTo(t, c, "route-me.shop", "opensrs")
	if n := len(fake.Calls("SW_REGISTER")); n != 1 || fake.Calls("SW_REGISTER")[0].Text("domain") != "route-me.shop" {
		t.Fatalf("SW_REGISTER calls %v, want route-me.shop alone", fake.Calls("SW_REGISTER"))
	}

	osrsZoneDelegated(t, aws, fake, "route-me.shop")
	if n := aws.Calls("RegisterDomain"); n != 1 {
		t.Errorf("RegisterDomain sent %d times, want once for route-me.com", n)
	}

	var row tldRow
	if st := admin.Do("PUT", "/api/v1/tlds/ca", map[string]any{"registrar": "opensrs"}, &row); st != 200 ||
		row.Registrar != "opensrs" || row.Cost == nil || row.Cost.Registration == nil ||
		*row.Cost.Registration != (money{1299, "USD"}) || row.Price.Registration == nil {
		t.Fatalf("route .ca to opensrs: %d %+v, want OpenSRS's cost of 12.99", st, row)
	}
	o = orderRegistrations(t, h, c, "route-me.ca")
	if o.Status != "completed" || o.Payment.Captured != o.Total || o.Total != *row.Price.Registration {
		t.Fatalf(".ca order %+v, want %+v captured", o, *row.Price.Registration)
	}
	routedTo(t, c, "route-me.ca", "opensrs")
	if _, held := fake.Domain("route-me.ca"); !held {
		t.Error("route-me.ca is not held at OpenSRS")
	}
}

// routedTo: the domain is active at the named registrar.
func routedTo(t *testing.T, c *apptest.Client, domain, registrarName string) {
	t.Helper()
	var d registeredDomain
	if st := c.Do("GET", "/api/v1/domains/"+domain, nil, &d); st != 200 || d.Status != "active" ||
		d.Registrar != registrarName {
		t.Errorf("%s: %d %+v, want active at %s", domain, st, d, registrarName)
	}
}

// osrsZoneDelegated: Route 53 holds one public zone for the OpenSRS domain,
// created for it, and OpenSRS holds that zone's name servers.
func osrsZoneDelegated(t *testing.T, aws *awsfake.Fake, fake *opensrstest.Server, domain string) {
	t.Helper()
	var zones []awsfake.Zone
	for _, z := range aws.Zones() {
		if z.Name == domain+"." {
			zones = append(zones, z)
		}
	}
	held, ok := fake.Domain(domain)
	if len(zones) != 1 || !ok || len(zones[0].Nameservers) == 0 ||
		!slices.Equal(lowerNames(held.Nameservers), lowerNames(zones[0].Nameservers)) {
		t.Errorf("zones %+v, OpenSRS holds %+v (%t)", zones, held, ok)
	}
}
