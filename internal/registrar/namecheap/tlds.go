package namecheap

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/registrar/namecheap/internal/api"
)

// tldListTTL is how long the answer of domains.getTldList is reused;
// Namecheap asks callers to cache it.
const tldListTTL = 24 * time.Hour

// tldFacts is what domains.getTldList says about one TLD.
type tldFacts struct {
	minYears, maxYears int
	registerable       bool
	renewable          bool
	transferable       bool
	// privacy is false for TLDs where Namecheap disables its privacy
	// service (IsDisableWGAllot).
	privacy bool
}

// tldList returns domains.getTldList by TLD, cached for tldListTTL.
func (r *Registrar) tldList(ctx context.Context) (map[string]tldFacts, error) {
	r.mu.Lock()
	cached, at := r.tlds, r.tldsAt
	r.mu.Unlock()
	if cached != nil && r.clock.Now().Sub(at) < tldListTTL {
		return cached, nil
	}

	resp, err := r.call(ctx, "tld list", "namecheap.domains.getTldList", nil)
	if err != nil {
		return nil, err
	}
	tlds := readTLDs(resp)

	r.mu.Lock()
	r.tlds, r.tldsAt = tlds, r.clock.Now()
	r.mu.Unlock()
	return tlds, nil
}

func readTLDs(resp api.Node) map[string]tldFacts {
	out := map[string]tldFacts{}
	list, ok := resp.Find("Tlds")
	if !ok {
		return out
	}
	for _, t := range list.All("Tld") {
		name := strings.ToLower(strings.TrimPrefix(t.Attr("Name"), "."))
		if name == "" {
			continue
		}
		minY, _ := strconv.Atoi(t.Attr("MinRegisterYears"))
		maxY, _ := strconv.Atoi(t.Attr("MaxRegisterYears"))
		out[name] = tldFacts{
			minYears: minY, maxYears: maxY,
			registerable: t.Bool("IsApiRegisterable"),
			renewable:    t.Bool("IsApiRenewable"),
			transferable: t.Bool("IsApiTransferable"),
			privacy:      !t.Bool("IsDisableWGAllot"),
		}
	}
	return out
}
