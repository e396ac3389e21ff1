package e2e

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/proecommerce/domains/internal/apptest"
)

// rdataOf is each answer's data as the sandbox server sent it; TXT strings
// are joined back into the one text the editor shows.
func rdataOf(rrs []dns.RR) []string {
	var out []string
	for _, rr := range rrs {
		if txt, ok := rr.(*dns.TXT); ok {
			out = append(out, strings.Join(txt.Txt, ""))
			continue
		}
		out = append(out, strings.TrimSpace(strings.TrimPrefix(rr.String(), rr.Header().String())))
	}
	slices.Sort(out)
	return out
}

// realRecord is one record set of a real-world zone: what the editor is
// given, what the API then lists, and what the DNS server answers.
type realRecord struct {
	name, typ, ttl string
	values         []string
	// dnsWant is the server's answer (rdata, sorted); nil means values.
	dnsWant []string
}

func realWorldZone() []realRecord {
	dkim := "v=DKIM1; k=rsa; p=" + strings.Repeat("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 8)
	return []realRecord{
		{name: "@", typ: "A", ttl: "3600", values: []string{"192.0.2.10"}},
		{name: "www", typ: "CNAME", ttl: "300", values: []string{zoneDomain + "."}},
		{name: "@", typ: "MX", ttl: "3600", values: []string{"10 mx1.example.net.", "20 mx2.example.net"},
			dnsWant: []string{"10 mx1.example.net.", "20 mx2.example.net."}},
		{name: "@", typ: "TXT", ttl: "3600", values: []string{"v=spf1 include:_spf.example.net ~all"}},
		{name: "selector1._domainkey", typ: "TXT", ttl: "3600", values: []string{dkim}},
		{name: "_dmarc", typ: "TXT", ttl: "3600", values: []string{"v=DMARC1; p=quarantine; rua=mailto:dmarc@" + zoneDomain}},
		{name: "_sip._tcp", typ: "SRV", ttl: "3600", values: []string{"10 60 5060 sip.example.net."}},
		{name: "@", typ: "CAA", ttl: "3600", values: []string{`0 issue "letsencrypt.org"`}},
		{name: "*", typ: "A", ttl: "300", values: []string{"192.0.2.20"}},
	}
}

func (r realRecord) fqdn() string {
	if r.name == "@" {
		return zoneDomain
	}
	return r.name + "." + zoneDomain
}

// A client builds a real-world zone from the portal, one reviewed plan at
// a time, with the sandbox DNS server answering each step; watches the
// change go from pending to in sync; undoes the last one; and round-trips
// the zone through its zone file with nothing to change.
func TestRealWorldZoneThroughThePortal(t *testing.T) {
	h, c := startZone(t, "", "1h")
	recordsPath := "/domains/" + zoneDomain + "/records"

	for _, rec := range realWorldZone() {
		form := url.Values{"mode": {"set"}, "name": {rec.name}, "type": {rec.typ}, "ttl": {rec.ttl},
			"values": {strings.Join(rec.values, "\n")}}
		reviewThenApply(t, h, c, recordsPath, form, rec.fqdn())

		want := rec.dnsWant
		if want == nil {
			want = slices.Sorted(slices.Values(rec.values))
		}
		got, _ := findRecord(listRecords(t, c), rec.fqdn(), rec.typ)
		if !slices.Equal(slices.Sorted(slices.Values(got.Values)), want) {
			t.Errorf("the editor shows %s %s as %q, want %q", rec.fqdn(), rec.typ, got.Values, want)
		}
		qname := rec.fqdn()
		if rec.name == "*" {
			qname = "anything-at-all." + zoneDomain
		}
		qtype := dns.StringToType[rec.typ]
		if answer := rdataOf(askDNS(t, h, qname, qtype)); !slices.Equal(answer, want) {
			t.Errorf("DNS answers %s %s with %q, want %q", qname, rec.typ, answer, want)
		}
	}
	checkDKIMStrings(t, h)
	checkPendingThenInSync(t, h, c)

	reviewThenApply(t, h, c, recordsPath+"/undo", url.Values{}, "delete", "*."+zoneDomain)
	if _, ok := findRecord(listRecords(t, c), "*."+zoneDomain, "A"); ok {
		t.Error("the wildcard survived its undo")
	}
	if answer := askDNS(t, h, "anything-at-all."+zoneDomain, dns.TypeA); len(answer) != 0 {
		t.Errorf("DNS still answers the undone wildcard: %v", answer)
	}

	checkZoneFileRoundTrip(t, h, c)
}

// The DKIM text over 255 octets goes out as several strings, the first of
// 255 octets.
func checkDKIMStrings(t *testing.T, h *apptest.Harness) {
	t.Helper()
	answer := askDNS(t, h, "selector1._domainkey."+zoneDomain, dns.TypeTXT)
	if len(answer) != 1 {
		t.Fatalf("DKIM answer %v", answer)
	}
	if txt := answer[0].(*dns.TXT).Txt; len(txt) < 2 || len(txt[0]) != 255 {
		t.Errorf("DKIM strings of %d octets first, %d strings", len(txt[0]), len(txt))
	}
}

// checkPendingThenInSync shows the last change pending on the page, then
// moves the sandbox past its delay and reads it in sync.
func checkPendingThenInSync(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	t.Helper()
	if _, body := sendText(t, h, c, "GET", "/domains/"+zoneDomain, "", ""); !strings.Contains(body,
		`id="change-status" class="status status-pending">pending`) {
		t.Errorf("the page does not show the change pending")
	}
	if _, err := h.App.DB.Exec(t.Context(), "UPDATE sandbox_dns_changes SET submitted_at = ?",
		time.Now().Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, frag := sendText(t, h, c, "GET", "/domains/"+zoneDomain+"/change", "", ""); !strings.Contains(frag, "in sync") {
		t.Errorf("after the delay the status reads %s", frag)
	}
}

// checkZoneFileRoundTrip exports the zone through the page's link and
// imports the file again: the plan is empty and nothing is applied.
func checkZoneFileRoundTrip(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	t.Helper()
	st, text := sendText(t, h, c, "GET", "/api/v1/domains/"+zoneDomain+"/zone", "", "")
	if st != 200 || !strings.Contains(text, "_dmarc") || !strings.Contains(text, "CAA") {
		t.Fatalf("export: %d\n%s", st, text)
	}
	before := listRecords(t, c)

	form := url.Values{"zone": {text}}
	p := postDNSForm(t, h, c, "/domains/"+zoneDomain+"/zone/import", form)
	if p.Status != 200 || !strings.Contains(p.Body, "No change: the zone already holds this.") ||
		strings.Contains(p.Body, `class="refused"`) {
		t.Fatalf("review of the exported file: %d\n%s", p.Status, p.Body)
	}
	form.Set("step", "apply")
	postDNSForm(t, h, c, "/domains/"+zoneDomain+"/zone/import", form)

	after := listRecords(t, c)
	if after.Change == nil || before.Change == nil || after.Change.ID != before.Change.ID {
		t.Errorf("importing the export applied a change: %+v then %+v", before.Change, after.Change)
	}
	for _, rec := range realWorldZone()[:8] {
		if _, ok := findRecord(after, rec.fqdn(), rec.typ); !ok {
			t.Errorf("%s %s is gone after the round trip", rec.fqdn(), rec.typ)
		}
	}
}

// A zone file of the zone's own records plus 50 ordinary ones and one that
// cannot be accepted imports the 50 through the API, reports the one with
// its line and reason, and the DNS server answers the new names.
func TestZoneImportFiftyAndOneThroughTheAPI(t *testing.T) {
	for _, target := range apptest.Targets(t) {
		t.Run(target.Name, func(t *testing.T) { testZoneImportFiftyAndOneThroughTheAPIOn(t, target.URL) })
	}
}

func testZoneImportFiftyAndOneThroughTheAPIOn(t *testing.T, dbURL string) {
	h, c := startZone(t, dbURL, "0s")
	path := "/api/v1/domains/" + zoneDomain + "/zone"
	st, text := sendText(t, h, c, "GET", path, "", "")
	if st != 200 {
		t.Fatalf("export: %d", st)
	}

	var b strings.Builder
	b.WriteString(text)
	for i := range 50 {
		fmt.Fprintf(&b, "host%d.%s. 300 IN A 192.0.2.%d\n", i, zoneDomain, i+1)
	}
	b.WriteString("broken." + zoneDomain + ". 300 IN AAAA 192.0.2.1\n")
	badLine := strings.Count(b.String(), "\n")

	st, body := sendText(t, h, c, "PUT", path, "text/dns", b.String())
	var a dnsPlanAnswer
	decodeBody(t, body, &a)
	if st != 200 || len(a.Plan) != 50 || a.Change == nil || len(a.Refused) != 1 {
		t.Fatalf("import: %d, %d planned, %+v refused", st, len(a.Plan), a.Refused)
	}
	if r := a.Refused[0]; r.Line != badLine || !strings.Contains(r.Record, "broken") || r.Reason == "" {
		t.Errorf("refused %+v, want line %d with a reason", r, badLine)
	}
	for _, step := range a.Plan {
		if step.Action != "create" || !strings.HasPrefix(step.Name, "host") {
			t.Errorf("unexpected step %+v", step)
		}
	}

	l := listRecords(t, c)
	for i := range 50 {
		if _, ok := findRecord(l, fmt.Sprintf("host%d.%s", i, zoneDomain), "A"); !ok {
			t.Fatalf("host%d was not imported", i)
		}
	}
	if _, ok := findRecord(l, "broken."+zoneDomain, "AAAA"); ok {
		t.Error("the refused record was imported")
	}
	if answer := rdataOf(askDNS(t, h, "host49."+zoneDomain, dns.TypeA)); !slices.Equal(answer, []string{"192.0.2.50"}) {
		t.Errorf("DNS answers host49 with %q", answer)
	}
}

type dnsHistory struct {
	Changes []struct {
		ID     string        `json:"id"`
		Status string        `json:"status"`
		By     string        `json:"by"`
		At     time.Time     `json:"at"`
		Plan   []dnsPlanStep `json:"plan"`
		Note   string        `json:"note"`
		Revert bool          `json:"revertible"`
	} `json:"changes"`
}

// Every applied change is kept with who made it; a change that is not the
// last can be reverted, through the API and the page, as a new change.
func TestDNSHistoryAndRevertOfAnOlderChange(t *testing.T) {
	for _, target := range apptest.Targets(t) {
		t.Run(target.Name, func(t *testing.T) { testDNSHistoryAndRevertOfAnOlderChangeOn(t, target.URL) })
	}
}

func testDNSHistoryAndRevertOfAnOlderChangeOn(t *testing.T, dbURL string) {
	h, c := startZone(t, dbURL, "0s")
	admin := h.AdminClient()
	if st, a := putRecord(t, c, "", map[string]any{"name": "shop", "type": "A", "ttl": 300,
		"values": []string{"192.0.2.30"}}); st != 200 {
		t.Fatalf("shop: %d %+v", st, a)
	}
	var a dnsPlanAnswer
	if st := admin.Do("PUT", "/api/v1/domains/"+zoneDomain+"/records", map[string]any{"name": "blog",
		"type": "A", "ttl": 300, "values": []string{"192.0.2.31"}}, &a); st != 200 {
		t.Fatalf("blog by the admin: %d %+v", st, a)
	}

	var hist dnsHistory
	if st := c.Do("GET", "/api/v1/domains/"+zoneDomain+"/changes", nil, &hist); st != 200 || len(hist.Changes) != 3 {
		t.Fatalf("history: %d %+v", st, hist)
	}
	blog, shop, defaults := hist.Changes[0], hist.Changes[1], hist.Changes[2]
	if blog.By != h.Admin.Email || shop.By != "zone-owner@example.com" || blog.Status != "in_sync" ||
		len(shop.Plan) != 1 || shop.Plan[0].Name != "shop."+zoneDomain || shop.At.IsZero() || !shop.Revert {
		t.Fatalf("history %+v", hist)
	}
	if defaults.By != "" || defaults.Note != "default records" || defaults.Revert {
		t.Errorf("the default records' change reads %+v", defaults)
	}
	if st := c.Do("POST", "/api/v1/domains/"+zoneDomain+"/records/undo?change="+defaults.ID, nil, &a); st != 409 {
		t.Errorf("revert of the default records: %d %+v", st, a.Error)
	}

	// Reverting the older change deletes shop and leaves blog alone.
	if st := c.Do("POST", "/api/v1/domains/"+zoneDomain+"/records/undo?change="+shop.ID, nil, &a); st != 200 ||
		len(a.Plan) != 1 || a.Plan[0].Action != "delete" || a.Plan[0].Name != "shop."+zoneDomain {
		t.Fatalf("revert of shop: %d %+v", st, a)
	}
	l := listRecords(t, c)
	if _, ok := findRecord(l, "shop."+zoneDomain, "A"); ok {
		t.Error("shop survived its revert")
	}
	if _, ok := findRecord(l, "blog."+zoneDomain, "A"); !ok {
		t.Error("reverting shop removed blog")
	}
	if answer := askDNS(t, h, "shop."+zoneDomain, dns.TypeA); len(answer) != 0 {
		t.Errorf("DNS still answers shop: %v", answer)
	}
	if st := c.Do("POST", "/api/v1/domains/"+zoneDomain+"/records/undo?change=no-such-change", nil, &a); st != 404 ||
		a.Error.Field != "change" {
		t.Errorf("revert of an unknown change: %d %+v", st, a.Error)
	}

	// The page lists the four changes, and reverts the admin's, now older.
	_, body := sendText(t, h, c, "GET", "/domains/"+zoneDomain, "", "")
	if strings.Count(body, `class="change" data-change=`) != 4 || strings.Count(body, `class="secondary outline revert"`) != 3 || !strings.Contains(body, "by "+h.Admin.Email) {
		t.Errorf("the page's history lacks a change or its author:\n%s", body)
	}
	if err := c.Do("GET", "/api/v1/domains/"+zoneDomain+"/changes", nil, &hist); err != 200 {
		t.Fatal(err)
	}
	if hist.Changes[1].ID != blog.ID {
		t.Fatalf("history %+v", hist)
	}
	p := reviewThenApply(t, h, c, "/domains/"+zoneDomain+"/records/undo", url.Values{"change": {blog.ID}},
		"Revert change "+blog.ID, "delete", "blog."+zoneDomain)
	if !strings.Contains(p.Body, "Change "+blog.ID+" was reverted.") {
		t.Error("the page does not say which change was reverted")
	}
	if answer := askDNS(t, h, "blog."+zoneDomain, dns.TypeA); len(answer) != 0 {
		t.Errorf("DNS still answers blog after its revert: %v", answer)
	}
}

// dnsRefusal is an edit every route must refuse before any call, naming
// the field.
type dnsRefusal struct {
	what, name, typ, ttl string
	values               []string
	field                string
}

var dnsRefusals = append([]dnsRefusal{
	{"TXT over the host's 4,000 characters", "long", "TXT", "300", []string{strings.Repeat("x", 4001)}, "values.0"},
	{"more values than a set holds", "many", "A", "300", manyAddresses(401), "values"},
}, dnsBasicRefusals...)

// manyAddresses is n distinct IPv4 addresses.
func manyAddresses(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("10.0.%d.%d", i/250, i%250+1)
	}
	return out
}

var dnsBasicRefusals = []dnsRefusal{
	{"outside the zone", "www.elsewhere.example.", "A", "300", []string{"192.0.2.1"}, "name"},
	{"CNAME at the apex", "@", "CNAME", "300", []string{"elsewhere.example.net."}, "name"},
	{"CNAME beside other data", "api", "CNAME", "300", []string{"elsewhere.example.net."}, "name"},
	{"A beside a CNAME", "www", "A", "300", []string{"192.0.2.1"}, "name"},
	{"MX without a preference", "@", "MX", "300", []string{"mail.example.net."}, "values.0"},
	{"MX without a host", "@", "MX", "300", []string{"10"}, "values.0"},
	{"SRV missing its port", "_sip._tcp", "SRV", "300", []string{"10 60 sip.example.net."}, "values.0"},
	{"SRV port out of range", "_sip._tcp", "SRV", "300", []string{"10 60 70000 sip.example.net."}, "values.0"},
	{"CAA unknown flag form", "@", "CAA", "300", []string{"issue letsencrypt.org"}, "values.0"},
	{"A that is no address", "bad", "A", "300", []string{"192.0.2.300"}, "values.0"},
	{"TTL below the bounds", "low", "A", "59", []string{"192.0.2.1"}, "ttl"},
	{"TTL above the bounds", "high", "A", "86401", []string{"192.0.2.1"}, "ttl"},
	{"apex NS", "@", "NS", "300", []string{"ns1.example.net."}, "type"},
	{"SOA", "@", "SOA", "300", []string{"ns1.example.net. hostmaster.example.net. 1 7200 900 1209600 86400"}, "type"},
	{"type not allowed", "ptr", "PTR", "300", []string{"host.example.net."}, "type"},
}

// Every validation rule refuses the same edit through the API and through
// the domain page, naming the field, and nothing reaches the zone.
func TestDNSRulesThroughAPIAndPage(t *testing.T) {
	h, c := startZone(t, "", "0s")
	if st, a := putRecord(t, c, "", map[string]any{"name": "api", "type": "A", "ttl": 300,
		"values": []string{"192.0.2.5"}}); st != 200 {
		t.Fatalf("api: %d %+v", st, a)
	}
	before := listRecords(t, c)
	for _, rf := range dnsRefusals {
		var ttl int
		fmt.Sscan(rf.ttl, &ttl)
		st, a := putRecord(t, c, "", map[string]any{"name": rf.name, "type": rf.typ, "ttl": ttl, "values": rf.values})
		if st != 400 || a.Error.Field != rf.field {
			t.Errorf("API, %s: %d %+v, want 400 on %s", rf.what, st, a.Error, rf.field)
		}

		pageField := rf.field
		if strings.HasPrefix(pageField, "values.") {
			pageField = "values"
		}
		for _, step := range []string{"", "apply"} {
			p := postDNSForm(t, h, c, "/domains/"+zoneDomain+"/records", url.Values{"mode": {"set"},
				"name": {rf.name}, "type": {rf.typ}, "ttl": {rf.ttl}, "values": {strings.Join(rf.values, "\n")},
				"step": {step}})
			if p.Status != 422 || !strings.Contains(p.Body, `id="err-`+pageField+`"`) {
				t.Errorf("page (step %q), %s: %d, want 422 with the error beside %s", step, rf.what, p.Status, pageField)
			}
		}
	}
	after := listRecords(t, c)
	if fmt.Sprint(after.Records) != fmt.Sprint(before.Records) || after.Change.ID != before.Change.ID {
		t.Errorf("refused edits changed the zone:\n%+v\n%+v", before, after)
	}
}

// A type the operator no longer allows stays listed, read-only, on the page
// and in the API, and every route refuses to change it.
func TestDisallowedTypeIsReadOnlyEverywhere(t *testing.T) {
	h, c := startZone(t, "", "0s")
	if st, a := putRecord(t, c, "", map[string]any{"name": "@", "type": "CAA", "ttl": 3600,
		"values": []string{`0 issue "letsencrypt.org"`}}); st != 200 {
		t.Fatalf("CAA: %d %+v", st, a)
	}
	if st := h.AdminClient().Do("PUT", "/api/v1/settings", map[string]any{
		"allowed_record_types": []string{"A", "AAAA", "CNAME", "MX", "TXT", "SRV"}}, nil); st != 200 {
		t.Fatalf("settings: %d", st)
	}

	if caa, _ := findRecord(listRecords(t, c), zoneDomain, "CAA"); !caa.ReadOnly {
		t.Errorf("API lists CAA as %+v", caa)
	}
	_, body := sendText(t, h, c, "GET", "/domains/"+zoneDomain, "", "")
	row := body[strings.Index(body, `data-name="`+zoneDomain+`" data-type="CAA"`):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, "read-only") || strings.Contains(row, "Remove") || strings.Contains(row, "Delete set") {
		t.Errorf("the page's CAA row is editable:\n%s", row)
	}
	if strings.Contains(body, "<option >CAA</option>") {
		t.Error("the editor still offers CAA")
	}

	for _, f := range []struct {
		path string
		form url.Values
	}{
		{"/domains/" + zoneDomain + "/records", url.Values{"mode": {"set"}, "name": {"@"}, "type": {"CAA"},
			"ttl": {"3600"}, "values": {`0 issue "other.example"`}, "step": {"apply"}}},
		{"/domains/" + zoneDomain + "/records/delete", url.Values{"name": {zoneDomain}, "type": {"CAA"},
			"step": {"apply"}}},
	} {
		if p := postDNSForm(t, h, c, f.path, f.form); p.Status != 422 || !strings.Contains(p.Body, `id="err-type"`) {
			t.Errorf("POST %s: %d, want 422 beside the type", f.path, p.Status)
		}
	}
	if caa, _ := findRecord(listRecords(t, c), zoneDomain, "CAA"); !slices.Equal(caa.Values, []string{`0 issue "letsencrypt.org"`}) {
		t.Errorf("CAA changed: %+v", caa)
	}
}

// An import replaces the editable records, so a short file into a zone of
// ten or more is a mass change: 409 with the plan and the refused lines,
// nothing applied, until ?confirm=true. An empty file is refused.
func TestZoneImportMassChangeNeedsConfirmation(t *testing.T) {
	for _, target := range apptest.Targets(t) {
		t.Run(target.Name, func(t *testing.T) { testZoneImportMassChangeNeedsConfirmationOn(t, target.URL) })
	}
}

func testZoneImportMassChangeNeedsConfirmationOn(t *testing.T, dbURL string) {
	h, c := startZone(t, dbURL, "0s")
	for i := range 10 {
		if st, a := putRecord(t, c, "", map[string]any{"name": fmt.Sprintf("h%d", i), "type": "A", "ttl": 300,
			"values": []string{fmt.Sprintf("192.0.2.%d", i+1)}}); st != 200 {
			t.Fatalf("h%d: %d %+v", i, st, a)
		}
	}
	before := listRecords(t, c)
	path := "/api/v1/domains/" + zoneDomain + "/zone"
	short := "$ORIGIN " + zoneDomain + ".\nonly 300 IN A 192.0.2.99\nbad 300 IN A 999.1.1.1\n"

	st, body := sendText(t, h, c, "PUT", path, "text/dns", short)
	var a dnsPlanAnswer
	decodeBody(t, body, &a)
	if st != 409 || a.Error.Code != "conflict" || len(a.Plan) < 10 || len(a.Refused) != 1 || a.Change != nil {
		t.Fatalf("unconfirmed mass import: %d %+v", st, a)
	}
	if after := listRecords(t, c); fmt.Sprint(after.Records) != fmt.Sprint(before.Records) {
		t.Fatal("the refused import changed the zone")
	}

	if st, body := sendText(t, h, c, "PUT", path, "text/dns", " \n"); st != 400 || !strings.Contains(body, "empty") {
		t.Errorf("empty import: %d %s", st, body)
	}

	st, body = sendText(t, h, c, "PUT", path+"?confirm=true", "text/dns", short)
	a = dnsPlanAnswer{}
	decodeBody(t, body, &a)
	if st != 200 || a.Change == nil {
		t.Fatalf("confirmed import: %d %+v", st, a)
	}
	l := listRecords(t, c)
	if _, ok := findRecord(l, "only."+zoneDomain, "A"); !ok {
		t.Error("the confirmed import did not apply")
	}
	if _, ok := findRecord(l, "h0."+zoneDomain, "A"); ok {
		t.Error("the confirmed import left a record the file lacks")
	}
}

// A change an admin makes while acting as the client is put down to the
// admin acting as the client, in the history and the audit log.
func TestDNSChangeByAnAdminActingAsTheClient(t *testing.T) {
	h, c := startZone(t, "", "0s")
	owner, err := h.App.Store.UserByEmail(t.Context(), h.Tenant.ID, "zone-owner@example.com")
	if err != nil {
		t.Fatal(err)
	}
	admin := h.NewClient()
	resp, err := admin.HTTP.PostForm(h.URL+"/login", url.Values{"email": {h.Admin.Email}, "password": {h.Admin.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if p := postDNSForm(t, h, admin, "/admin/clients/"+owner.ID+"/impersonate", url.Values{}); p.Status != 200 {
		t.Fatalf("log in as the client: %d", p.Status)
	}
	reviewThenApply(t, h, admin, "/domains/"+zoneDomain+"/records", url.Values{"mode": {"set"}, "name": {"support"},
		"type": {"A"}, "ttl": {"300"}, "values": {"192.0.2.60"}}, "support."+zoneDomain)

	var hist dnsHistory
	if st := c.Do("GET", "/api/v1/domains/"+zoneDomain+"/changes", nil, &hist); st != 200 || len(hist.Changes) == 0 {
		t.Fatalf("history: %d %+v", st, hist)
	}
	want := h.Admin.Email + " acting as zone-owner@example.com"
	if got := hist.Changes[0].By; got != want {
		t.Errorf("the change is put down to %q, want %q", got, want)
	}
	log, err := h.App.Store.AuditLog(t.Context(), h.Tenant.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	audited := 0
	for _, e := range log {
		if e.Action == "dns_change" {
			audited++
			if e.Actor != want {
				t.Errorf("audit actor %q, want %q", e.Actor, want)
			}
		}
	}
	if audited != 1 {
		t.Errorf("%d dns_change audit entries, want 1", audited)
	}
}

// Even when the operator lets clients edit NS records (to delegate a
// subdomain), the apex NS set and the SOA stay out of their reach.
func TestApexNSAndSOAAreNeverEditable(t *testing.T) {
	h, c := startZone(t, "", "0s")
	admin := h.AdminClient()
	if st := admin.Do("PUT", "/api/v1/settings", map[string]any{
		"allowed_record_types": []string{"A", "NS", "SOA"}}, nil); st != 400 {
		t.Errorf("the operator allowed SOA: %d", st)
	}
	if st := admin.Do("PUT", "/api/v1/settings", map[string]any{
		"allowed_record_types": []string{"A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA", "NS"}}, nil); st != 200 {
		t.Fatalf("settings: %d", st)
	}
	if st, a := putRecord(t, c, "", map[string]any{"name": "lab", "type": "NS", "ttl": 3600,
		"values": []string{"ns1.example.net."}}); st != 200 {
		t.Fatalf("delegating lab: %d %+v", st, a.Error)
	}
	for _, typ := range []string{"NS", "SOA"} {
		value := "ns1.example.net."
		if typ == "SOA" {
			value = "ns1.example.net. hostmaster.example.net. 1 7200 900 1209600 86400"
		}
		if st, a := putRecord(t, c, "", map[string]any{"name": "@", "type": typ, "ttl": 3600,
			"values": []string{value}}); st != 400 || a.Error.Field != "type" {
			t.Errorf("apex %s: %d %+v, want 400 on type", typ, st, a.Error)
		}
		var a dnsPlanAnswer
		if st := c.Do("DELETE", "/api/v1/domains/"+zoneDomain+"/records/"+zoneDomain+"/"+typ, nil, &a); st != 400 {
			t.Errorf("DELETE apex %s: %d %+v", typ, st, a.Error)
		}
	}
	if ns, _ := findRecord(listRecords(t, c), zoneDomain, "NS"); !ns.ReadOnly || len(ns.Values) != 2 {
		t.Errorf("apex NS %+v", ns)
	}
	_, body := sendText(t, h, c, "GET", "/domains/"+zoneDomain, "", "")
	if strings.Contains(body, "<option >SOA</option>") {
		t.Error("the editor offers SOA")
	}
}
