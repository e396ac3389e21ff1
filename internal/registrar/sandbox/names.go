package sandbox

import (
	"strings"

	"github.com/proecommerce/domains/internal/registrar"
)

// outcome is what the sandbox registry does with a name, decided by its
// second-level label (the table in the README).
type outcome int

const (
	outAvailable outcome = iota
	outTaken
	outPremium
	outReject
	outFail
	outSlow
	outLocked
)

// takenLabels are labels that are always registered elsewhere.
var takenLabels = map[string]bool{"example": true, "google": true, "amazon": true}

// labelPrefixes maps a label prefix to its outcome.
var labelPrefixes = []struct {
	prefix string
	out    outcome
}{
	{"taken-", outTaken},
	{"locked-", outLocked},
	{"premium-", outPremium},
	{"reject-", outReject},
	{"fail-", outFail},
	{"slow-", outSlow},
}

// classify returns the outcome of a second-level label.
func classify(label string) outcome {
	if takenLabels[label] {
		return outTaken
	}
	for _, p := range labelPrefixes {
		if strings.HasPrefix(label, p.prefix) {
			return p.out
		}
	}
	return outAvailable
}

// registeredElsewhere reports whether the outcome stands for a name held at
// another registrar (so it is unavailable and may be transferred in).
func (o outcome) registeredElsewhere() bool { return o == outTaken || o == outLocked }

// name is a domain split into its label and the TLD it is sold under.
type name struct {
	domain string
	label  string
	price  registrar.TLDPrice
}

// parse splits domain into a second-level label and a sold TLD, trying the
// longest TLD first ("fail-x.co.uk" is label "fail-x" under "co.uk").
func (r *Registrar) parse(domain string) (name, error) {
	d := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
	if d == "" || !strings.Contains(d, ".") {
		return name{}, &registrar.Error{Kind: registrar.KindInvalid, Field: "domain",
			Message: "sandbox: " + quote(domain) + " is not a domain name"}
	}

	for i := 0; i < len(d); i++ {
		if d[i] != '.' {
			continue
		}
		p, ok := r.prices[d[i+1:]]
		if !ok {
			continue
		}
		label := d[:i]
		if err := checkLabel(label); err != nil {
			return name{}, err
		}
		return name{domain: d, label: label, price: p}, nil
	}
	return name{}, &registrar.Error{Kind: registrar.KindUnsupportedTLD, Field: "domain",
		Message: "sandbox: the TLD of " + quote(d) + " is not sold"}
}

// checkLabel applies the registry's syntax rules to one label.
func checkLabel(label string) error {
	bad := func(why string) error {
		return &registrar.Error{Kind: registrar.KindInvalid, Field: "domain",
			Message: "sandbox: label " + quote(label) + " " + why}
	}
	switch {
	case strings.Contains(label, "."):
		return bad("must be a single label under the TLD")
	case len(label) == 0 || len(label) > 63:
		return bad("must be 1 to 63 characters long")
	case label[0] == '-' || label[len(label)-1] == '-':
		return bad("may not start or end with a hyphen")
	}
	for _, c := range label {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return bad("may hold only letters, digits and hyphens")
		}
	}
	return nil
}

func quote(s string) string { return "\"" + s + "\"" }
