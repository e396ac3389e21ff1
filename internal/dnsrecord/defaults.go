package dnsrecord

import (
	"strings"

	"github.com/proecommerce/domains/internal/dnshost"
)

// DefaultSPF is the SPF text of a tenant that set none.
const DefaultSPF = "v=spf1 mx -all"

// Defaults returns a new zone's records from a tenant's template:
// "@ A ip" and "* A ip" (left out when defaultIP is empty), "www CNAME
// domain.", "@ MX 10 mailHost." (mail.domain when empty) and "@ TXT spf"
// (DefaultSPF when empty), all with ttl. Values are in host form.
func Defaults(domain, defaultIP, mailHost, spf string, ttl uint32) []dnshost.RecordSet {
	apex := zoneName(domain) + "."
	if mailHost = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(mailHost)), "."); mailHost == "" {
		mailHost = "mail." + zoneName(domain)
	}
	if strings.TrimSpace(spf) == "" {
		spf = DefaultSPF
	}

	var sets []dnshost.RecordSet
	if ip := strings.TrimSpace(defaultIP); ip != "" {
		typ := "A"
		if strings.Contains(ip, ":") {
			typ = "AAAA"
		}
		sets = append(sets,
			dnshost.RecordSet{Name: apex, Type: typ, TTL: ttl, Values: []string{ip}},
			dnshost.RecordSet{Name: "*." + apex, Type: typ, TTL: ttl, Values: []string{ip}})
	}
	return append(sets,
		dnshost.RecordSet{Name: "www." + apex, Type: "CNAME", TTL: ttl, Values: []string{apex}},
		dnshost.RecordSet{Name: apex, Type: "MX", TTL: ttl, Values: []string{"10 " + mailHost + "."}},
		dnshost.RecordSet{Name: apex, Type: "TXT", TTL: ttl, Values: []string{txtToRData(spf)}})
}
