package sandbox

import (
	"context"
	"strings"

	"github.com/proecommerce/domains/internal/registrar"
)

// suggestTLDs are the TLDs suggestions are drawn from, as a new tenant
// features them.
var suggestTLDs = []string{"com", "net", "org", "io", "co", "dev", "app", "ai", "xyz",
	"online", "store", "shop"}

// Suggest offers up to count names built from the label of domain (or from
// a bare word) across the featured TLDs the sandbox sells, with their
// availability. The name asked about is left out.
func (r *Registrar) Suggest(ctx context.Context, domain string, count int) ([]registrar.Availability, error) {
	if count <= 0 {
		count = 10
	}
	word := normal(domain)
	if n, err := r.parse(word); err == nil {
		word = n.label
	}
	word, _, _ = strings.Cut(word, ".")
	if err := checkLabel(word); err != nil {
		return nil, err
	}

	variants := []string{word, "get" + word, word + "hq", "my" + word, word + "-online"}
	var out []registrar.Availability
	for _, v := range variants {
		for _, tld := range suggestTLDs {
			d := v + "." + tld
			if _, sold := r.prices[tld]; !sold || d == normal(domain) || len(v) > 63 {
				continue
			}
			a, err := r.availability(ctx, d)
			if err != nil {
				return nil, err
			}
			if out = append(out, a); len(out) == count {
				return out, nil
			}
		}
	}
	return out, nil
}
