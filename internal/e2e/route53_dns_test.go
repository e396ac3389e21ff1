package e2e

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/awsfake"
	"github.com/proecommerce/domains/internal/dnshost"
)

const r53Zone = "r53-editor.com"

// lastBatch is the newest change batch the fake applied.
func lastBatch(t *testing.T, fake *awsfake.Fake) awsfake.Batch {
	t.Helper()
	b := fake.Batches()
	if len(b) == 0 {
		t.Fatal("no batch reached Route 53")
	}
	return b[len(b)-1]
}

func r53Records(t *testing.T, c *apptest.Client) dnsRecordList {
	t.Helper()
	var l dnsRecordList
	if st := c.Do("GET", "/api/v1/domains/"+r53Zone+"/records", nil, &l); st != 200 {
		t.Fatalf("GET records: %d", st)
	}
	return l
}

// The DNS editor on Route 53, against the stateful AWS fake (which refuses
// a DELETE that does not match the stored set exactly, and pages record
// listings two at a time): the MX pair case on the wire, propagation
// through GetChange, an export and import that sends nothing, and 50+1
// records imported in one batch.
func TestDNSEditorOnRoute53(t *testing.T) {
	fake := awsfake.New(t, awsfake.Config{InSyncAfter: 2, RecordPage: 2})
	h := r53Start(t, fake)
	c := signUp(t, h, "r53-dns@example.com")
	if o := r53Order(t, h, c, r53Zone); o.Status != "completed" {
		t.Fatalf("order %+v", o)
	}
	zoneID := lastBatch(t, fake).ZoneID

	t.Run("MX pair", func(t *testing.T) { r53MXPair(t, h, c, fake, zoneID) })
	t.Run("propagation", func(t *testing.T) { r53Propagation(t, c) })
	t.Run("zone files", func(t *testing.T) { r53ZoneFiles(t, h, c, fake) })
}

// Removing the second value sends one UPSERT of the first with TTL 3600;
// removing the first sends one DELETE of exactly what Route 53 holds then,
// even after the set changed behind the editor's back.
func r53MXPair(t *testing.T, h *apptest.Harness, c *apptest.Client, fake *awsfake.Fake, zoneID string) {
	var a dnsPlanAnswer
	if st := c.Do("PUT", "/api/v1/domains/"+r53Zone+"/records", map[string]any{"name": "@", "type": "MX",
		"ttl": 3600, "values": []string{"10 a.example.org.", "20 b.example.org."}}, &a); st != 200 {
		t.Fatalf("MX pair: %d %+v", st, a)
	}
	base := "/api/v1/domains/" + r53Zone + "/records/" + r53Zone + "/MX?value="
	if st := c.Do("DELETE", base+url.QueryEscape("20 b.example.org."), nil, &a); st != 200 || len(a.Plan) != 1 {
		t.Fatalf("remove the second value: %d %+v", st, a)
	}
	b := lastBatch(t, fake)
	if len(b.Changes) != 1 || b.Changes[0].Action != "UPSERT" || b.Changes[0].Set.TTL != 3600 ||
		!slices.Equal(b.Changes[0].Set.Values, []string{"10 a.example.org."}) {
		t.Fatalf("on the wire: %+v", b)
	}

	_, err := h.App.Providers.DNS.Apply(t.Context(), zoneID, []dnshost.Change{{Action: dnshost.Upsert,
		Set: dnshost.RecordSet{Name: r53Zone + ".", Type: "MX", TTL: 900, Values: []string{"10 a.example.org."}}}})
	if err != nil {
		t.Fatal(err)
	}
	if st := c.Do("DELETE", base+url.QueryEscape("10 a.example.org."), nil, &a); st != 200 || len(a.Plan) != 1 ||
		a.Plan[0].Action != "delete" || a.Plan[0].TTL != 900 {
		t.Fatalf("remove the last value: %d %+v", st, a)
	}
	b = lastBatch(t, fake)
	want := awsfake.RecordSet{Name: r53Zone + ".", Type: "MX", TTL: 900, Values: []string{"10 a.example.org."}}
	if len(b.Changes) != 1 || b.Changes[0].Action != "DELETE" || fmt.Sprint(b.Changes[0].Set) != fmt.Sprint(want) {
		t.Fatalf("on the wire: %+v, want DELETE %+v", b, want)
	}
	for _, s := range fake.RecordSets(zoneID) {
		if s.Type == "MX" {
			t.Errorf("Route 53 still holds %+v", s)
		}
	}
}

// A change reads pending until GetChange answers INSYNC.
func r53Propagation(t *testing.T, c *apptest.Client) {
	var a dnsPlanAnswer
	if st := c.Do("PUT", "/api/v1/domains/"+r53Zone+"/records", map[string]any{"name": "*", "type": "A",
		"ttl": 300, "values": []string{"192.0.2.9"}}, &a); st != 200 || a.Change == nil || a.Change.Status != "pending" {
		t.Fatalf("wildcard: %d %+v", st, a)
	}
	if l := r53Records(t, c); l.Change == nil || l.Change.Status != "pending" {
		t.Fatalf("first look: %+v", l.Change)
	}
	l := r53Records(t, c)
	if l.Change == nil || l.Change.ID != a.Change.ID || l.Change.Status != "in_sync" {
		t.Fatalf("second look: %+v", l.Change)
	}
	if _, ok := findRecord(l, "*."+r53Zone, "A"); !ok {
		t.Error("the wildcard is not listed as *")
	}
}

// Export then import sends nothing; the zone plus 50 records and a bad one
// sends the 50 in one batch and reports the one.
func r53ZoneFiles(t *testing.T, h *apptest.Harness, c *apptest.Client, fake *awsfake.Fake) {
	path := "/api/v1/domains/" + r53Zone + "/zone"
	st, text := sendText(t, h, c, "GET", path, "", "")
	if st != 200 || !strings.Contains(text, "*."+r53Zone+".") {
		t.Fatalf("export: %d\n%s", st, text)
	}
	batches := len(fake.Batches())
	st, body := sendText(t, h, c, "PUT", path, "text/dns", text)
	var a dnsPlanAnswer
	decodeBody(t, body, &a)
	if st != 200 || len(a.Plan) != 0 || len(a.Refused) != 0 || len(fake.Batches()) != batches {
		t.Fatalf("import of the export: %d %+v, %d batches sent", st, a, len(fake.Batches())-batches)
	}

	var b strings.Builder
	b.WriteString(text)
	for i := range 50 {
		fmt.Fprintf(&b, "h%d 300 IN A 192.0.2.%d\n", i, i+1)
	}
	b.WriteString("broken 300 IN MX mail.example.net.\n")
	st, body = sendText(t, h, c, "PUT", path, "text/dns", "$ORIGIN "+r53Zone+".\n"+b.String())
	a = dnsPlanAnswer{}
	decodeBody(t, body, &a)
	if st != 200 || len(a.Plan) != 50 || len(a.Refused) != 1 {
		t.Fatalf("50 and one: %d, %d planned, refused %+v", st, len(a.Plan), a.Refused)
	}
	if sent := fake.Batches()[batches:]; len(sent) != 1 || len(sent[0].Changes) != 50 {
		t.Errorf("%d batches sent for the import, want one of 50 changes", len(sent))
	}
	if _, ok := findRecord(r53Records(t, c), "h49."+r53Zone, "A"); !ok {
		t.Error("h49 is not listed")
	}
}
