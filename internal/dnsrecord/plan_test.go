package dnsrecord

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/proecommerce/domains/internal/dnshost"
)

// The example: an MX pair, then one value removed, then the other.
func TestPlanRemoveValue(t *testing.T) {
	current := []dnshost.RecordSet{{Name: "example.org.", Type: "MX", TTL: 3600,
		Values: []string{"10 a.example.org.", "20 b.example.org."}}}

	changes, err := PlanRemoveValue(current, "example.org.", "MX", "20 b.example.org.")
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].Action != dnshost.Upsert || changes[0].Set.TTL != 3600 ||
		!slices.Equal(changes[0].Set.Values, []string{"10 a.example.org."}) {
		t.Fatalf("first removal = %+v", changes)
	}

	current = []dnshost.RecordSet{changes[0].Set}
	changes, err = PlanRemoveValue(current, "example.org.", "MX", "10 a.example.org.")
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].Action != dnshost.Delete || changes[0].Set.TTL != 3600 ||
		!slices.Equal(changes[0].Set.Values, []string{"10 a.example.org."}) {
		t.Fatalf("second removal = %+v", changes)
	}

	if _, err := PlanRemoveValue(current, "example.org.", "MX", "30 c.example.org."); !errors.Is(err, ErrNoSuchSet) {
		t.Errorf("unknown value: %v", err)
	}
}

func TestPlanSetAndDelete(t *testing.T) {
	set := dnshost.RecordSet{Name: "www.example.com.", Type: "CNAME", TTL: 3600, Values: []string{"example.com."}}
	if got := PlanSet(zoneSets, set); len(got) != 0 {
		t.Errorf("unchanged set planned %+v", got)
	}

	set.TTL = 300
	got := PlanSet(zoneSets, set)
	if len(got) != 1 || got[0].Action != dnshost.Upsert || got[0].Set.TTL != 300 {
		t.Errorf("changed set planned %+v", got)
	}

	del, err := PlanDelete(zoneSets, `SHOP.example.com`, "a")
	if err != nil {
		t.Fatal(err)
	}
	if del[0].Action != dnshost.Delete || del[0].Set.TTL != 3600 || del[0].Set.Values[0] != "192.0.2.2" {
		t.Errorf("delete = %+v", del)
	}
	if _, err := PlanDelete(zoneSets, "nope.example.com.", "A"); !errors.Is(err, ErrNoSuchSet) {
		t.Errorf("missing set: %v", err)
	}
}

func TestPlanReplace(t *testing.T) {
	desired := []dnshost.RecordSet{
		{Name: "example.com.", Type: "A", TTL: 3600, Values: []string{"192.0.2.1"}},
		{Name: "www.example.com.", Type: "CNAME", TTL: 3600, Values: []string{"shop.example.com."}},
		{Name: "new.example.com.", Type: "AAAA", TTL: 60, Values: []string{"2001:db8::1"}},
	}
	changes := PlanReplace("example.com", zoneSets, desired, DefaultRules())

	var got []string
	for _, c := range changes {
		got = append(got, fmt.Sprintf("%s %s %s %d", c.Action, c.Set.Name, c.Set.Type, c.Set.TTL))
	}
	want := []string{
		"DELETE shop.example.com. A 3600",
		"UPSERT new.example.com. AAAA 60",
		"UPSERT www.example.com. CNAME 3600",
	}
	if !slices.Equal(got, want) {
		t.Errorf("PlanReplace = %q, want %q (the apex NS set must be left alone)", got, want)
	}
}

func TestDescribe(t *testing.T) {
	current := []dnshost.RecordSet{{Name: "example.com.", Type: "TXT", TTL: 3600, Values: []string{`"v=spf1 -all"`}}}
	changes := []dnshost.Change{
		{Action: dnshost.Upsert, Set: dnshost.RecordSet{Name: "example.com.", Type: "TXT", TTL: 300,
			Values: []string{`"v=spf1 mx -all"`}}},
		{Action: dnshost.Upsert, Set: dnshost.RecordSet{Name: `\052.example.com.`, Type: "A", TTL: 60,
			Values: []string{"192.0.2.1"}}},
		{Action: dnshost.Delete, Set: current[0]},
	}
	raw, err := json.Marshal(Describe(current, changes))
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"action":"update","name":"example.com","type":"TXT","ttl":300,"before_ttl":3600,` +
		`"before":["v=spf1 -all"],"after":["v=spf1 mx -all"]},` +
		`{"action":"create","name":"*.example.com","type":"A","ttl":60,"before":[],"after":["192.0.2.1"]},` +
		`{"action":"delete","name":"example.com","type":"TXT","ttl":3600,"before_ttl":3600,` +
		`"before":["v=spf1 -all"],"after":[]}]`
	if string(raw) != want {
		t.Errorf("Describe =\n%s\nwant\n%s", raw, want)
	}
}

func TestIsMassChange(t *testing.T) {
	var current []dnshost.RecordSet
	for i := range 10 {
		current = append(current, dnshost.RecordSet{Name: fmt.Sprintf("h%d.example.com.", i), Type: "A",
			TTL: 3600, Values: []string{fmt.Sprintf("192.0.2.%d", i)}})
	}
	current = append(current, dnshost.RecordSet{Name: "example.com.", Type: "NS", TTL: 3600,
		Values: []string{"a.example.net.", "b.example.net.", "c.example.net."}})
	rules := DefaultRules()

	deletes := func(n int) []dnshost.Change {
		var out []dnshost.Change
		for _, s := range current[:n] {
			out = append(out, dnshost.Change{Action: dnshost.Delete, Set: s})
		}
		return out
	}
	if IsMassChange("example.com", current, deletes(3), rules) {
		t.Error("3 of 10 (30 %) is not over the threshold")
	}
	if !IsMassChange("example.com", current, deletes(4), rules) {
		t.Error("4 of 10 is over the threshold")
	}

	ttl := current[0]
	ttl.TTL = 60
	adds := []dnshost.Change{{Action: dnshost.Upsert, Set: ttl}}
	for i := range 20 {
		adds = append(adds, dnshost.Change{Action: dnshost.Upsert, Set: dnshost.RecordSet{
			Name: fmt.Sprintf("n%d.example.com.", i), Type: "A", TTL: 60, Values: []string{"192.0.2.1"}}})
	}
	if IsMassChange("example.com", current, adds, rules) {
		t.Error("additions and one changed TTL are not a mass change")
	}
	if IsMassChange("example.com", current[1:], deletes(9)[1:], rules) {
		t.Error("a zone of 9 editable records is never a mass change")
	}
}
