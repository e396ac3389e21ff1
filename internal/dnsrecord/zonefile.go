package dnsrecord

import (
	"fmt"
	"sort"
	"strings"

	"github.com/proecommerce/domains/internal/dnshost"
)

// Export writes record sets as a BIND zone file with $ORIGIN and $TTL: the
// SOA first, then the apex NS set, then the rest by name and type, one
// record a line with absolute names.
func Export(zone string, sets []dnshost.RecordSet) string {
	origin := zoneName(zone) + "."
	var b strings.Builder
	fmt.Fprintf(&b, "; Zone file for %s\n", origin)
	fmt.Fprintf(&b, "$ORIGIN %s\n$TTL %d\n", origin, commonTTL(sets))

	for _, set := range exportOrder(origin, sets) {
		for _, v := range set.Values {
			fmt.Fprintf(&b, "%s\t%d\tIN\t%s\t%s\n", canonicalName(set.Name), set.TTL, set.Type, v)
		}
	}
	return b.String()
}

// exportOrder puts the SOA, the apex NS set, the other apex sets, then
// every other set by name and type.
func exportOrder(origin string, sets []dnshost.RecordSet) []dnshost.RecordSet {
	rank := func(s dnshost.RecordSet) int {
		switch {
		case s.Type == "SOA":
			return 0
		case s.Type == "NS" && canonicalName(s.Name) == origin:
			return 1
		case canonicalName(s.Name) == origin:
			return 2
		}
		return 3
	}
	out := sortedSets(sets)
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

// commonTTL returns the TTL most record sets use, 3600 when there are none.
func commonTTL(sets []dnshost.RecordSet) uint32 {
	counts := map[uint32]int{}
	best, bestN := uint32(3600), 0
	for _, s := range sets {
		counts[s.TTL]++
		if n := counts[s.TTL]; n > bestN || n == bestN && s.TTL < best {
			best, bestN = s.TTL, n
		}
	}
	return best
}
