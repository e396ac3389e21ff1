package dnsrecord

import (
	"fmt"
	"strings"

	"github.com/miekg/dns"

	"github.com/proecommerce/domains/internal/dnshost"
)

// Refusal is a zone-file record an import did not take, with why.
type Refusal struct {
	Line   int    `json:"line"`
	Record string `json:"record"`
	Reason string `json:"reason"`
}

// Import reads a BIND zone file for zone with miekg/dns, entry by entry so
// that one bad record does not stop the rest. It returns the records of the
// types the rules allow, grouped into record sets in host form, and every
// other record it refused with the reason. The SOA and the apex NS set are
// skipped without a refusal: an import leaves them alone. A TTL of 1
// (Cloudflare's "automatic") becomes the rules' default TTL; TXT strings
// longer than 255 octets are split, as miekg/dns does.
func Import(zone, text string, rules Rules) ([]dnshost.RecordSet, []Refusal) {
	imp := &importer{zone: zoneName(zone), origin: zoneName(zone) + ".", rules: rules, lastTTL: 3600}
	if rules.DefaultTTL > 0 {
		imp.lastTTL = rules.DefaultTTL
	}
	for _, e := range splitEntries(text) {
		if strings.HasPrefix(e.text, "$") {
			imp.directive(e)
			continue
		}
		imp.record(e)
	}
	return imp.finish()
}

// importer holds a zone file's parsing state.
type importer struct {
	zone, origin string
	rules        Rules
	ttlDirective string
	lastTTL      uint32
	owner        string
	records      []imported
	refused      []Refusal
}

// imported is one accepted record with where it came from.
type imported struct {
	line int
	text string
	set  dnshost.RecordSet
}

func (imp *importer) refuse(e entry, format string, args ...any) {
	imp.refused = append(imp.refused, Refusal{
		Line:   e.line,
		Record: e.text,
		Reason: fmt.Sprintf(format, args...),
	})
}

// directive applies $ORIGIN and $TTL and refuses the others.
func (imp *importer) directive(e entry) {
	fields := strings.Fields(e.text)
	switch {
	case len(fields) < 2:
		imp.refuse(e, "the directive %s has no value", fields[0])
	case strings.EqualFold(fields[0], "$ORIGIN"):
		imp.origin = absolute(fields[1], imp.origin)
	case strings.EqualFold(fields[0], "$TTL"):
		imp.ttlDirective = fields[1]
	default:
		imp.refuse(e, "the directive %s is not supported", fields[0])
	}
}

// absolute resolves a name written in a zone file against origin.
func absolute(name, origin string) string {
	switch {
	case name == "@":
		return origin
	case strings.HasSuffix(name, "."):
		return name
	case origin == ".":
		return name + "."
	}
	return name + "." + origin
}

// record parses one record entry and keeps it or refuses it.
func (imp *importer) record(e entry) {
	text, ok := imp.ownerText(e)
	if !ok {
		return
	}
	if reason := route53Only(text, e.comment); reason != "" {
		imp.refuse(e, "%s", reason)
		return
	}

	rr, err := imp.parse(text)
	if err != nil {
		imp.refuse(e, "the record does not parse: %s", parserMessage(err))
		return
	}
	imp.owner = rr.Header().Name
	if imp.ttlDirective == "" {
		imp.lastTTL = rr.Header().Ttl
	}
	imp.accept(e, rr)
}

// ownerText gives a blank owner the previous one, and makes absolute an
// owner written without its final dot that ends in the zone (the SOA of a
// Cloudflare export), as the API does for names.
func (imp *importer) ownerText(e entry) (string, bool) {
	if e.blankOwner {
		if imp.owner == "" {
			imp.refuse(e, "the record has no owner name and none comes before it")
			return "", false
		}
		return imp.owner + " " + e.text, true
	}

	first, rest, _ := cutSpace(e.text)
	if !strings.HasSuffix(first, ".") && inZone(strings.ToLower(first), imp.zone) {
		return first + ". " + rest, true
	}
	return e.text, true
}

// cutSpace splits at the first space or tab.
func cutSpace(s string) (string, string, bool) {
	i := strings.IndexAny(s, " \t")
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// route53Only recognises cli53's alias and routing-policy records, which
// have no standard zone-file form, and says why they are refused.
func route53Only(text, comment string) string {
	fields := strings.Fields(text)
	for i := 1; i+1 < len(fields) && i < 4; i++ {
		if strings.EqualFold(fields[i], "AWS") && strings.EqualFold(fields[i+1], "ALIAS") {
			return "a Route 53 alias record (cli53 \"AWS ALIAS\") has no standard form; " +
				"add an A, AAAA or CNAME record instead"
		}
	}
	if strings.Contains(comment, "AWS routing=") {
		return "a Route 53 routing-policy record (weighted, failover…) needs a set identifier, " +
			"which this editor does not keep"
	}
	return ""
}

// parse reads one record with miekg/dns under the current origin and TTL.
func (imp *importer) parse(text string) (dns.RR, error) {
	ttl := imp.ttlDirective
	if ttl == "" {
		ttl = fmt.Sprint(imp.lastTTL)
	}
	src := "$TTL " + ttl + "\n" + text + "\n"
	zp := dns.NewZoneParser(strings.NewReader(src), imp.origin, "")
	rr, ok := zp.Next()
	if err := zp.Err(); err != nil {
		return nil, err
	}
	if !ok || rr == nil {
		return nil, fmt.Errorf("no record")
	}
	return rr, nil
}
