package domainname

import (
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Name is a registrable domain name in its A-label and display forms.
type Name struct {
	ASCII   string // lower-case A-label form, no trailing dot: "xn--bcher-kva.example"
	Unicode string // display form: "bücher.example"
	Label   string // the registrable label (A-label): "xn--bcher-kva"
	TLD     string // the ICANN public suffix (A-label): "example", "co.uk"
}

// Parse normalises the input and requires it to be exactly one label under
// its ICANN public suffix. Private suffixes of the list (github.io) are not
// TLDs, so foo.github.io is refused; so is a bare TLD. A TLD missing from the
// list counts as a one-label suffix, as the list's default rule says: Parse
// does not decide whether we sell the TLD, the caller does.
func Parse(input string) (Name, error) {
	ascii, err := Normalize(input)
	if err != nil {
		return Name{}, err
	}

	label, tld, err := splitTLD(input, ascii)
	if err != nil {
		return Name{}, err
	}
	return Name{ASCII: ascii, Unicode: ToUnicode(ascii), Label: label, TLD: tld}, nil
}

// SplitTLD returns the registrable label and the ICANN public suffix of an
// already-normalised name ("example.co.uk" gives "example" and "co.uk"). A
// name that is not exactly one label under its suffix is an *Error with rule
// "not_registrable".
func SplitTLD(ascii string) (label, tld string, err error) {
	return splitTLD(ascii, ascii)
}

func splitTLD(input, ascii string) (string, string, error) {
	if ascii == "" {
		return "", "", refuse(input, RuleEmpty, "is empty")
	}

	tld := icannSuffix(ascii)
	if tld == ascii {
		return "", "", refuse(input, RuleNotRegistrable,
			"is the public suffix %q itself, not a name under it", tld)
	}

	label := strings.TrimSuffix(ascii, "."+tld)
	if label == "" || strings.Contains(label, ".") {
		return "", "", refuse(input, RuleNotRegistrable,
			"is not one label under the public suffix %q (the registrable name is %q)",
			tld, lastLabel(label)+"."+tld)
	}
	return label, tld, nil
}

// icannSuffix returns the longest suffix of name that the ICANN section of
// the public suffix list makes public. publicsuffix answers with private
// suffixes too (github.io); for those we drop the leftmost label and ask
// again until the answer is an ICANN one or a single unlisted label.
func icannSuffix(name string) string {
	for {
		suffix, icann := publicsuffix.PublicSuffix(name)
		if icann || !strings.Contains(suffix, ".") {
			return suffix
		}
		_, name, _ = strings.Cut(suffix, ".")
	}
}

func lastLabel(labels string) string {
	return labels[strings.LastIndex(labels, ".")+1:]
}

// ToUnicode returns the display form of an A-label name. Labels that do not
// decode are shown as they are, so the result is always printable.
func ToUnicode(ascii string) string {
	labels := strings.Split(ascii, ".")
	for i, label := range labels {
		if !strings.HasPrefix(label, acePrefix) {
			continue
		}
		if u, err := idna.Registration.ToUnicode(label); err == nil {
			labels[i] = u
		}
	}
	return strings.Join(labels, ".")
}
