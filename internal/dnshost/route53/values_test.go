package route53

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/proecommerce/domains/internal/awsfake"
	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/dnsrecord"
)

// onStatefulFake returns the adapter on the shared stateful fake with the
// zone example.com, so a write can be read back.
func onStatefulFake(t *testing.T) (*awsfake.Fake, *Host, string) {
	t.Helper()
	f := awsfake.New(t, awsfake.Config{})
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", "")),
		config.WithRetryMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseEndpoint = aws.String(f.URL())
	h, err := New(context.Background(), Config{AWS: &cfg, Logger: slog.New(slog.NewTextHandler(t.Output(), nil))})
	if err != nil {
		t.Fatal(err)
	}
	return f, h, f.AddZone("example.com.", "seed", false).ID
}

// desired prepares a set the way the product does: the name resolved in
// the zone, each value converted to rdata.
func desired(t *testing.T, name, typ string, ttl uint32, values ...string) dnshost.RecordSet {
	t.Helper()
	fqdn, err := dnsrecord.NormalizeName("example.com", name)
	if err != nil {
		t.Fatal(err)
	}
	set := dnshost.RecordSet{Name: fqdn, Type: typ, TTL: ttl}
	for _, v := range values {
		rdata, err := dnsrecord.ToRData(typ, v)
		if err != nil {
			t.Fatalf("ToRData(%s, %q): %v", typ, v, err)
		}
		set.Values = append(set.Values, rdata)
	}
	return set
}

func TestListedWildcardAndMixedCaseNamePlanNothing(t *testing.T) {
	f, h, zoneID := onStatefulFake(t)
	f.AddRecordSet(zoneID, awsfake.RecordSet{Name: "*.example.com.", Type: "CNAME", TTL: 300,
		Values: []string{"lb.example.net"}})
	f.AddRecordSet(zoneID, awsfake.RecordSet{Name: "shop-eu.example.com.", Type: "A", TTL: 300,
		Values: []string{"192.0.2.20"}})

	current, err := h.RecordSets(context.Background(), zoneID)
	if err != nil {
		t.Fatal(err)
	}

	var wildcard dnshost.RecordSet
	for _, s := range current {
		if s.Type == "CNAME" {
			wildcard = s
		}
	}
	if wildcard.Name != "*.example.com." || wildcard.TTL != 300 || wildcard.Values[0] != "lb.example.net." {
		t.Errorf(`\052.example.com. read as %+v`, wildcard)
	}
	for _, want := range []dnshost.RecordSet{
		desired(t, "*.example.com", "CNAME", 300, "lb.example.net"),
		desired(t, "Shop-EU.Example.com.", "A", 300, "192.0.2.20"),
		{Name: "Shop-EU.Example.com", Type: "A", TTL: 300, Values: []string{"192.0.2.20"}},
	} {
		if changes := dnsrecord.PlanSet(current, want); len(changes) != 0 {
			t.Errorf("%+v plans %+v against %+v", want, changes, current)
		}
	}
}

func TestTXTValuesOnTheWireAndBack(t *testing.T) {
	dkim := "v=DKIM1; k=rsa; p=" + strings.Repeat("M", 410-len("v=DKIM1; k=rsa; p="))
	cases := []struct {
		name, text, wire string
	}{
		{"verify", "google-site-verification=abc123", `"google-site-verification=abc123"`},
		{"dkim", dkim, `"` + dkim[:255] + `" "` + dkim[255:] + `"`},
		{"quotes", `say "hi"`, `"say \"hi\""`},
		{"backslash", `a\b`, `"a\\b"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, h, zoneID := onStatefulFake(t)
			set := desired(t, tc.name, "TXT", 300, tc.text)

			if _, err := h.Apply(context.Background(), zoneID, []dnshost.Change{{Action: dnshost.Create, Set: set}}); err != nil {
				t.Fatal(err)
			}

			sent := f.Batches()[0].Changes[0].Set
			if len(sent.Values) != 1 || sent.Values[0] != tc.wire {
				t.Errorf("sent %q, want %q", sent.Values, tc.wire)
			}
			back := readTXT(t, h, zoneID, tc.name+".example.com.")
			if back != tc.text {
				t.Errorf("read back %q, want %q", back, tc.text)
			}
		})
	}
	if len(dkim) != 410 {
		t.Fatalf("DKIM value is %d characters", len(dkim))
	}
}

func readTXT(t *testing.T, h *Host, zoneID, name string) string {
	t.Helper()
	sets, err := h.RecordSets(context.Background(), zoneID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sets {
		if s.Name == name && s.Type == "TXT" && len(s.Values) == 1 {
			text, err := dnsrecord.FromRData("TXT", s.Values[0])
			if err != nil {
				t.Fatal(err)
			}
			return text
		}
	}
	t.Fatalf("no TXT %s in %+v", name, sets)
	return ""
}

func TestTXTOver4000RefusedBeforeAnyCall(t *testing.T) {
	f, h, zoneID := onStatefulFake(t)
	long := strings.Repeat("x", 4001)

	if _, err := dnsrecord.ToRData("TXT", long); err == nil {
		t.Error("ToRData took a 4,001-character value")
	}
	quoted := `"` + strings.Repeat("x", 255) + `"`
	value := strings.TrimSpace(strings.Repeat(quoted+" ", 16))
	_, err := h.Apply(context.Background(), zoneID, []dnshost.Change{{Action: dnshost.Upsert,
		Set: dnshost.RecordSet{Name: "long.example.com.", Type: "TXT", TTL: 300, Values: []string{value}}}})

	if !errors.Is(err, dnshost.ErrInvalidChange) || f.Calls("") != 0 {
		t.Errorf("err = %v after %v", err, f.CallLog())
	}
}

func TestDeleteOfAReadSetMatches(t *testing.T) {
	f, h, zoneID := onStatefulFake(t)
	f.AddRecordSet(zoneID, awsfake.RecordSet{Name: "*.example.com.", Type: "CNAME", TTL: 300,
		Values: []string{"lb.example.net"}})
	current, err := h.RecordSets(context.Background(), zoneID)
	if err != nil {
		t.Fatal(err)
	}

	changes, err := dnsrecord.PlanDelete(current, "*.example.com.", "CNAME")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Apply(context.Background(), zoneID, changes); err != nil {
		t.Fatalf("DELETE of the set as read: %v", err)
	}

	if n := len(f.RecordSets(zoneID)); n != 2 {
		t.Errorf("zone holds %d sets, want NS and SOA", n)
	}
}

func TestCanonicalValue(t *testing.T) {
	cases := []struct{ typ, in, want string }{
		{"CNAME", "lb.example.net", "lb.example.net."},
		{"CNAME", "lb.example.net.", "lb.example.net."},
		{"MX", "10 mail.example.com", "10 mail.example.com."},
		{"SRV", "1 5 5060 sip.example.com", "1 5 5060 sip.example.com."},
		{"NS", "ns-1.awsdns-01.org", "ns-1.awsdns-01.org."},
		{"A", "192.0.2.1", "192.0.2.1"},
		{"TXT", `"lb.example.net"`, `"lb.example.net"`},
	}
	for _, tc := range cases {
		if got := canonicalValue(tc.typ, tc.in); got != tc.want {
			t.Errorf("canonicalValue(%s, %q) = %q, want %q", tc.typ, tc.in, got, tc.want)
		}
	}
}
