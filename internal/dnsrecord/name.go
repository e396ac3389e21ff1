package dnsrecord

import (
	"strings"

	"golang.org/x/net/idna"

	"github.com/proecommerce/domains/internal/validate"
)

// Longest name and label, in octets, without the final dot.
const (
	maxNameLen  = 253
	maxLabelLen = 63
)

// NormalizeName resolves a record name typed by a client against the zone
// and returns it fully qualified with its trailing dot, in lower-case
// A-labels. "" and "@" are the apex; a name ending in a dot is absolute; a
// name without one that does not end in the zone is relative to it. The
// name must lie inside the zone. Errors are *validate.FieldError on "name".
func NormalizeName(zone, input string) (string, error) {
	zone = zoneName(zone)
	name := strings.TrimSpace(input)

	switch {
	case name == "" || name == "@":
		name = zone
	case strings.HasSuffix(name, "."):
		name = strings.TrimSuffix(name, ".")
	case !inZone(strings.ToLower(name), zone):
		name = name + "." + zone
	}

	ascii, err := ownerToASCII(name)
	if err != nil {
		return "", err
	}
	if !inZone(ascii, zone) {
		return "", validate.Invalid("name", "%s is not inside the zone %s", ascii, zone)
	}
	return ascii + ".", nil
}

// APIName returns a host's fully qualified name as the API shows it:
// lower case, without the trailing dot, with a wildcard label as "*".
func APIName(fqdn string) string {
	return strings.TrimSuffix(canonicalName(fqdn), ".")
}

// canonicalName lower-cases a fully qualified name, keeps its trailing dot
// and turns Route 53's escaped wildcard "\052" back into "*".
func canonicalName(fqdn string) string {
	name := strings.ToLower(strings.TrimSpace(fqdn))
	if strings.HasPrefix(name, `\052.`) || name == `\052` {
		name = "*" + strings.TrimPrefix(name, `\052`)
	}
	if !strings.HasSuffix(name, ".") {
		name += "."
	}
	return name
}

// zoneName lower-cases a zone's domain and drops its trailing dot.
func zoneName(zone string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(zone)), ".")
}

// inZone reports whether name (no trailing dot) is zone or below it.
func inZone(name, zone string) bool {
	return name == zone || strings.HasSuffix(name, "."+zone)
}

// ownerToASCII checks an owner name's labels and converts Unicode labels to
// A-labels. Underscores are allowed, and "*" as the whole first label.
func ownerToASCII(name string) (string, error) {
	if strings.HasPrefix(name, `\052`) {
		name = "*" + strings.TrimPrefix(name, `\052`)
	}
	labels := strings.Split(name, ".")
	for i, label := range labels {
		ascii, err := labelToASCII(label, i == 0)
		if err != nil {
			return "", validate.Invalid("name", "%s", err.Error())
		}
		labels[i] = ascii
	}

	out := strings.Join(labels, ".")
	if len(out) > maxNameLen {
		return "", validate.Invalid("name", "the name is longer than %d characters", maxNameLen)
	}
	return out, nil
}

// hostToASCII checks a target host name (no wildcard, no trailing dot) and
// converts it to lower-case A-labels.
func hostToASCII(host string) (string, error) {
	labels := strings.Split(host, ".")
	for i, label := range labels {
		if label == "*" {
			return "", errorf("a target cannot be a wildcard")
		}
		ascii, err := labelToASCII(label, false)
		if err != nil {
			return "", err
		}
		labels[i] = ascii
	}

	out := strings.Join(labels, ".")
	if len(out) > maxNameLen {
		return "", errorf("the host name is longer than %d characters", maxNameLen)
	}
	return out, nil
}

// labelToASCII validates one label and returns it in lower-case A-label form.
func labelToASCII(label string, first bool) (string, error) {
	if label == "" {
		return "", errorf("the name has an empty label")
	}
	if label == "*" {
		if !first {
			return "", errorf("a wildcard * must be the whole first label")
		}
		return label, nil
	}

	if !isASCII(label) {
		ascii, err := idna.Lookup.ToASCII(label)
		if err != nil {
			return "", errorf("the label %q is not a valid international name", label)
		}
		label = ascii
	}
	return checkASCIILabel(strings.ToLower(label))
}

// checkASCIILabel allows letters, digits, hyphens inside and underscores.
func checkASCIILabel(label string) (string, error) {
	if len(label) > maxLabelLen {
		return "", errorf("the label %q is longer than %d characters", label, maxLabelLen)
	}
	if strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
		return "", errorf("the label %q starts or ends with a hyphen", label)
	}
	for _, r := range label {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_'
		if !ok {
			return "", errorf("the label %q holds the character %q", label, r)
		}
	}
	return label, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
