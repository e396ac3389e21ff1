package fuzz

import (
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/dnsrecord"
)

const zone = "example.com"

// checkSet asserts what every record set the product accepts must hold.
func checkSet(t *testing.T, set dnshost.RecordSet, rules dnsrecord.Rules) {
	t.Helper()
	name, absolute := strings.CutSuffix(set.Name, ".")
	if !absolute || (name != zone && !strings.HasSuffix(name, "."+zone)) {
		t.Fatalf("set %+v is outside %s", set, zone)
	}
	if !rules.Allows(zone, set.Name, set.Type) {
		t.Fatalf("set %+v has a type the rules do not allow", set)
	}
	if set.TTL < rules.TTLMin || set.TTL > rules.TTLMax {
		t.Fatalf("set %+v has a TTL outside %d–%d", set, rules.TTLMin, rules.TTLMax)
	}
	if len(set.Values) == 0 {
		t.Fatalf("set %+v has no values", set)
	}
}

// roundTrip writes sets as a zone file, reads it back and compares.
func roundTrip(t *testing.T, sets []dnshost.RecordSet, rules dnsrecord.Rules) {
	t.Helper()
	text := dnsrecord.Export(zone, sets)
	back, refused := dnsrecord.Import(zone, text, rules)
	if len(refused) > 0 {
		t.Fatalf("the exported zone is refused on import: %+v\n%s", refused, text)
	}
	if len(back) != len(sets) {
		t.Fatalf("%d sets exported, %d read back:\n%s", len(sets), len(back), text)
	}
	byKey := map[string]dnshost.RecordSet{}
	for _, s := range back {
		byKey[s.Name+" "+s.Type] = s
	}
	for _, s := range sets {
		got, ok := byKey[s.Name+" "+s.Type]
		if !ok || !dnsrecord.SameSet(s, got) {
			t.Fatalf("set %+v read back as %+v:\n%s", s, got, text)
		}
	}
}

func FuzzRecordPrepare(f *testing.F) {
	seeds := []struct {
		name, typ string
		ttl       uint32
		values    string
	}{
		{"www", "A", 300, "192.0.2.1\n192.0.2.2"},
		{"@", "MX", 3600, "10 mail.example.com."},
		{"_sip._tcp", "SRV", 300, "10 5 5060 sip.example.com."},
		{"", "TXT", 300, "v=spf1 -all"},
		{"long", "TXT", 300, strings.Repeat("x", 600)},
		{"q", "TXT", 300, `say "hi"; \ back`},
		{"*", "CNAME", 300, "example.com."},
		{"v6", "AAAA", 60, "2001:db8::1"},
		{"@", "CAA", 300, `0 issue "ca.example.net"`},
		{"www.example.com.", "a", 86400, " 192.0.2.1 "},
		{"<script>", "TXT", 300, "<script>alert(1)</script>"},
		{"x", "NS", 300, "ns1.example.net."},
		{"@", "SOA", 300, "x"},
		{"é", "A", 300, "192.0.2.1"},
		{"a.b.c", "TXT", 0, "\x00"},
	}
	for _, s := range seeds {
		f.Add(s.name, s.typ, s.ttl, s.values)
	}
	rules := dnsrecord.DefaultRules()
	f.Fuzz(func(t *testing.T, name, typ string, ttl uint32, values string) {
		in := dnsrecord.Input{Name: name, Type: typ, TTL: ttl, Values: strings.Split(values, "\n")}
		set, err := dnsrecord.Prepare(zone, in, nil, rules)
		if err != nil {
			return
		}
		checkSet(t, set, rules)
		roundTrip(t, []dnshost.RecordSet{set}, rules)

	})
}

func FuzzZoneImport(f *testing.F) {
	for _, s := range []string{
		"$ORIGIN example.com.\n$TTL 300\n@ IN A 192.0.2.1\nwww IN CNAME @\n",
		"example.com. 3600 IN SOA ns1.example.com. host.example.com. 1 7200 3600 1209600 3600\n" +
			"example.com. 3600 IN NS ns1.example.com.\nmail 300 IN MX 10 mx.example.net.\n",
		"@ 1 IN TXT \"v=spf1 include:_spf.example.net ~all\"\n",
		"txt IN TXT ( \"part one\"\n \"part two\" )\n",
		"_sip._tcp IN SRV 10 5 5060 sip.example.com.\n@ IN CAA 0 issue \"ca.example.net\"\n",
		"outside.example.net. IN A 192.0.2.1\nbad IN A 999.1.1.1\n$INCLUDE /etc/passwd\n",
		"$GENERATE 1-3 host$ A 192.0.2.$\n",
		"* IN A 192.0.2.9\nv6 IN AAAA 2001:db8::9\n",
		"@ IN TXT \"" + strings.Repeat("y", 400) + "\"\n",
		"; only a comment\n\n\n",
		"\xff\xfe IN A 1.2.3.4\n",
	} {
		f.Add(s)
	}
	rules := dnsrecord.DefaultRules()
	f.Fuzz(func(t *testing.T, text string) {
		sets, refused := dnsrecord.Import(zone, text, rules)
		for _, r := range refused {
			if r.Reason == "" {
				t.Fatalf("a refusal without a reason: %+v", r)
			}
		}
		seen := map[string]bool{}
		for _, s := range sets {
			checkSet(t, s, rules)
			if seen[s.Name+" "+s.Type] {
				t.Fatalf("two sets for %s %s", s.Name, s.Type)
			}
			seen[s.Name+" "+s.Type] = true
		}
		if len(sets) > 0 {
			roundTrip(t, sets, rules)
		}
	})
}
