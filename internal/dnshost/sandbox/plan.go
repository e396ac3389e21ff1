package sandbox

import (
	"maps"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/dnsrecord"
)

// setKey identifies a record set.
type setKey struct{ name, typ string }

// plan applies changes, in order, to a copy of the zone's sets and returns
// the result with the keys it touched, or why the batch is refused.
func plan(domain string, sets []dnshost.RecordSet, changes []dnshost.Change) (
	map[setKey]dnshost.RecordSet, map[setKey]bool, error) {
	apex := domain + "."
	next := make(map[setKey]dnshost.RecordSet, len(sets))
	for _, s := range sets {
		next[setKey{s.Name, s.Type}] = s
	}
	before := maps.Clone(next)
	touched := map[setKey]bool{}

	for i, ch := range changes {
		k := setKey{ch.Set.Name, ch.Set.Type}
		if err := checkChange(apex, i, ch); err != nil {
			return nil, nil, err
		}
		if err := step(next, k, i, ch); err != nil {
			return nil, nil, err
		}
		touched[k] = true
	}

	if err := checkCNAMEs(apex, next, touched); err != nil {
		return nil, nil, err
	}
	for k := range touched {
		if cur, ok := before[k]; ok && next[k].Name != "" && dnsrecord.SameSet(cur, next[k]) {
			delete(touched, k)
		}
	}
	return next, touched, nil
}

// checkChange refuses changes outside the zone and to its SOA or apex NS.
func checkChange(apex string, i int, ch dnshost.Change) error {
	name, typ := ch.Set.Name, ch.Set.Type
	if name != apex && !hasSuffixLabel(name, apex) {
		return invalid("change %d: %s is not inside the zone %s", i, name, apex)
	}
	if typ == "SOA" {
		return invalid("change %d: the SOA record is managed by the host", i)
	}
	if typ == "NS" && name == apex && ch.Action != dnshost.Upsert {
		return invalid("change %d: the apex NS set can only be replaced", i)
	}
	return nil
}

// step applies one change to next.
func step(next map[setKey]dnshost.RecordSet, k setKey, i int, ch dnshost.Change) error {
	cur, exists := next[k]
	switch ch.Action {
	case dnshost.Create:
		if exists {
			return invalid("change %d: %s %s already exists", i, k.name, k.typ)
		}
		next[k] = ch.Set
	case dnshost.Upsert:
		next[k] = ch.Set
	case dnshost.Delete:
		if !exists {
			return invalid("change %d: %s %s does not exist", i, k.name, k.typ)
		}
		if !dnsrecord.SameSet(cur, ch.Set) {
			return invalid("change %d: %s %s does not match the stored TTL and values", i, k.name, k.typ)
		}
		delete(next, k)
	}
	return nil
}

// checkCNAMEs refuses a CNAME at the apex, with several values, or beside
// other data on a name the batch touched.
func checkCNAMEs(apex string, next map[setKey]dnshost.RecordSet, touched map[setKey]bool) error {
	for k := range touched {
		cname, ok := next[setKey{k.name, "CNAME"}]
		if !ok {
			continue
		}
		if k.name == apex {
			return invalid("a CNAME cannot sit at the zone apex %s", apex)
		}
		if len(cname.Values) != 1 {
			return invalid("the CNAME at %s must hold exactly one value", k.name)
		}
		for other := range next {
			if other.name == k.name && other.typ != "CNAME" {
				return invalid("a CNAME at %s cannot sit beside %s data", k.name, other.typ)
			}
		}
	}
	return nil
}

func hasSuffixLabel(name, apex string) bool {
	return len(name) > len(apex) && name[len(name)-len(apex)-1:] == "."+apex
}
