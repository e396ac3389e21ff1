package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/dnshost"
)

// The DNS editor's domain, registered through an order in every test.
const zoneDomain = "dns-editor.com"

type dnsRecord struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	TTL      uint32   `json:"ttl"`
	Values   []string `json:"values"`
	ReadOnly bool     `json:"read_only"`
}

type dnsChangeRef struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

type dnsRecordList struct {
	Records []dnsRecord   `json:"records"`
	Change  *dnsChangeRef `json:"change"`
}

type dnsPlanStep struct {
	Action    string   `json:"action"`
	Name      string   `json:"name"`
	Type      string   `json:"type"`
	TTL       uint32   `json:"ttl"`
	BeforeTTL uint32   `json:"before_ttl"`
	Before    []string `json:"before"`
	After     []string `json:"after"`
}

type dnsPlanAnswer struct {
	Record  *dnsRecord    `json:"record"`
	Plan    []dnsPlanStep `json:"plan"`
	Change  *dnsChangeRef `json:"change"`
	Refused []struct {
		Line   int    `json:"line"`
		Record string `json:"record"`
		Reason string `json:"reason"`
	} `json:"refused"`
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

// startDNS runs the product with the sandbox propagation delay given and
// registers zoneDomain for a new client through an order.
func startZone(t *testing.T, url, delay string) (*apptest.Harness, *apptest.Client) {
	t.Helper()
	h := apptest.Start(t, apptest.Options{DatabaseURL: url,
		Env: map[string]string{"PROECOMMERCE_SANDBOX_DNS_DELAY": delay}})
	c := signUp(t, h, "zone-owner@example.com")
	var o order
	st := c.Do("POST", "/api/v1/orders", map[string]any{
		"items":   []map[string]any{{"type": "register", "domain": zoneDomain, "years": 1}},
		"contact": contact(), "payment": map[string]string{"card": "4242424242424242"},
	}, &o)
	if st != 201 {
		t.Fatalf("order: %d %+v", st, o)
	}
	h.Eventually(20*time.Second, "the registration", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open"
	})
	if o.Status != "completed" {
		t.Fatalf("order %+v", o)
	}
	return h, c
}

func listRecords(t *testing.T, c *apptest.Client) dnsRecordList {
	t.Helper()
	var l dnsRecordList
	if st := c.Do("GET", "/api/v1/domains/"+zoneDomain+"/records", nil, &l); st != 200 {
		t.Fatalf("GET records: %d", st)
	}
	return l
}

func findRecord(l dnsRecordList, name, typ string) (dnsRecord, bool) {
	for _, r := range l.Records {
		if r.Name == name && r.Type == typ {
			return r, true
		}
	}
	return dnsRecord{}, false
}

func putRecord(t *testing.T, c *apptest.Client, query string, body map[string]any) (int, dnsPlanAnswer) {
	t.Helper()
	var a dnsPlanAnswer
	st := c.Do("PUT", "/api/v1/domains/"+zoneDomain+"/records"+query, body, &a)
	return st, a
}

