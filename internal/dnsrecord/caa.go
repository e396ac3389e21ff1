package dnsrecord

import (
	"strconv"
	"strings"
)

// caaTags are the property tags a CAA record may carry (RFC 8659, RFC 9495).
var caaTags = map[string]bool{"issue": true, "issuewild": true, "iodef": true, "issuemail": true}

// caaRData checks "flags tag value" and quotes the value.
func caaRData(value string) (string, error) {
	flags, rest, _ := strings.Cut(value, " ")
	tag, val, _ := strings.Cut(strings.TrimSpace(rest), " ")
	tag = strings.ToLower(tag)
	val = strings.TrimSpace(val)
	if flags == "" || tag == "" || val == "" {
		return "", errorf("a CAA value is flags, tag and value, like 0 issue \"ca.example.net\"")
	}

	n, err := strconv.ParseUint(flags, 10, 8)
	if err != nil || (n != 0 && n != 128) {
		return "", errorf("the CAA flags %q must be 0 or 128", flags)
	}
	if !caaTags[tag] {
		return "", errorf("the CAA tag %q is not one of issue, issuewild, iodef, issuemail", tag)
	}

	val = unquote(val)
	if err := checkCAAValue(tag, val); err != nil {
		return "", err
	}
	return flags + " " + tag + " " + `"` + escapeTXT([]byte(val)) + `"`, nil
}

// checkCAAValue checks the value against what its tag expects.
func checkCAAValue(tag, val string) error {
	if tag == "iodef" {
		if !strings.HasPrefix(val, "mailto:") && !strings.HasPrefix(val, "https://") &&
			!strings.HasPrefix(val, "http://") {
			return errorf("a CAA iodef value is a mailto: or https:// address, not %q", val)
		}
		return nil
	}

	issuer, _, _ := strings.Cut(val, ";")
	issuer = strings.TrimSpace(issuer)
	if issuer == "" {
		return nil
	}
	if _, err := hostToASCII(strings.TrimSuffix(issuer, ".")); err != nil {
		return errorf("the CAA issuer %q is not a domain name", issuer)
	}
	return nil
}

// unquote removes surrounding double quotes and decodes escapes inside.
func unquote(s string) string {
	if len(s) >= 2 && strings.HasPrefix(s, `"`) && strings.HasSuffix(s, `"`) {
		return txtFromRData(s)
	}
	return s
}
