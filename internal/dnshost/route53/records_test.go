package route53

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/proecommerce/domains/internal/dnshost"
)

func rrset(name, typ string, ttl int, values ...string) string {
	var rrs string
	for _, v := range values {
		rrs += "<ResourceRecord><Value>" + v + "</Value></ResourceRecord>"
	}
	return fmt.Sprintf(`<ResourceRecordSet><Name>%s</Name><Type>%s</Type><TTL>%d</TTL>`+
		`<ResourceRecords>%s</ResourceRecords></ResourceRecordSet>`, name, typ, ttl, rrs)
}

func TestRecordSetsDecodesNamesAndFollowsPages(t *testing.T) {
	var queries []string
	f, h := newFake(t, map[string]route{
		"GET /2013-04-01/hostedzone/{id}/rrset": func(t *testing.T, r *http.Request, _ string) (int, string) {
			if r.PathValue("id") != "Z1" {
				t.Errorf("zone id = %q", r.PathValue("id"))
			}
			queries = append(queries, r.URL.RawQuery)
			q := r.URL.Query()
			if q.Get("name") == "" {
				return 200, fmt.Sprintf(`<ListResourceRecordSetsResponse %s><ResourceRecordSets>%s%s%s</ResourceRecordSets>`+
					`<IsTruncated>true</IsTruncated><NextRecordName>www.example.com.</NextRecordName>`+
					`<NextRecordType>CNAME</NextRecordType><MaxItems>3</MaxItems></ListResourceRecordSetsResponse>`, xmlns,
					rrset("example.com.", "TXT", 3600, `"v=spf1 mx -all"`, `"google-site-verification=abc123"`),
					rrset(`\052.example.com.`, "CNAME", 300, "lb.example.net"),
					rrset(`Shop-EU.Example.com.`, "A", 60, "192.0.2.20"))
			}
			if q.Get("name") != "www.example.com." || q.Get("type") != "CNAME" {
				t.Errorf("second page query = %q", r.URL.RawQuery)
			}
			alias := `<ResourceRecordSet><Name>cdn.example.com.</Name><Type>A</Type><AliasTarget>` +
				`<HostedZoneId>Z2FDTNDATAQYW2</HostedZoneId><DNSName>d1.cloudfront.net.</DNSName>` +
				`<EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>`
			return 200, fmt.Sprintf(`<ListResourceRecordSetsResponse %s><ResourceRecordSets>%s%s</ResourceRecordSets>`+
				`<IsTruncated>false</IsTruncated><MaxItems>3</MaxItems></ListResourceRecordSetsResponse>`, xmlns,
				rrset("www.example.com.", "CNAME", 3600, "example.com."),
				alias+rrset(`a\100b.example.com.`, "TXT", 300, `"x"`))
		},
	})

	sets, err := h.RecordSets(context.Background(), "Z1")
	if err != nil {
		t.Fatalf("RecordSets: %v", err)
	}

	want := []dnshost.RecordSet{
		{Name: "example.com.", Type: "TXT", TTL: 3600, Values: []string{`"v=spf1 mx -all"`, `"google-site-verification=abc123"`}},
		{Name: "*.example.com.", Type: "CNAME", TTL: 300, Values: []string{"lb.example.net."}},
		{Name: "shop-eu.example.com.", Type: "A", TTL: 60, Values: []string{"192.0.2.20"}},
		{Name: "www.example.com.", Type: "CNAME", TTL: 3600, Values: []string{"example.com."}},
		{Name: "a@b.example.com.", Type: "TXT", TTL: 300, Values: []string{`"x"`}},
	}
	if len(sets) != len(want) {
		t.Fatalf("sets = %+v", sets)
	}
	for i := range want {
		if sets[i].Name != want[i].Name || sets[i].Type != want[i].Type || sets[i].TTL != want[i].TTL ||
			!slices.Equal(sets[i].Values, want[i].Values) {
			t.Errorf("set %d = %+v, want %+v", i, sets[i], want[i])
		}
	}
	if len(f.list()) != 2 || len(queries) != 2 {
		t.Errorf("calls = %v", f.list())
	}
}

func TestDecodeName(t *testing.T) {
	cases := map[string]string{
		`\052.example.com.`:   "*.example.com.",
		`\052.Example.COM`:    "*.example.com.",
		`_dmarc.example.com.`: "_dmarc.example.com.",
		`a\040b.example.com.`: "a b.example.com.",
		`x\\y.example.com.`:   `x\y.example.com.`,
	}
	for in, want := range cases {
		if got := decodeName(in); got != want {
			t.Errorf("decodeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRecordSetsUnknownZone(t *testing.T) {
	_, h := newFake(t, map[string]route{
		"GET /2013-04-01/hostedzone/{id}/rrset": func(*testing.T, *http.Request, string) (int, string) {
			return 404, xmlError("NoSuchHostedZone", "No hosted zone found with ID: Z404")
		},
	})

	_, err := h.RecordSets(context.Background(), "Z404")

	if !errorsIs(err, dnshost.ErrZoneNotFound) {
		t.Fatalf("err = %v, want zone not found", err)
	}
}
