package namecheap

import (
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"github.com/proecommerce/domains/internal/registrar"
)

// name is a registrable domain split the way Namecheap's SLD/TLD parameters
// want it: "example.co.uk" is SLD "example" and TLD "co.uk".
type name struct {
	Full string
	SLD  string
	TLD  string
}

// splitName normalises domain to a lower-case A-label and splits it with the
// ICANN section of the public suffix list. A name that is not exactly one
// label under an ICANN suffix is refused.
func splitName(domain string) (name, error) {
	d := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
	ascii, err := idna.Lookup.ToASCII(d)
	if err != nil || ascii == "" {
		return name{}, &registrar.Error{Kind: registrar.KindInvalid, Field: "domain",
			Message: "namecheap: " + quote(domain) + " is not a valid domain name"}
	}

	suffix, icann := publicsuffix.PublicSuffix(ascii)
	sld := strings.TrimSuffix(ascii, "."+suffix)
	if !icann || sld == ascii || sld == "" || strings.Contains(sld, ".") {
		return name{}, &registrar.Error{Kind: registrar.KindInvalid, Field: "domain",
			Message: "namecheap: " + quote(ascii) + " is not one label under a public TLD"}
	}
	return name{Full: ascii, SLD: sld, TLD: suffix}, nil
}

func quote(s string) string { return "\"" + s + "\"" }
