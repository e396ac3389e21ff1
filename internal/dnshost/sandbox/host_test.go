package sandbox

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/dnsrecord"
	"github.com/proecommerce/domains/internal/sqldb"
)

var t0 = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)

func newHost(t *testing.T, db *sqldb.DB) (*Host, *clock.Fake) {
	clk := clock.NewFake(t0)
	return New(db, clk, Options{}), clk
}

func findSet(sets []dnshost.RecordSet, name, typ string) (dnshost.RecordSet, bool) {
	for _, s := range sets {
		if s.Name == name && s.Type == typ {
			return s, true
		}
	}
	return dnshost.RecordSet{}, false
}

func TestEnsureZone(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		h, _ := newHost(t, db)

		z, err := h.EnsureZone(ctx, "My-Shop.test.", "order-1-zone")
		if err != nil {
			t.Fatal(err)
		}
		if z.Domain != "my-shop.test" || !slices.Equal(z.Nameservers, DefaultNameservers) || z.ID == "" {
			t.Errorf("zone = %+v", z)
		}

		again, err := h.EnsureZone(ctx, "my-shop.test", "order-1-zone")
		if err != nil || again.ID != z.ID {
			t.Errorf("retry by caller ref = %+v, %v", again, err)
		}
		other, err := h.EnsureZone(ctx, "my-shop.test", "another-ref")
		if err != nil || other.ID != z.ID {
			t.Errorf("same domain = %+v, %v", other, err)
		}
		if _, err := h.EnsureZone(ctx, "else.test", "order-1-zone"); !errors.Is(err, dnshost.ErrInvalidChange) {
			t.Errorf("caller ref reused for another domain: %v", err)
		}

		found, err := h.FindZone(ctx, "MY-SHOP.TEST")
		if err != nil || found.ID != z.ID {
			t.Errorf("FindZone = %+v, %v", found, err)
		}
		if _, err := h.FindZone(ctx, "none.test"); !errors.Is(err, dnshost.ErrZoneNotFound) {
			t.Errorf("FindZone missing: %v", err)
		}

		sets, err := h.RecordSets(ctx, z.ID)
		if err != nil {
			t.Fatal(err)
		}
		soa, ok := findSet(sets, "my-shop.test.", "SOA")
		if !ok || soa.Values[0] != "ns1.sandbox.proecommerce.test. hostmaster.my-shop.test. 1 7200 900 1209600 300" {
			t.Errorf("SOA = %+v", soa)
		}
		ns, ok := findSet(sets, "my-shop.test.", "NS")
		if !ok || ns.TTL != 172800 || !slices.Equal(ns.Values, DefaultNameservers) {
			t.Errorf("NS = %+v", ns)
		}
		if _, err := h.RecordSets(ctx, "Znope"); !errors.Is(err, dnshost.ErrZoneNotFound) {
			t.Errorf("RecordSets missing zone: %v", err)
		}
	})
}

func TestApplyAndStatus(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		h, clk := newHost(t, db)
		z, err := h.EnsureZone(ctx, "example.org", "ref")
		if err != nil {
			t.Fatal(err)
		}

		mx := dnshost.RecordSet{Name: "example.org.", Type: "MX", TTL: 3600,
			Values: []string{"10 a.example.org.", "20 b.example.org."}}
		info, err := h.Apply(ctx, z.ID, []dnshost.Change{{Action: dnshost.Create, Set: mx}})
		if err != nil {
			t.Fatal(err)
		}
		if info.Status != dnshost.ChangePending || !info.Submitted.Equal(t0) || info.ID == "" {
			t.Errorf("info = %+v", info)
		}

		clk.Advance(time.Second)
		got, err := h.ChangeStatus(ctx, info.ID)
		if err != nil || got.Status != dnshost.ChangePending || !got.Submitted.Equal(t0) {
			t.Errorf("status after 1s = %+v, %v", got, err)
		}
		clk.Advance(time.Second)
		if got, _ := h.ChangeStatus(ctx, info.ID); got.Status != dnshost.ChangeInSync {
			t.Errorf("status after 2s = %+v", got)
		}
		if _, err := h.ChangeStatus(ctx, "Cnope"); !errors.Is(err, ErrChangeNotFound) {
			t.Errorf("unknown change: %v", err)
		}

		// The example, planned against what the host holds.
		current, _ := h.RecordSets(ctx, z.ID)
		changes, _ := dnsrecord.PlanRemoveValue(current, "example.org.", "MX", "20 b.example.org.")
		if _, err := h.Apply(ctx, z.ID, changes); err != nil {
			t.Fatal(err)
		}
		current, _ = h.RecordSets(ctx, z.ID)
		changes, _ = dnsrecord.PlanRemoveValue(current, "example.org.", "MX", "10 a.example.org.")
		if changes[0].Action != dnshost.Delete {
			t.Fatalf("want a delete, got %+v", changes)
		}
		if _, err := h.Apply(ctx, z.ID, changes); err != nil {
			t.Fatal(err)
		}

		current, _ = h.RecordSets(ctx, z.ID)
		if _, ok := findSet(current, "example.org.", "MX"); ok {
			t.Error("MX still there")
		}
		soa, _ := findSet(current, "example.org.", "SOA")
		if soa.Values[0] != "ns1.sandbox.proecommerce.test. hostmaster.example.org. 4 7200 900 1209600 300" {
			t.Errorf("serial not bumped: %v", soa.Values)
		}
	})
}

