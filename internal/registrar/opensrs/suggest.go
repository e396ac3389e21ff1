package opensrs

import (
	"context"
	"fmt"
	"strings"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

// suggestServices are the NAME_SUGGEST services asked for, in the order
// their results are used.
var suggestServices = []string{"lookup", "suggestion", "premium"}

type suggestItem struct {
	Domain string `ops:"domain"`
	Status string `ops:"status"`
	Price  string `ops:"price"`
}

type suggestService struct {
	Success bool          `ops:"is_success"`
	Items   []suggestItem `ops:"items"`
}

// Suggest asks NAME_SUGGEST for names like the domain's first label,
// under its TLD and the configured SuggestTLDs, and returns at most count.
func (r *Registrar) Suggest(
	ctx context.Context, domain string, count int,
) ([]registrar.Availability, error) {
	if count <= 0 {
		return nil, nil
	}

	rep, err := r.call(ctx, "NAME_SUGGEST", ops.Assoc{
		"searchstring":  ops.Str(labelOf(domain)),
		"tlds":          ops.Strings(r.suggestTLDs(domain)),
		"services":      ops.Strings(suggestServices),
		"maximum":       ops.Int(count),
		"max_wait_time": ops.Str(fmt.Sprintf("%.1f", r.cfg.SuggestWait.Seconds())),
	})
	if err != nil {
		return nil, err
	}
	return r.collectSuggestions(rep.Attributes, count)
}

func (r *Registrar) suggestTLDs(domain string) []string {
	tlds := normalizeTLDs(append([]string{tldOf(domain)}, r.cfg.SuggestTLDs...))
	out := make([]string, 0, len(tlds))
	for _, t := range tlds {
		out = append(out, "."+t)
	}
	return out
}

func (r *Registrar) collectSuggestions(
	attrs ops.Assoc, count int,
) ([]registrar.Availability, error) {
	seen := map[string]bool{}
	var out []registrar.Availability

	for _, name := range suggestServices {
		var svc suggestService
		if err := ops.Unmarshal(attrs[name], &svc); err != nil {
			return nil, fmt.Errorf("opensrs: NAME_SUGGEST %s: %w", name, err)
		}

		for _, it := range svc.Items {
			d := strings.ToLower(strings.TrimSuffix(it.Domain, "."))
			if d == "" || seen[d] || len(out) == count {
				continue
			}
			seen[d] = true
			out = append(out, r.suggestion(name, d, it))
		}
	}
	return out, nil
}

func (r *Registrar) suggestion(service, domain string, it suggestItem) registrar.Availability {
	a := registrar.Availability{Domain: domain, Raw: service + " " + it.Status}

	switch strings.ToLower(it.Status) {
	case "available":
		a.Status = registrar.StatusAvailable
	case "taken":
		a.Status = registrar.StatusTaken
	default:
		a.Status = registrar.StatusUnknown
	}

	if service == "premium" && a.Status == registrar.StatusAvailable {
		a.Status = registrar.StatusPremium
		if m, err := money.ParseRoundUp(it.Price, r.cfg.Currency); err == nil {
			a.PremiumRegistration = &m
		}
	}
	return a
}
