package dnsrecord

import (
	"slices"

	"github.com/miekg/dns"

	"github.com/proecommerce/domains/internal/dnshost"
)

// accept checks one parsed record against the rules and keeps it.
func (imp *importer) accept(e entry, rr dns.RR) {
	hdr := rr.Header()
	typ := dns.TypeToString[hdr.Rrtype]
	name := canonicalName(hdr.Name)
	if typ == "SOA" || typ == "NS" && name == imp.zone+"." {
		return
	}
	if hdr.Class != dns.ClassINET {
		imp.refuse(e, "only class IN records are supported")
		return
	}
	if !imp.rules.Allows(imp.zone, name, typ) {
		imp.refuse(e, "%s records cannot be edited here", typ)
		return
	}

	if _, err := NormalizeName(imp.zone, name); err != nil {
		imp.refuse(e, "%s", fieldMessage(err))
		return
	}
	ttl, ok := imp.ttl(hdr.Ttl)
	if !ok {
		imp.refuse(e, "the TTL %d is outside %d to %d seconds", hdr.Ttl, imp.rules.TTLMin, imp.rules.TTLMax)
		return
	}

	rdata := rdataOf(rr)
	present, _ := FromRData(typ, rdata)
	if _, err := ToRData(typ, present); err != nil {
		imp.refuse(e, "%s", err.Error())
		return
	}
	set := dnshost.RecordSet{Name: name, Type: typ, TTL: ttl, Values: []string{rdata}}
	imp.records = append(imp.records, imported{line: e.line, text: e.text, set: set})
}

// ttl maps Cloudflare's automatic TTL (1) to the default and checks bounds.
func (imp *importer) ttl(ttl uint32) (uint32, bool) {
	r := imp.rules
	if ttl == 1 && r.DefaultTTL > 0 && ttl < r.TTLMin {
		ttl = r.DefaultTTL
	}
	if ttl < r.TTLMin || r.TTLMax > 0 && ttl > r.TTLMax {
		return 0, false
	}
	return ttl, true
}

// finish applies the CNAME rules across records and groups the rest into
// record sets.
//
// Limitation: records of one set with different TTLs are merged under the
// lowest TTL without a refusal, since a record set has one TTL.
func (imp *importer) finish() ([]dnshost.RecordSet, []Refusal) {
	others := map[string]string{}
	for _, r := range imp.records {
		if r.set.Type != "CNAME" {
			others[r.set.Name] = r.set.Type
		}
	}

	sets := map[key]*dnshost.RecordSet{}
	var order []key
	for _, r := range imp.records {
		k := keyOf(r.set)
		cur := sets[k]
		if reason := imp.cnameReason(r, cur, others); reason != "" {
			imp.refused = append(imp.refused, Refusal{Line: r.line, Record: r.text, Reason: reason})
			continue
		}
		if cur == nil {
			set := r.set
			sets[k], order = &set, append(order, k)
			continue
		}
		cur.TTL = min(cur.TTL, r.set.TTL)
		if !slices.Contains(cur.Values, r.set.Values[0]) {
			cur.Values = append(cur.Values, r.set.Values[0])
		}
	}

	out := make([]dnshost.RecordSet, 0, len(order))
	for _, k := range order {
		out = append(out, *sets[k])
	}
	slices.SortStableFunc(imp.refused, func(a, b Refusal) int { return a.Line - b.Line })
	return sortedSets(out), imp.refused
}

// cnameReason says why a CNAME record cannot join the zone, or "".
func (imp *importer) cnameReason(r imported, cur *dnshost.RecordSet, others map[string]string) string {
	if r.set.Type != "CNAME" {
		return ""
	}
	switch {
	case r.set.Name == imp.zone+".":
		return "a CNAME cannot sit at the zone's apex"
	case others[r.set.Name] != "":
		return "a CNAME cannot sit beside " + others[r.set.Name] + " records on " + APIName(r.set.Name)
	case cur != nil && cur.Values[0] != r.set.Values[0]:
		return "a name holds at most one CNAME"
	}
	return ""
}
