package dnsrecord

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/proecommerce/domains/internal/dnshost"
)

// key identifies a record set.
type key struct{ name, typ string }

func keyOf(set dnshost.RecordSet) key {
	return key{canonicalName(set.Name), strings.ToUpper(set.Type)}
}

// index maps the current record sets by name and type.
func index(sets []dnshost.RecordSet) map[key]dnshost.RecordSet {
	out := make(map[key]dnshost.RecordSet, len(sets))
	for _, s := range sets {
		out[keyOf(s)] = s
	}
	return out
}

// SameSet reports whether two record sets hold the same TTL and values,
// in any order.
func SameSet(a, b dnshost.RecordSet) bool {
	if a.TTL != b.TTL || len(a.Values) != len(b.Values) {
		return false
	}
	x, y := slices.Clone(a.Values), slices.Clone(b.Values)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// PlanSet returns the changes that make the zone hold set: none when it
// already does, else one UPSERT.
func PlanSet(current []dnshost.RecordSet, set dnshost.RecordSet) []dnshost.Change {
	if cur, ok := index(current)[keyOf(set)]; ok && SameSet(cur, set) {
		return nil
	}
	return []dnshost.Change{{Action: dnshost.Upsert, Set: set}}
}

// PlanDelete returns the DELETE of a record set carrying exactly the TTL
// and values the zone holds, or ErrNoSuchSet.
func PlanDelete(current []dnshost.RecordSet, name, typ string) ([]dnshost.Change, error) {
	cur, ok := index(current)[key{canonicalName(name), strings.ToUpper(typ)}]
	if !ok {
		return nil, fmt.Errorf("%w: %s %s", ErrNoSuchSet, APIName(name), typ)
	}
	return []dnshost.Change{{Action: dnshost.Delete, Set: cur}}, nil
}

// PlanRemoveValue removes one value (rdata) from a record set: an UPSERT of
// the rest with the stored TTL, or a DELETE of the stored set when it was the
// last value.
func PlanRemoveValue(current []dnshost.RecordSet, name, typ, rdata string) ([]dnshost.Change, error) {
	cur, ok := index(current)[key{canonicalName(name), strings.ToUpper(typ)}]
	if !ok || !slices.Contains(cur.Values, rdata) {
		return nil, fmt.Errorf("%w: %s %s %s", ErrNoSuchSet, APIName(name), typ, rdata)
	}
	if len(cur.Values) == 1 {
		return []dnshost.Change{{Action: dnshost.Delete, Set: cur}}, nil
	}

	rest := cur
	rest.Values = slices.DeleteFunc(slices.Clone(cur.Values), func(v string) bool { return v == rdata })
	return []dnshost.Change{{Action: dnshost.Upsert, Set: rest}}, nil
}

// PlanReplace returns the changes that make the zone's record sets of the
// editable types equal to desired: DELETEs (exactly as stored) of the sets
// desired lacks, then UPSERTs of the sets that are new or differ. Sets of
// other types, the SOA and the apex NS set are left alone.
func PlanReplace(zone string, current, desired []dnshost.RecordSet, rules Rules) []dnshost.Change {
	want := index(desired)
	var deletes, upserts []dnshost.Change
	for _, cur := range sortedSets(current) {
		if !rules.Allows(zone, cur.Name, cur.Type) {
			continue
		}
		if _, ok := want[keyOf(cur)]; !ok {
			deletes = append(deletes, dnshost.Change{Action: dnshost.Delete, Set: cur})
		}
	}

	have := index(current)
	for _, set := range sortedSets(desired) {
		if cur, ok := have[keyOf(set)]; ok && SameSet(cur, set) {
			continue
		}
		upserts = append(upserts, dnshost.Change{Action: dnshost.Upsert, Set: set})
	}
	return append(deletes, upserts...)
}

// sortedSets returns a copy ordered by name, then type.
func sortedSets(sets []dnshost.RecordSet) []dnshost.RecordSet {
	out := slices.Clone(sets)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := keyOf(out[i]), keyOf(out[j])
		if a.name != b.name {
			return a.name < b.name
		}
		return a.typ < b.typ
	})
	return out
}
