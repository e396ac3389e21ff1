package namecheap

import (
	"context"
	"net/url"
	"strings"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/namecheap/internal/api"
)

// checkBatch is the most names domains.check takes in one call.
const checkBatch = 50

// premiumCurrency is the currency of domains.check's premium prices.
//
// Limitation: domains.check does not name the currency of its premium
// prices; they are in the account's currency, which this adapter assumes is
// USD (Namecheap's API accounts are billed in USD).
const premiumCurrency = "USD"

// CheckAvailability checks names with domains.check, 50 names per call, and
// returns one answer per name in the order given. A name that cannot be
// split into SLD and TLD is answered StatusInvalid without a call.
func (r *Registrar) CheckAvailability(
	ctx context.Context, domains []string,
) ([]registrar.Availability, error) {
	out := make([]registrar.Availability, len(domains))
	var valid []int
	for i, d := range domains {
		n, err := splitName(d)
		if err != nil {
			out[i] = registrar.Availability{Domain: d, Status: registrar.StatusInvalid,
				Raw: err.Error()}
			continue
		}
		out[i].Domain = n.Full
		valid = append(valid, i)
	}

	for start := 0; start < len(valid); start += checkBatch {
		batch := valid[start:min(start+checkBatch, len(valid))]
		if err := r.checkBatch(ctx, out, batch); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (r *Registrar) checkBatch(ctx context.Context, out []registrar.Availability, idx []int) error {
	names := make([]string, len(idx))
	for j, i := range idx {
		names[j] = out[i].Domain
	}

	resp, err := r.call(ctx, "check", "namecheap.domains.check",
		url.Values{"DomainList": {strings.Join(names, ",")}})
	if err != nil {
		return err
	}

	answers := map[string]api.Node{}
	for _, n := range resp.All("DomainCheckResult") {
		answers[strings.ToLower(n.Attr("Domain"))] = n
	}
	for _, i := range idx {
		n, ok := answers[out[i].Domain]
		if !ok {
			out[i].Status, out[i].Raw = registrar.StatusUnknown, "no answer for this name"
			continue
		}
		out[i] = availability(out[i].Domain, n)
	}
	return nil
}

// availability reads one DomainCheckResult.
func availability(domain string, n api.Node) registrar.Availability {
	a := registrar.Availability{Domain: domain, Raw: checkRaw(n)}
	if no := n.Attr("ErrorNo"); no != "" && no != "0" {
		a.Status = registrar.StatusUnknown
		return a
	}
	if !n.Bool("Available") {
		a.Status = registrar.StatusTaken
		return a
	}
	if !n.Bool("IsPremiumName") {
		a.Status = registrar.StatusAvailable
		return a
	}

	a.Status = registrar.StatusPremium
	a.PremiumRegistration = positivePrice(n.Attr("PremiumRegistrationPrice"))
	a.PremiumRenewal = positivePrice(n.Attr("PremiumRenewalPrice"))
	return a
}

func checkRaw(n api.Node) string {
	raw := "Available=" + n.Attr("Available") + " IsPremiumName=" + n.Attr("IsPremiumName")
	if d := n.Attr("Description"); d != "" {
		raw += " " + d
	}
	return raw
}

// positivePrice parses a decimal price exactly; zero, empty or unreadable
// values are nil.
func positivePrice(s string) *money.Money {
	if s == "" {
		return nil
	}
	m, err := money.ParseRoundUp(s, premiumCurrency)
	if err != nil || m.Amount <= 0 {
		return nil
	}
	return &m
}
