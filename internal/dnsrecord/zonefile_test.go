package dnsrecord

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/dnshost"
)

// The zone samples are copies of shared/data/zones (see its README).
func readZone(t *testing.T, file string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "zones", file))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// find returns the set of name and type, failing when it is missing.
func find(t *testing.T, sets []dnshost.RecordSet, name, typ string) dnshost.RecordSet {
	t.Helper()
	for _, s := range sets {
		if s.Name == name && s.Type == typ {
			return s
		}
	}
	t.Fatalf("no %s %s in %v", name, typ, sets)
	return dnshost.RecordSet{}
}

// countRecords counts values per type.
func countRecords(sets []dnshost.RecordSet) map[string]int {
	out := map[string]int{}
	for _, s := range sets {
		out[s.Type] += len(s.Values)
	}
	return out
}

func refusedLines(refused []Refusal) []int {
	var out []int
	for _, r := range refused {
		out = append(out, r.Line)
	}
	return out
}

func TestImportSamples(t *testing.T) {
	tests := []struct {
		file, zone string
		counts     map[string]int
		refused    []int
	}{
		{"bind-classic.zone", "example.com", map[string]int{"A": 7, "AAAA": 2, "MX": 2, "TXT": 4,
			"CAA": 2, "CNAME": 2, "SRV": 1}, nil},
		{"cloudflare-export.zone", "example.net", map[string]int{"A": 7, "AAAA": 2, "CAA": 3,
			"CNAME": 3, "MX": 2, "SRV": 2, "TXT": 4}, nil},
		{"route53-cli53-export.zone", "example.org", map[string]int{"A": 2, "CAA": 1, "MX": 1,
			"TXT": 3, "CNAME": 3}, []int{2, 3, 18, 19, 20, 22, 23, 24, 25}},
		{"idn.zone", "xn--bcher-kva.example", map[string]int{"A": 4, "AAAA": 1, "MX": 1, "TXT": 2,
			"CNAME": 3}, nil},
		{"broken.zone", "example.co.uk", map[string]int{"A": 7, "AAAA": 2, "CNAME": 2, "MX": 2,
			"TXT": 3, "SRV": 1, "CAA": 1}, []int{20, 23, 25, 35}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			sets, refused := Import(tt.zone, readZone(t, tt.file), DefaultRules())
			if got := countRecords(sets); !mapsEqual(got, tt.counts) {
				t.Errorf("records = %v, want %v", got, tt.counts)
			}
			if got := refusedLines(refused); !slices.Equal(got, tt.refused) {
				t.Errorf("refused lines = %v, want %v (%+v)", got, tt.refused, refused)
			}
			for _, r := range refused {
				if r.Reason == "" || r.Record == "" {
					t.Errorf("refusal without reason or record: %+v", r)
				}
			}
		})
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestImportBindClassicDetails(t *testing.T) {
	sets, _ := Import("example.com.", readZone(t, "bind-classic.zone"), DefaultRules())

	mx := find(t, sets, "example.com.", "MX")
	if mx.TTL != 86400 || !slices.Equal(mx.Values, []string{"10 mail.example.com.", "20 mx2.example.net."}) {
		t.Errorf("MX = %+v", mx)
	}
	if s := find(t, sets, "mail.example.com.", "A"); s.TTL != 300 {
		t.Errorf("mail TTL = %d", s.TTL)
	}
	if s := find(t, sets, "blog.example.com.", "A"); s.TTL != 600 {
		t.Errorf("blog TTL = %d", s.TTL)
	}
	if s := find(t, sets, "ftp.example.com.", "A"); s.Values[0] != "192.0.2.21" {
		t.Errorf("ftp = %+v", s)
	}
	if s := find(t, sets, "shop.example.com.", "CNAME"); s.Values[0] != "www.example.com." {
		t.Errorf("relative CNAME target = %+v", s)
	}
	find(t, sets, "*.example.com.", "A")
	find(t, sets, "_sip._tcp.example.com.", "SRV")

	dkim, _ := FromRData("TXT", find(t, sets, "s2025._domainkey.example.com.", "TXT").Values[0])
	if len(dkim) != 410 || !strings.HasPrefix(dkim, "v=DKIM1; k=rsa; p=MIIB") || strings.Contains(dkim, `"`) {
		t.Errorf("DKIM text (%d) = %q", len(dkim), dkim)
	}
	note, _ := FromRData("TXT", find(t, sets, "_note.example.com.", "TXT").Values[0])
	if note != `owner: web team; ask for "Dana" before changing MX` {
		t.Errorf("_note = %q", note)
	}
}

func TestImportCloudflareAutoTTL(t *testing.T) {
	sets, _ := Import("example.net", readZone(t, "cloudflare-export.zone"), DefaultRules())

	apex := find(t, sets, "example.net.", "A")
	if apex.TTL != 3600 || len(apex.Values) != 2 {
		t.Errorf("apex A = %+v (TTL 1 means automatic)", apex)
	}
	if s := find(t, sets, "vpn.example.net.", "A"); s.TTL != 120 {
		t.Errorf("vpn TTL = %d", s.TTL)
	}
	caa := find(t, sets, "example.net.", "CAA")
	if !slices.Contains(caa.Values, `0 issuewild ";"`) {
		t.Errorf("CAA = %v", caa.Values)
	}
	if s := find(t, sets, "shop.example.net.", "A"); s.Values[0] != "198.51.100.30" {
		t.Errorf("shop = %+v", s)
	}
}

func TestImportIDNAndCLI53(t *testing.T) {
	sets, _ := Import("xn--bcher-kva.example", readZone(t, "idn.zone"), DefaultRules())
	find(t, sets, "xn--caf-dma.xn--bcher-kva.example.", "A")
	if s := find(t, sets, "xn--mnchen-3ya.xn--bcher-kva.example.", "CNAME"); s.Values[0] != "www.xn--bcher-kva.example." {
		t.Errorf("münchen CNAME = %+v", s)
	}
	if s := find(t, sets, "xn--bcher-kva.example.", "MX"); s.Values[0] != "10 mail.xn--bcher-kva.example." {
		t.Errorf("MX = %+v", s)
	}
	var texts []string
	for _, v := range find(t, sets, "xn--bcher-kva.example.", "TXT").Values {
		text, _ := FromRData("TXT", v)
		texts = append(texts, text)
	}
	if !slices.Contains(texts, "Willkommen bei Bücher") {
		t.Errorf("TXT texts = %q", texts)
	}

	sets, refused := Import("example.org", readZone(t, "route53-cli53-export.zone"), DefaultRules())
	find(t, sets, "*.example.org.", "A")
	if !strings.Contains(refused[0].Reason, "alias") {
		t.Errorf("alias refusal = %+v", refused[0])
	}
}

func TestImportBrokenReasons(t *testing.T) {
	_, refused := Import("example.co.uk", readZone(t, "broken.zone"), DefaultRules())
	want := map[int]string{20: "203.0.113.300", 23: "CNAME cannot sit beside A", 25: "MX", 35: "TTL"}
	for _, r := range refused {
		if !strings.Contains(r.Reason, want[r.Line]) {
			t.Errorf("line %d: reason %q, want it to mention %q", r.Line, r.Reason, want[r.Line])
		}
	}
}

func TestImportRefusesOtherTypesAndDirectives(t *testing.T) {
	text := "$ORIGIN example.com.\n$INCLUDE other.zone\nx 3600 IN PTR a.example.com.\n" +
		"y 30 IN A 192.0.2.1\nz.example.org. 3600 IN A 192.0.2.1\n@ 3600 IN CNAME a.example.net.\n" +
		"ok IN A 192.0.2.7\n"
	sets, refused := Import("example.com", text, DefaultRules())
	if got := refusedLines(refused); !slices.Equal(got, []int{2, 3, 4, 5, 6}) {
		t.Errorf("refused = %+v", refused)
	}
	if len(sets) != 1 || sets[0].Name != "ok.example.com." || sets[0].TTL != 3600 {
		t.Errorf("sets = %+v", sets)
	}
}

// Exporting a zone and importing the file plans no change.
func TestExportImportRoundTrip(t *testing.T) {
	samples := map[string]string{
		"bind-classic.zone": "example.com", "cloudflare-export.zone": "example.net",
		"route53-cli53-export.zone": "example.org", "idn.zone": "xn--bcher-kva.example",
		"broken.zone": "example.co.uk",
	}
	rules := DefaultRules()
	for file, zone := range samples {
		sets, _ := Import(zone, readZone(t, file), rules)
		soa := dnshost.RecordSet{Name: zone + ".", Type: "SOA", TTL: 900,
			Values: []string{"ns1.sandbox.test. hostmaster." + zone + ". 7 7200 900 1209600 300"}}
		ns := dnshost.RecordSet{Name: zone + ".", Type: "NS", TTL: 172800, Values: []string{"ns1.sandbox.test."}}
		current := append([]dnshost.RecordSet{soa, ns}, sets...)

		text := Export(zone, current)
		again, refused := Import(zone, text, rules)
		if len(refused) != 0 {
			t.Errorf("%s: re-import refused %+v", file, refused)
		}
		if changes := PlanReplace(zone, current, again, rules); len(changes) != 0 {
			t.Errorf("%s: round trip planned %+v\n%s", file, changes, text)
		}
		if !strings.HasPrefix(text, "; Zone file for "+zone+".\n$ORIGIN "+zone+".\n$TTL ") {
			t.Errorf("%s: header %q", file, text[:60])
		}
	}
}

func TestDefaults(t *testing.T) {
	got := Defaults("My-Shop.com", "192.0.2.10", "", "", 3600)
	want := []dnshost.RecordSet{
		{Name: "my-shop.com.", Type: "A", TTL: 3600, Values: []string{"192.0.2.10"}},
		{Name: "*.my-shop.com.", Type: "A", TTL: 3600, Values: []string{"192.0.2.10"}},
		{Name: "www.my-shop.com.", Type: "CNAME", TTL: 3600, Values: []string{"my-shop.com."}},
		{Name: "my-shop.com.", Type: "MX", TTL: 3600, Values: []string{"10 mail.my-shop.com."}},
		{Name: "my-shop.com.", Type: "TXT", TTL: 3600, Values: []string{`"v=spf1 mx -all"`}},
	}
	if !slices.EqualFunc(got, want, func(a, b dnshost.RecordSet) bool {
		return a.Name == b.Name && a.Type == b.Type && SameSet(a, b)
	}) {
		t.Errorf("Defaults = %+v", got)
	}

	got = Defaults("my-shop.com", "", "mx.host.example.", "v=spf1 include:_spf.host.example -all", 300)
	if len(got) != 3 || got[1].Values[0] != "10 mx.host.example." ||
		got[2].Values[0] != `"v=spf1 include:_spf.host.example -all"` || got[0].TTL != 300 {
		t.Errorf("Defaults without IP = %+v", got)
	}
}

func TestExportFormat(t *testing.T) {
	sets := []dnshost.RecordSet{
		{Name: "a.example.com.", Type: "A", TTL: 300, Values: []string{"192.0.2.2"}},
		{Name: `\052.example.com.`, Type: "A", TTL: 3600, Values: []string{"192.0.2.1"}},
		{Name: "example.com.", Type: "MX", TTL: 3600, Values: []string{"10 mail.example.com."}},
		{Name: "example.com.", Type: "NS", TTL: 172800, Values: []string{"ns1.example.net."}},
		{Name: "example.com.", Type: "SOA", TTL: 900, Values: []string{"ns1.example.net. h.example.com. 1 2 3 4 5"}},
	}
	want := "; Zone file for example.com.\n$ORIGIN example.com.\n$TTL 3600\n" +
		"example.com.\t900\tIN\tSOA\tns1.example.net. h.example.com. 1 2 3 4 5\n" +
		"example.com.\t172800\tIN\tNS\tns1.example.net.\n" +
		"example.com.\t3600\tIN\tMX\t10 mail.example.com.\n" +
		"*.example.com.\t3600\tIN\tA\t192.0.2.1\n" +
		"a.example.com.\t300\tIN\tA\t192.0.2.2\n"
	if got := Export("example.com", sets); got != want {
		t.Errorf("Export =\n%s\nwant\n%s", got, want)
	}
}

// The case: 50 good records and one bad one.
func TestImportFiftyAndOne(t *testing.T) {
	var b strings.Builder
	b.WriteString("$ORIGIN example.com.\n$TTL 3600\n")
	for i := range 50 {
		fmt.Fprintf(&b, "h%d IN A 192.0.2.%d\n", i, i+1)
	}
	b.WriteString("bad IN AAAA 192.0.2.1\n")

	sets, refused := Import("example.com", b.String(), DefaultRules())
	if len(sets) != 50 || len(refused) != 1 || refused[0].Line != 53 {
		t.Errorf("imported %d sets, refused %+v", len(sets), refused)
	}
}
