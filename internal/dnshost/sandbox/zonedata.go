package sandbox

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/miekg/dns"

	"github.com/proecommerce/domains/internal/dnshost"
)

// maxCNAMEChain is how many CNAMEs an answer follows inside one zone.
const maxCNAMEChain = 8

// zoneData is one zone ready to answer queries from.
//
// Limitation: NS sets below the apex are answered as ordinary data, not as
// referrals, and there is no DNSSEC; the sandbox has no sub-delegations.
type zoneData struct {
	origin string
	nodes  map[string]map[uint16][]dns.RR
	exists map[string]bool // nodes and empty non-terminals
	soa    *dns.SOA
}

// buildZone parses a zone's record sets; values that do not parse are
// logged and left out.
func buildZone(domain string, sets []dnshost.RecordSet, log *slog.Logger) *zoneData {
	z := &zoneData{origin: fqdn(domain), nodes: map[string]map[uint16][]dns.RR{}, exists: map[string]bool{}}
	for _, set := range sets {
		name := fqdn(set.Name)
		for _, v := range set.Values {
			rr, err := dns.NewRR(fmt.Sprintf("%s %d IN %s %s", name, set.TTL, set.Type, v))
			if err != nil || rr == nil {
				log.Warn("sandbox dns skipped a bad record", "name", name, "type", set.Type, "err", err)
				continue
			}
			z.add(name, rr)
		}
	}
	return z
}

func (z *zoneData) add(name string, rr dns.RR) {
	if z.nodes[name] == nil {
		z.nodes[name] = map[uint16][]dns.RR{}
	}
	t := rr.Header().Rrtype
	z.nodes[name][t] = append(z.nodes[name][t], rr)
	if soa, ok := rr.(*dns.SOA); ok && name == z.origin {
		z.soa = soa
	}
	for n := name; n != z.origin && strings.Contains(n, "."); n = parent(n) {
		z.exists[n] = true
	}
	z.exists[z.origin] = true
}

// parent drops a name's first label.
func parent(name string) string {
	_, rest, _ := strings.Cut(name, ".")
	return rest
}

// lookup finds the node for name, exactly or through a wildcard at its
// closest encloser. exists reports whether the name itself exists (as a
// node or an empty non-terminal).
func (z *zoneData) lookup(name string) (node map[uint16][]dns.RR, exists bool) {
	if z.exists[name] {
		return z.nodes[name], true
	}
	for p := parent(name); dns.IsSubDomain(z.origin, p); p = parent(p) {
		if !z.exists[p] {
			continue
		}
		if wild := z.nodes["*."+p]; wild != nil {
			return wild, true
		}
		return nil, false
	}
	return nil, false
}

// answer fills resp for a question inside the zone: the data, the CNAMEs
// on the way to it inside the zone, or the SOA for NODATA and NXDOMAIN.
func (z *zoneData) answer(resp *dns.Msg, q dns.Question) {
	owner := q.Name
	for range maxCNAMEChain {
		node, exists := z.lookup(strings.ToLower(owner))
		if !exists {
			resp.Rcode = dns.RcodeNameError
			z.addSOA(resp)
			return
		}

		if rrs := pick(node, q.Qtype); len(rrs) > 0 {
			resp.Answer = append(resp.Answer, withOwner(rrs, owner)...)
			return
		}
		cname := node[dns.TypeCNAME]
		if len(cname) == 0 {
			z.addSOA(resp)
			return
		}

		resp.Answer = append(resp.Answer, withOwner(cname, owner)...)
		owner = strings.ToLower(cname[0].(*dns.CNAME).Target)
		if !dns.IsSubDomain(z.origin, owner) {
			return
		}
	}
}

// pick returns the records of a type; ANY returns all.
func pick(node map[uint16][]dns.RR, qtype uint16) []dns.RR {
	if qtype != dns.TypeANY {
		return node[qtype]
	}
	var all []dns.RR
	for _, rrs := range node {
		all = append(all, rrs...)
	}
	return all
}

// withOwner copies records under the queried name (wildcards synthesise).
func withOwner(rrs []dns.RR, owner string) []dns.RR {
	out := make([]dns.RR, len(rrs))
	for i, rr := range rrs {
		out[i] = dns.Copy(rr)
		out[i].Header().Name = owner
	}
	return out
}

// addSOA puts the SOA in the authority section, with the negative TTL.
func (z *zoneData) addSOA(resp *dns.Msg) {
	if z.soa == nil {
		return
	}
	soa := dns.Copy(z.soa).(*dns.SOA)
	soa.Hdr.Ttl = min(soa.Hdr.Ttl, soa.Minttl)
	resp.Ns = append(resp.Ns, soa)
}
