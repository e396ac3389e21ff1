package dnsrecord

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/miekg/dns"
)

// maxValueLen is the longest value a DNS host takes, in rdata characters
// (Route 53's limit for one value).
const maxValueLen = 4000

// ToRData converts a value in the API's presentation form into the rdata a
// DNS host stores: TXT text quoted and split into 255-octet strings, targets
// fully qualified with one trailing dot, addresses in canonical form. The
// result is checked by parsing it with miekg/dns.
func ToRData(typ, value string) (string, error) {
	typ = strings.ToUpper(strings.TrimSpace(typ))
	rdata, err := presentToRData(typ, value)
	if err != nil {
		return "", err
	}

	rdata, err = canonicalRData(".", typ, rdata)
	if err != nil {
		return "", err
	}
	if len(rdata) > maxValueLen {
		return "", errorf("the value is longer than %d characters", maxValueLen)
	}
	return rdata, nil
}

// FromRData converts a host's rdata into the API's presentation form: TXT
// strings unquoted, unescaped and joined; other types as they are.
func FromRData(typ, rdata string) (string, error) {
	if strings.EqualFold(typ, "TXT") {
		return txtFromRData(rdata), nil
	}
	return strings.TrimSpace(rdata), nil
}

// presentToRData builds zone-file rdata for one type from a client's value.
func presentToRData(typ, value string) (string, error) {
	if typ == "TXT" {
		return txtToRData(value), nil
	}

	value = strings.TrimSpace(value)
	if value == "" {
		return "", errorf("the value is empty")
	}
	switch typ {
	case "A", "AAAA":
		return addressRData(typ, value)
	case "CNAME", "NS", "PTR":
		return target(value)
	case "MX":
		return mxRData(value)
	case "SRV":
		return srvRData(value)
	case "CAA":
		return caaRData(value)
	}
	return value, nil
}

// addressRData checks an IPv4 address for A and an IPv6 one for AAAA.
func addressRData(typ, value string) (string, error) {
	addr, err := netip.ParseAddr(value)
	if err != nil || addr.Zone() != "" {
		return "", errorf("%q is not an IP address", value)
	}
	if typ == "A" && !addr.Is4() {
		return "", errorf("an A record needs an IPv4 address, not %q", value)
	}
	if typ == "AAAA" && !addr.Is6() {
		return "", errorf("an AAAA record needs an IPv6 address, not %q", value)
	}
	return addr.String(), nil
}

// target makes a host name fully qualified with exactly one trailing dot.
// A name without a dot inside is refused: it is almost always a mistake.
func target(host string) (string, error) {
	host = strings.ToLower(strings.TrimSpace(host))
	if host == "." {
		return host, nil
	}

	host = strings.TrimSuffix(host, ".")
	if !strings.Contains(host, ".") {
		return "", errorf("give the full host name (like mail.example.com), not %q", host)
	}
	ascii, err := hostToASCII(host)
	if err != nil {
		return "", err
	}
	return ascii + ".", nil
}

// mxRData checks "preference host".
func mxRData(value string) (string, error) {
	fields := strings.Fields(value)
	if len(fields) != 2 {
		return "", errorf("an MX value is a preference and a host, like \"10 mail.example.com.\"")
	}
	if _, err := strconv.ParseUint(fields[0], 10, 16); err != nil {
		return "", errorf("the MX preference %q is not a number from 0 to 65535", fields[0])
	}

	host, err := target(fields[1])
	if err != nil {
		return "", err
	}
	return fields[0] + " " + host, nil
}

// srvRData checks "priority weight port target".
func srvRData(value string) (string, error) {
	fields := strings.Fields(value)
	if len(fields) != 4 {
		return "", errorf("an SRV value is priority, weight, port and target, " +
			"like \"10 5 5060 sip.example.com.\"")
	}
	for i, name := range []string{"priority", "weight", "port"} {
		if _, err := strconv.ParseUint(fields[i], 10, 16); err != nil {
			return "", errorf("the SRV %s %q is not a number from 0 to 65535", name, fields[i])
		}
	}

	host, err := target(fields[3])
	if err != nil {
		return "", err
	}
	return strings.Join(fields[:3], " ") + " " + host, nil
}

// canonicalRData parses rdata with miekg/dns under origin and prints it
// back, with target names in lower case, so that equal data compares equal.
func canonicalRData(origin, typ, rdata string) (string, error) {
	text := "@ 3600 IN " + typ + " " + rdata + "\n"
	zp := dns.NewZoneParser(strings.NewReader(text), origin, "")
	rr, ok := zp.Next()
	if err := zp.Err(); err != nil {
		return "", errorf("%s", parserMessage(err))
	}
	if !ok || rr == nil {
		return "", errorf("the value is empty")
	}
	if _, extra := zp.Next(); extra {
		return "", errorf("the value holds more than one record")
	}
	return rdataOf(rr), nil
}

// rdataOf prints an RR's data without its header, lower-casing targets.
func rdataOf(rr dns.RR) string {
	switch r := rr.(type) {
	case *dns.CNAME:
		r.Target = strings.ToLower(r.Target)
	case *dns.NS:
		r.Ns = strings.ToLower(r.Ns)
	case *dns.MX:
		r.Mx = strings.ToLower(r.Mx)
	case *dns.SRV:
		r.Target = strings.ToLower(r.Target)
	case *dns.PTR:
		r.Ptr = strings.ToLower(r.Ptr)
	}
	return strings.TrimPrefix(rr.String(), rr.Header().String())
}

// parserMessage trims miekg/dns's position suffix from a parse error.
func parserMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "dns: ")
	if i := strings.Index(msg, " at line: "); i >= 0 {
		msg = msg[:i]
	}
	return msg
}