// raw sends a request with a text body and returns the status and body.
func sendText(t *testing.T, h *apptest.Harness, c *apptest.Client, method, path, ctype, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, h.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// ask queries the sandbox's authoritative server.
func askDNS(t *testing.T, h *apptest.Harness, name string, qtype uint16) []dns.RR {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	in, _, err := (&dns.Client{Net: "tcp", Timeout: 5 * time.Second}).Exchange(m, h.DNSAddr)
	if err != nil {
		t.Fatalf("dns %s: %v", name, err)
	}
	return in.Answer
}

func TestDNSRecordsAPI(t *testing.T) {
	for _, target := range apptest.Targets(t) {
		t.Run(target.Name, func(t *testing.T) {
			h, c := startZone(t, target.URL, "300ms")
			t.Run("listing", func(t *testing.T) { checkRecordListing(t, c) })
			t.Run("mass change", func(t *testing.T) { checkMassChange(t, c) })
			t.Run("presentation forms", func(t *testing.T) { checkPresentation(t, h, c) })
			t.Run("names", func(t *testing.T) { checkNames(t, h, c) })
			t.Run("refusals", func(t *testing.T) { checkRefusals(t, h, c) })
			t.Run("dry run and status", func(t *testing.T) { checkDryRunAndStatus(t, h, c) })
			t.Run("value removal", func(t *testing.T) { checkValueRemoval(t, h, c) })
			t.Run("zone files", func(t *testing.T) { checkZoneFiles(t, h, c) })
			t.Run("undo", func(t *testing.T) { checkUndo(t, c) })
			t.Run("isolation", func(t *testing.T) { checkZoneIsolation(t, h) })
		})
	}
}

// The apex NS set is listed read-only; the SOA is not listed.
func checkRecordListing(t *testing.T, c *apptest.Client) {
	l := listRecords(t, c)
	ns, ok := findRecord(l, zoneDomain, "NS")
	if !ok || !ns.ReadOnly || len(ns.Values) == 0 {
		t.Errorf("apex NS %+v (found %v)", ns, ok)
	}
	if _, ok := findRecord(l, zoneDomain, "SOA"); ok {
		t.Error("the SOA is listed")
	}
	www, _ := findRecord(l, "www."+zoneDomain, "CNAME")
	if www.ReadOnly || !slices.Equal(www.Values, []string{zoneDomain + "."}) || www.TTL != 3600 {
		t.Errorf("default www %+v", www)
	}
}

// Ten values in one set, then a TTL change of that set: over 30 % of the
// zone's editable records, so 409 with the plan until confirmed.
func checkMassChange(t *testing.T, c *apptest.Client) {
	values := make([]string, 10)
	for i := range values {
		values[i] = "192.0.2." + string(rune('0'+i))
	}
	if st, a := putRecord(t, c, "", map[string]any{"name": "bulk", "type": "A", "ttl": 300, "values": values}); st != 200 {
		t.Fatalf("bulk create: %d %+v", st, a)
	}

	st, a := putRecord(t, c, "", map[string]any{"name": "bulk", "type": "A", "ttl": 600, "values": values})
	if st != 409 || a.Error.Code != "conflict" || len(a.Plan) != 1 || a.Plan[0].Action != "update" ||
		a.Plan[0].BeforeTTL != 300 || a.Plan[0].TTL != 600 {
		t.Fatalf("mass change: %d %+v", st, a)
	}
	if r, _ := findRecord(listRecords(t, c), "bulk."+zoneDomain, "A"); r.TTL != 300 {
		t.Fatalf("the refused mass change was applied: %+v", r)
	}

	st, a = putRecord(t, c, "?confirm=true", map[string]any{"name": "bulk", "type": "A", "ttl": 600, "values": values})
	if st != 200 || a.Change == nil || a.Record.TTL != 600 {
		t.Fatalf("confirmed mass change: %d %+v", st, a)
	}
	var del dnsPlanAnswer
	if st := c.Do("DELETE", "/api/v1/domains/"+zoneDomain+"/records/bulk/A", nil, &del); st != 409 {
		t.Fatalf("mass delete without confirm: %d %+v", st, del)
	}
	if st := c.Do("DELETE", "/api/v1/domains/"+zoneDomain+"/records/bulk/A?confirm=true", nil, &del); st != 200 ||
		len(del.Plan) != 1 || del.Plan[0].Action != "delete" || del.Plan[0].TTL != 600 {
		t.Fatalf("confirmed delete: %d %+v", st, del)
	}
}

// Values are given and returned in presentation form; TXT as plain text
// however long, split into 255-octet strings for DNS.
func checkPresentation(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	dkim := "v=DKIM1; k=rsa; p=" + strings.Repeat("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A", 9) // 300 octets
	if len(dkim) != 306 {
		t.Fatalf("dkim is %d octets", len(dkim))
	}
	cases := []struct {
		name, typ string
		in, want  []string
	}{
		{"selector1._domainkey", "TXT", []string{dkim}, []string{dkim}},
		{"@", "TXT", []string{"v=spf1 -all"}, []string{"v=spf1 -all"}},
		{"@", "MX", []string{"10 mail.example.com.", "20 backup.example.com"},
			[]string{"10 mail.example.com.", "20 backup.example.com."}},
		{"_sip._tcp", "SRV", []string{"10 5 5060 sip.example.com."}, []string{"10 5 5060 sip.example.com."}},
		{"@", "CAA", []string{`0 issue "ca.example.net"`}, []string{`0 issue "ca.example.net"`}},
	}
	l := dnsRecordList{}
	for _, tc := range cases {
		st, a := putRecord(t, c, "", map[string]any{"name": tc.name, "type": tc.typ, "ttl": 3600, "values": tc.in})
		if st != 200 || a.Record == nil || !slices.Equal(a.Record.Values, tc.want) {
			t.Fatalf("PUT %s %s: %d %+v", tc.name, tc.typ, st, a)
		}
		l = listRecords(t, c)
		full := zoneDomain
		if tc.name != "@" {
			full = tc.name + "." + zoneDomain
		}
		if got, _ := findRecord(l, full, tc.typ); !slices.Equal(got.Values, tc.want) {
			t.Errorf("GET %s %s = %+v, want %q", full, tc.typ, got, tc.want)
		}
	}

	answer := askDNS(t, h, "selector1._domainkey."+zoneDomain, dns.TypeTXT)
	if len(answer) != 1 {
		t.Fatalf("dkim answer %v", answer)
	}
	txt := answer[0].(*dns.TXT).Txt
	if len(txt) != 2 || len(txt[0]) != 255 || strings.Join(txt, "") != dkim {
		t.Errorf("dkim strings %q", txt)
	}
}

// Names come back fully qualified without the dot; @, relative and
// absolute names are accepted; * is %2A in a path.
func checkNames(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	for _, name := range []string{"api", "api." + zoneDomain + ".", "API." + zoneDomain} {
		st, a := putRecord(t, c, "", map[string]any{"name": name, "type": "A", "ttl": 300,
			"values": []string{"192.0.2.10"}})
		if st != 200 || a.Record.Name != "api."+zoneDomain {
			t.Fatalf("PUT %q: %d %+v", name, st, a)
		}
	}

	st, a := putRecord(t, c, "", map[string]any{"name": "bücher", "type": "A", "ttl": 300,
		"values": []string{"192.0.2.11"}})
	if st != 200 || a.Record.Name != "xn--bcher-kva."+zoneDomain {
		t.Fatalf("IDN name: %d %+v", st, a)
	}

	st, a = putRecord(t, c, "", map[string]any{"name": "*", "type": "A", "ttl": 300, "values": []string{"192.0.2.7"}})
	if st != 200 || a.Record.Name != "*."+zoneDomain {
		t.Fatalf("wildcard: %d %+v", st, a)
	}
	if rr := askDNS(t, h, "anything."+zoneDomain, dns.TypeA); len(rr) != 1 || rr[0].(*dns.A).A.String() != "192.0.2.7" {
		t.Errorf("wildcard answer %v", rr)
	}
	var del dnsPlanAnswer
	if st := c.Do("DELETE", "/api/v1/domains/"+zoneDomain+"/records/%2A/A", nil, &del); st != 200 ||
		len(del.Plan) != 1 || del.Plan[0].Name != "*."+zoneDomain {
		t.Fatalf("wildcard delete: %d %+v", st, del)
	}
	if _, ok := findRecord(listRecords(t, c), "*."+zoneDomain, "A"); ok {
		t.Error("the wildcard is still there")
	}
}

// Disallowed types, misplaced CNAMEs and TTLs out of bounds are refused
// before any call, naming the field.
func checkRefusals(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	refuse := func(what string, body map[string]any, field string) {
		t.Helper()
		st, a := putRecord(t, c, "", body)
		if st != 400 || a.Error.Code != "invalid" || a.Error.Field != field {
			t.Errorf("%s: %d %+v, want 400 on %s", what, st, a.Error, field)
		}
	}
	refuse("NS not allowed", map[string]any{"name": "sub", "type": "NS", "ttl": 3600,
		"values": []string{"ns1.example.net."}}, "type")
	refuse("CNAME at the apex", map[string]any{"name": "@", "type": "CNAME", "ttl": 3600,
		"values": []string{"elsewhere.example.net."}}, "name")
	refuse("CNAME beside an A", map[string]any{"name": "api", "type": "CNAME", "ttl": 3600,
		"values": []string{"elsewhere.example.net."}}, "name")
	refuse("TTL too short", map[string]any{"name": "t", "type": "A", "ttl": 30, "values": []string{"192.0.2.1"}}, "ttl")
	refuse("TTL too long", map[string]any{"name": "t", "type": "A", "ttl": 100000, "values": []string{"192.0.2.1"}}, "ttl")
	refuse("bad MX", map[string]any{"name": "t", "type": "MX", "ttl": 3600, "values": []string{"mail.example.com."}}, "values.0")

	admin := h.AdminClient()
	setTypes := func(types []string) {
		t.Helper()
		if st := admin.Do("PUT", "/api/v1/settings", map[string]any{"allowed_record_types": types}, nil); st != 200 {
			t.Fatalf("settings: %d", st)
		}
	}
	setTypes([]string{"A", "AAAA", "CNAME", "MX", "TXT", "SRV"})
	defer setTypes([]string{"A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA"})
	refuse("CAA no longer allowed", map[string]any{"name": "@", "type": "CAA", "ttl": 3600,
		"values": []string{`0 issue "other.example.net"`}}, "type")
	if caa, _ := findRecord(listRecords(t, c), zoneDomain, "CAA"); !caa.ReadOnly {
		t.Errorf("CAA %+v is not read-only", caa)
	}
	var e dnsPlanAnswer
	if st := c.Do("DELETE", "/api/v1/domains/"+zoneDomain+"/records/"+zoneDomain+"/CAA", nil, &e); st != 400 ||
		e.Error.Field != "type" {
		t.Errorf("DELETE of a disallowed type: %d %+v", st, e.Error)
	}
}

// A dry run answers the plan and changes nothing; a change is pending,
// then in sync, and the sandbox server answers it.
func checkDryRunAndStatus(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	before := listRecords(t, c)
	st, a := putRecord(t, c, "?dry_run=true", map[string]any{"name": "dry", "type": "A", "ttl": 300,
		"values": []string{"192.0.2.99"}})
	if st != 200 || a.Change != nil || len(a.Plan) != 1 || a.Plan[0].Action != "create" ||
		!slices.Equal(a.Plan[0].After, []string{"192.0.2.99"}) {
		t.Fatalf("dry run: %d %+v", st, a)
	}
	after := listRecords(t, c)
	if _, ok := findRecord(after, "dry."+zoneDomain, "A"); ok || len(after.Records) != len(before.Records) {
		t.Fatal("the dry run changed the zone")
	}

	st, a = putRecord(t, c, "", map[string]any{"name": "live", "type": "AAAA", "ttl": 300,
		"values": []string{"2001:db8::1"}})
	if st != 200 || a.Change == nil || a.Change.Status != "pending" {
		t.Fatalf("change: %d %+v", st, a)
	}
	h.Eventually(10*time.Second, "the change to be in sync", func() bool {
		l := listRecords(t, c)
		return l.Change != nil && l.Change.ID == a.Change.ID && l.Change.Status == "in_sync"
	})
	if rr := askDNS(t, h, "live."+zoneDomain, dns.TypeAAAA); len(rr) != 1 || rr[0].(*dns.AAAA).AAAA.String() != "2001:db8::1" {
		t.Errorf("AAAA answer %v", rr)
	}
}

// Removing one value of two upserts the other with the stored TTL; removing
// the last deletes exactly what the host holds then, re-read just before.
func checkValueRemoval(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	if st, a := putRecord(t, c, "", map[string]any{"name": "mx2", "type": "MX", "ttl": 3600,
		"values": []string{"10 a.example.org.", "20 b.example.org."}}); st != 200 {
		t.Fatalf("MX pair: %d %+v", st, a)
	}
	var a dnsPlanAnswer
	path := "/api/v1/domains/" + zoneDomain + "/records/mx2/MX?value=" + url.QueryEscape("20 b.example.org.")
	if st := c.Do("DELETE", path, nil, &a); st != 200 || len(a.Plan) != 1 || a.Plan[0].Action != "update" ||
		a.Plan[0].TTL != 3600 || !slices.Equal(a.Plan[0].After, []string{"10 a.example.org."}) {
		t.Fatalf("remove one value: %d %+v", st, a)
	}
	if got, _ := findRecord(listRecords(t, c), "mx2."+zoneDomain, "MX"); !slices.Equal(got.Values, []string{"10 a.example.org."}) {
		t.Fatalf("after removing one value: %+v", got)
	}

	// Someone changes the set behind the editor's back: the DELETE must
	// carry what the host holds now, not what the editor last showed.
	d, err := h.App.Store.Domain(t.Context(), h.Tenant.ID, "", zoneDomain)
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.App.Providers.DNS.Apply(t.Context(), d.ZoneID, []dnshost.Change{{Action: dnshost.Upsert,
		Set: dnshost.RecordSet{Name: "mx2." + zoneDomain + ".", Type: "MX", TTL: 900, Values: []string{"10 a.example.org."}}}})
	if err != nil {
		t.Fatal(err)
	}
	if st := c.Do("DELETE", path, nil, &a); st != 400 || a.Error.Field != "value" {
		t.Errorf("removing a value no longer there: %d %+v", st, a.Error)
	}
	path = "/api/v1/domains/" + zoneDomain + "/records/mx2/MX?value=" + url.QueryEscape("10 a.example.org")
	if st := c.Do("DELETE", path, nil, &a); st != 200 || len(a.Plan) != 1 || a.Plan[0].Action != "delete" ||
		a.Plan[0].TTL != 900 || !slices.Equal(a.Plan[0].Before, []string{"10 a.example.org."}) {
		t.Fatalf("remove the last value: %d %+v", st, a)
	}
	if _, ok := findRecord(listRecords(t, c), "mx2."+zoneDomain, "MX"); ok {
		t.Error("mx2 is still there")
	}
}

// Export then import of the same text changes nothing; an import with bad
// lines answers 200, applies the rest and lists the refused lines.
func checkZoneFiles(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	path := "/api/v1/domains/" + zoneDomain + "/zone"
	st, text := sendText(t, h, c, "GET", path, "", "")
	if st != 200 || !strings.Contains(text, "$ORIGIN "+zoneDomain+".") || !strings.Contains(text, "_sip._tcp") {
		t.Fatalf("export: %d\n%s", st, text)
	}
	before := listRecords(t, c)

	var a dnsPlanAnswer
	st, body := sendText(t, h, c, "PUT", path, "text/dns", text)
	if st != 200 {
		t.Fatalf("import of the export: %d %s", st, body)
	}
	decodeBody(t, body, &a)
	if len(a.Plan) != 0 || len(a.Refused) != 0 || a.Change == nil || a.Change.ID != before.Change.ID {
		t.Fatalf("import of the export planned %+v", a)
	}

	bad := text + "bad 3600 IN A 999.0.2.1\n" + "deleg 3600 IN NS ns1.example.net.\n" + "fresh 3600 IN A 192.0.2.55\n"
	st, body = sendText(t, h, c, "PUT", path, "text/dns", bad)
	if st != 200 {
		t.Fatalf("import with bad lines: %d %s", st, body)
	}
	a = dnsPlanAnswer{}
	decodeBody(t, body, &a)
	if len(a.Refused) != 2 || a.Refused[0].Reason == "" || a.Refused[1].Reason == "" ||
		len(a.Plan) != 1 || a.Plan[0].Name != "fresh."+zoneDomain || a.Change == nil {
		t.Fatalf("import with bad lines: %+v", a)
	}
	if _, ok := findRecord(listRecords(t, c), "fresh."+zoneDomain, "A"); !ok {
		t.Error("the good line was not imported")
	}
}

// Undo re-applies the inverse of the last change as a new change.
func checkUndo(t *testing.T, c *apptest.Client) {
	if st, a := putRecord(t, c, "", map[string]any{"name": "api", "type": "A", "ttl": 300,
		"values": []string{"192.0.2.20", "192.0.2.21"}}); st != 200 {
		t.Fatalf("change api: %d %+v", st, a)
	}
	var a dnsPlanAnswer
	if st := c.Do("POST", "/api/v1/domains/"+zoneDomain+"/records/undo?dry_run=true", nil, &a); st != 200 ||
		len(a.Plan) != 1 || a.Change != nil {
		t.Fatalf("undo dry run: %d %+v", st, a)
	}
	if st := c.Do("POST", "/api/v1/domains/"+zoneDomain+"/records/undo", nil, &a); st != 200 || a.Change == nil {
		t.Fatalf("undo: %d %+v", st, a)
	}
	if got, _ := findRecord(listRecords(t, c), "api."+zoneDomain, "A"); !slices.Equal(got.Values, []string{"192.0.2.10"}) {
		t.Errorf("after undo api is %+v", got)
	}

	// Undoing a creation deletes the set.
	putRecord(t, c, "", map[string]any{"name": "temp", "type": "TXT", "ttl": 300, "values": []string{"hello"}})
	if st := c.Do("POST", "/api/v1/domains/"+zoneDomain+"/records/undo", nil, &a); st != 200 ||
		len(a.Plan) != 1 || a.Plan[0].Action != "delete" {
		t.Fatalf("undo of a creation: %d %+v", st, a)
	}
	if _, ok := findRecord(listRecords(t, c), "temp."+zoneDomain, "TXT"); ok {
		t.Error("temp survived its undo")
	}
}

// Another client sees nothing of the zone, through any route.
func checkZoneIsolation(t *testing.T, h *apptest.Harness) {
	other := signUp(t, h, "someone-else@example.com")
	base := "/api/v1/domains/" + zoneDomain
	body := map[string]any{"name": "x", "type": "A", "ttl": 300, "values": []string{"192.0.2.1"}}
	for _, rq := range []struct {
		method, path string
		body         any
	}{
		{"GET", base + "/records", nil}, {"PUT", base + "/records", body}, {"PUT", base + "/records?dry_run=true", body},
		{"DELETE", base + "/records/www/CNAME", nil}, {"GET", base + "/zone", nil},
		{"POST", base + "/records/undo", nil},
	} {
		if st := other.Do(rq.method, rq.path, rq.body, nil); st != 404 {
			t.Errorf("%s %s by another client: %d", rq.method, rq.path, st)
		}
	}
	if st, _ := sendText(t, h, other, "PUT", base+"/zone", "text/dns", "x 300 IN A 192.0.2.1\n"); st != 404 {
		t.Errorf("zone import by another client: %d", st)
	}
	for _, p := range []string{"/domains/" + zoneDomain, "/domains/" + zoneDomain + "/change"} {
		if st, _ := sendText(t, h, other, "GET", p, "", ""); st != 404 {
			t.Errorf("GET %s by another client: %d", p, st)
		}
	}
	for _, p := range []string{"/records", "/records/delete", "/records/undo", "/zone/import"} {
		st, _ := sendText(t, h, other, "POST", "/domains/"+zoneDomain+p, "application/x-www-form-urlencoded",
			"name=www&type=CNAME&values=x.example.com.&zone=x+300+IN+A+192.0.2.1&step=apply")
		if st != 404 {
			t.Errorf("POST %s by another client: %d", p, st)
		}
	}
}

func decodeBody(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
}
