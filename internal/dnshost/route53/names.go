package route53

import (
	"strings"
)

// decodeName turns a name as Route 53 returns it into the form of the
// dnshost contract: octal escapes decoded ("\052" is "*"), lower-case,
// with its trailing dot.
//
// Limitation: a decoded byte that is itself a dot inside a label ("\056")
// cannot be told from a label separator in the result; such names do not
// occur in the zones the product manages.
func decodeName(name string) string {
	var b strings.Builder
	b.Grow(len(name))

	for i := 0; i < len(name); i++ {
		c := name[i]
		if c != '\\' || i+1 >= len(name) {
			b.WriteByte(c)
			continue
		}
		if v, ok := octal(name[i+1:]); ok {
			b.WriteByte(v)
			i += 3
			continue
		}
		b.WriteByte(name[i+1])
		i++
	}
	return fqdn(b.String())
}

// octal reads three octal digits at the start of s.
func octal(s string) (byte, bool) {
	if len(s) < 3 {
		return 0, false
	}

	v := 0
	for _, c := range s[:3] {
		if c < '0' || c > '7' {
			return 0, false
		}
		v = v*8 + int(c-'0')
	}
	if v > 255 {
		return 0, false
	}
	return byte(v), true
}

// targetField is the index of the host name in the rdata of the types
// whose data ends in one.
var targetField = map[string]int{"CNAME": 0, "NS": 0, "PTR": 0, "MX": 1, "SRV": 3}

// canonicalValue gives the host name of a CNAME, NS, PTR, MX or SRV value
// its trailing dot. Route 53 treats every name as fully qualified and
// lists a value as it was written, so "lb.example.net" and
// "lb.example.net." are the same data; the dnshost contract writes the dot.
func canonicalValue(typ, v string) string {
	i, ok := targetField[typ]
	if !ok {
		return v
	}

	fields := strings.Fields(v)
	if len(fields) != i+1 || strings.HasSuffix(fields[i], ".") {
		return v
	}
	fields[i] += "."
	return strings.Join(fields, " ")
}
