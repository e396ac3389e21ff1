package web

import (
	"errors"
	"reflect"
	"testing"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/dnsrecord"
	"github.com/proecommerce/domains/internal/validate"
)

func mxPair() []dnshost.RecordSet {
	return []dnshost.RecordSet{
		{Name: "example.org.", Type: "SOA", TTL: 900, Values: []string{"ns1. admin. 1 7200 900 1209600 86400"}},
		{Name: "example.org.", Type: "MX", TTL: 3600, Values: []string{"10 a.example.org.", "20 b.example.org."}},
	}
}

// The case: removing the second value upserts the first with the
// stored TTL; removing the last deletes exactly what is stored.
func TestPlanRemovalOfValues(t *testing.T) {
	got, err := planRemoval(mxPair(), "example.org.", "MX", []string{"20 b.example.org"})
	want := []dnshost.Change{{Action: dnshost.Upsert, Set: dnshost.RecordSet{Name: "example.org.", Type: "MX",
		TTL: 3600, Values: []string{"10 a.example.org."}}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("remove second: %+v %v", got, err)
	}

	current := []dnshost.RecordSet{{Name: "example.org.", Type: "MX", TTL: 300, Values: []string{"10 a.example.org."}}}
	got, err = planRemoval(current, "example.org.", "MX", []string{"10 a.example.org."})
	want = []dnshost.Change{{Action: dnshost.Delete, Set: current[0]}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("remove last: %+v %v", got, err)
	}

	got, err = planRemoval(mxPair(), "example.org.", "MX", nil)
	if err != nil || len(got) != 1 || got[0].Action != dnshost.Delete || len(got[0].Set.Values) != 2 {
		t.Fatalf("remove set: %+v %v", got, err)
	}
}

func TestPlanRemovalRefuses(t *testing.T) {
	_, err := planRemoval(mxPair(), "example.org.", "MX", []string{"30 c.example.org."})
	if fe, ok := validate.As(err); !ok || fe.Field != "value" {
		t.Errorf("unknown value: %v", err)
	}
	_, err = planRemoval(mxPair(), "www.example.org.", "A", nil)
	if !errors.Is(err, dnsrecord.ErrNoSuchSet) {
		t.Errorf("unknown set: %v", err)
	}
}

// Undo puts back what a change replaced and deletes what it created, the
// deletes first, planned against the zone as it is now.
func TestUndoPlan(t *testing.T) {
	a := dnshost.RecordSet{Name: "x.example.org.", Type: "A", TTL: 300, Values: []string{"192.0.2.1"}}
	cname := dnshost.RecordSet{Name: "x.example.org.", Type: "CNAME", TTL: 300, Values: []string{"y.example.net."}}
	mx := mxPair()[1]
	mxAfter := mx
	mxAfter.Values = mx.Values[:1]
	sp := storedPlan{
		Changes: []dnshost.Change{{Action: dnshost.Delete, Set: a}, {Action: dnshost.Upsert, Set: cname},
			{Action: dnshost.Upsert, Set: mxAfter}},
		Before: []dnshost.RecordSet{a, mx},
	}
	// Since the change, the CNAME's TTL moved: the delete carries it.
	cnameNow := cname
	cnameNow.TTL = 60
	now := []dnshost.RecordSet{cnameNow, mxAfter}

	got := undoPlan(sp, now)
	want := []dnshost.Change{{Action: dnshost.Delete, Set: cnameNow}, {Action: dnshost.Upsert, Set: a},
		{Action: dnshost.Upsert, Set: mx}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("undo = %+v\nwant %+v", got, want)
	}

	if got := undoPlan(sp, []dnshost.RecordSet{a, mx}); len(got) != 0 {
		t.Errorf("undo of an already undone change plans %+v", got)
	}
}