func TestApplyRefusals(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		h, _ := newHost(t, db)
		z, _ := h.EnsureZone(ctx, "example.com", "ref")
		a := dnshost.RecordSet{Name: "shop.example.com.", Type: "A", TTL: 300, Values: []string{"192.0.2.1"}}
		if _, err := h.Apply(ctx, z.ID, []dnshost.Change{{Action: dnshost.Upsert, Set: a}}); err != nil {
			t.Fatal(err)
		}
		before, _ := h.RecordSets(ctx, z.ID)

		cname := func(name string) dnshost.RecordSet {
			return dnshost.RecordSet{Name: name, Type: "CNAME", TTL: 300, Values: []string{"x.example.net."}}
		}
		wrongTTL := a
		wrongTTL.TTL = 600
		good := dnshost.RecordSet{Name: "ok.example.com.", Type: "A", TTL: 300, Values: []string{"192.0.2.9"}}
		batches := map[string][]dnshost.Change{
			"create existing": {{Action: dnshost.Create, Set: a}},
			"delete mismatch": {{Action: dnshost.Upsert, Set: good}, {Action: dnshost.Delete, Set: wrongTTL}},
			"delete twice":    {{Action: dnshost.Delete, Set: a}, {Action: dnshost.Delete, Set: a}},
			"delete missing":  {{Action: dnshost.Delete, Set: good}},
			"cname beside a":  {{Action: dnshost.Upsert, Set: good}, {Action: dnshost.Create, Set: cname("shop.example.com.")}},
			"cname at apex":   {{Action: dnshost.Create, Set: cname("example.com.")}},
			"outside zone":    {{Action: dnshost.Create, Set: cname("www.example.net.")}},
			"soa":             {{Action: dnshost.Upsert, Set: dnshost.RecordSet{Name: "example.com.", Type: "SOA", TTL: 1, Values: []string{"a. b. 1 1 1 1 1"}}}},
			"bad value":       {{Action: dnshost.Create, Set: dnshost.RecordSet{Name: "x.example.com.", Type: "A", TTL: 1, Values: []string{"nope"}}}},
			"empty":           {},
		}
		for name, batch := range batches {
			if _, err := h.Apply(ctx, z.ID, batch); !errors.Is(err, dnshost.ErrInvalidChange) {
				t.Errorf("%s: err = %v, want ErrInvalidChange", name, err)
			}
		}
		after, _ := h.RecordSets(ctx, z.ID)
		if !slices.EqualFunc(before, after, func(x, y dnshost.RecordSet) bool {
			return x.Name == y.Name && x.Type == y.Type && dnsrecord.SameSet(x, y)
		}) {
			t.Errorf("a refused batch changed the zone:\n%+v\n%+v", before, after)
		}
		if _, err := h.Apply(ctx, "Znope", []dnshost.Change{{Action: dnshost.Upsert, Set: good}}); !errors.Is(err, dnshost.ErrZoneNotFound) {
			t.Errorf("unknown zone: %v", err)
		}

		// Replacing an A by a CNAME in one batch is fine.
		swap := []dnshost.Change{{Action: dnshost.Delete, Set: a}, {Action: dnshost.Create, Set: cname("shop.example.com.")}}
		if _, err := h.Apply(ctx, z.ID, swap); err != nil {
			t.Errorf("swap A for CNAME: %v", err)
		}
	})
}

// A zone file imported into the sandbox, exported and imported again plans
// no change, and the defaults apply cleanly.
func TestZoneRoundTripThroughHost(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		h, _ := newHost(t, db)
		z, _ := h.EnsureZone(ctx, "example.com", "ref")
		rules := dnsrecord.DefaultRules()

		var changes []dnshost.Change
		for _, set := range dnsrecord.Defaults("example.com", "192.0.2.10", "", "", 3600) {
			changes = append(changes, dnshost.Change{Action: dnshost.Create, Set: set})
		}
		if _, err := h.Apply(ctx, z.ID, changes); err != nil {
			t.Fatal(err)
		}

		sets, refused := dnsrecord.Import("example.com", zoneText, rules)
		if len(refused) != 0 {
			t.Fatalf("refused %+v", refused)
		}
		current, _ := h.RecordSets(ctx, z.ID)
		if _, err := h.Apply(ctx, z.ID, dnsrecord.PlanReplace("example.com", current, sets, rules)); err != nil {
			t.Fatal(err)
		}

		current, _ = h.RecordSets(ctx, z.ID)
		again, refused := dnsrecord.Import("example.com", dnsrecord.Export("example.com", current), rules)
		if len(refused) != 0 {
			t.Fatalf("re-import refused %+v", refused)
		}
		if plan := dnsrecord.PlanReplace("example.com", current, again, rules); len(plan) != 0 {
			t.Errorf("round trip planned %+v", plan)
		}
		if _, ok := findSet(current, "example.com.", "NS"); !ok {
			t.Error("the import removed the apex NS set")
		}
	})
}

const zoneText = `$ORIGIN example.com.
$TTL 3600
@      IN SOA ns.other.example. h.other.example. 5 7200 900 1209600 300
@      IN NS  ns.other.example.
@      IN A   192.0.2.10
@      IN MX  10 mail.example.com.
@      IN MX  20 mx2.example.net.
@      IN TXT "v=spf1 mx -all"
www    IN CNAME example.com.
*      IN A   192.0.2.10
mail   300 IN A 192.0.2.25
_dmarc IN TXT "v=DMARC1; p=none"
_sip._tcp IN SRV 10 5 5060 sip.example.com.
@      IN CAA 0 issue "ca.example.net"
`
