package e2e

import (
	"fmt"
	"net/url"
	"slices"
	"testing"

	"github.com/miekg/dns"

	"github.com/proecommerce/domains/internal/apptest"
)

// The operator edits the default-records template on the admin settings
// page; a zone registered afterwards gets exactly that template, and the
// sandbox server answers it (the wildcard too).
func TestOperatorTemplateAppliesToNewZones(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	form := url.Values{"default_ip": {"192.0.2.80"}, "mail_host": {"mx.hosting.example"},
		"spf":                  {"v=spf1 include:hosting.example -all"},
		"allowed_record_types": {"A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA"},
		"ttl_min":              {"60"}, "ttl_max": {"86400"}, "ttl_default": {"1800"},
		"featured_tlds": {"com, net"}, "markup_percent": {"20"}, "markup_fixed": {"0"},
		"rounding": {"none"}, "premium": {"sell"}}
	if a := send(t, h, h.AdminClient(), "POST", "/admin/settings", formType, form.Encode(), nil); a.Status != 303 && a.Status != 200 {
		t.Fatalf("save settings: %d\n%s", a.Status, a.Body)
	}

	c, _ := h.UserClient(h.Tenant, "template-buyer@example.com", "client")
	const domain = "templated-zone.com"
	buy(t, h, c, domain)

	var l dnsRecordList
	if st := c.Do("GET", "/api/v1/domains/"+domain+"/records", nil, &l); st != 200 {
		t.Fatalf("records: %d", st)
	}
	got := map[string]string{}
	for _, r := range l.Records {
		if r.Type != "NS" {
			got[r.Name+" "+r.Type] = fmt.Sprint(r.TTL, r.Values)
		}
	}
	want := map[string]string{
		domain + " A":              "1800 [192.0.2.80]",
		"*." + domain + " A":       "1800 [192.0.2.80]",
		"www." + domain + " CNAME": "1800 [" + domain + ".]",
		domain + " MX":             "1800 [10 mx.hosting.example.]",
		domain + " TXT":            "1800 [v=spf1 include:hosting.example -all]",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("records of a new zone\n got %v\nwant %v", got, want)
	}

	for _, q := range []struct {
		name string
		typ  uint16
		want []string
	}{
		{domain, dns.TypeA, []string{"192.0.2.80"}},
		{"shop." + domain, dns.TypeA, []string{"192.0.2.80"}},
		{domain, dns.TypeMX, []string{"10 mx.hosting.example."}},
		{domain, dns.TypeTXT, []string{"v=spf1 include:hosting.example -all"}},
	} {
		if answer := rdataOf(askDNS(t, h, q.name, q.typ)); !slices.Equal(answer, q.want) {
			t.Errorf("DNS %s %s: %q, want %q", q.name, dns.TypeToString[q.typ], answer, q.want)
		}
	}
}
