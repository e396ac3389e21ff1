package dnsrecord

import (
	"slices"
	"strings"
)

// Rules are a tenant's limits on the records its clients edit.
type Rules struct {
	// Types are the record types clients may edit ("A", "MX"…).
	Types []string
	// TTLMin and TTLMax bound a record set's TTL, in seconds.
	TTLMin, TTLMax uint32
	// DefaultTTL is used when a client gives none, and for Cloudflare's
	// "automatic" TTL of 1 on import.
	DefaultTTL uint32
}

// DefaultTypes are the record types a new tenant lets clients edit.
var DefaultTypes = []string{"A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA"}

// DefaultRules are a new tenant's rules.
func DefaultRules() Rules {
	return Rules{Types: slices.Clone(DefaultTypes), TTLMin: 60, TTLMax: 86400, DefaultTTL: 3600}
}

// Allows reports whether clients may edit records of typ at name in zone.
// SOA is never editable, nor the NS set at the apex.
func (r Rules) Allows(zone, name, typ string) bool {
	typ = strings.ToUpper(typ)
	if typ == "SOA" || typ == "NS" && canonicalName(name) == zoneName(zone)+"." {
		return false
	}
	return IsEditableType(r.Types, typ)
}

// IsEditableType reports whether typ is among types (case-insensitive).
func IsEditableType(types []string, typ string) bool {
	for _, t := range types {
		if strings.EqualFold(t, typ) {
			return true
		}
	}
	return false
}
