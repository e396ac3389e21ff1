package route53

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53domains"
	"github.com/aws/aws-sdk-go-v2/service/route53domains/types"

	"github.com/proecommerce/domains/internal/registrar"
)

// availabilityStatus maps every DomainAvailability value to ours.
var availabilityStatus = map[types.DomainAvailability]registrar.AvailabilityStatus{
	types.DomainAvailabilityAvailable:             registrar.StatusAvailable,
	types.DomainAvailabilityUnavailable:           registrar.StatusTaken,
	types.DomainAvailabilityUnavailablePremium:    registrar.StatusPremium,
	types.DomainAvailabilityReserved:              registrar.StatusReserved,
	types.DomainAvailabilityAvailableReserved:     registrar.StatusReserved,
	types.DomainAvailabilityAvailablePreorder:     registrar.StatusReserved,
	types.DomainAvailabilityUnavailableRestricted: registrar.StatusReserved,
	types.DomainAvailabilityInvalidNameForTld:     registrar.StatusInvalid,
	types.DomainAvailabilityDontKnow:              registrar.StatusUnknown,
	types.DomainAvailabilityPending:               registrar.StatusUnknown,
}

// mapAvailability reads a raw value; anything unexpected is unknown.
func mapAvailability(raw string) registrar.AvailabilityStatus {
	if s, ok := availabilityStatus[types.DomainAvailability(raw)]; ok {
		return s
	}
	return registrar.StatusUnknown
}

// indefinite reports whether the registry gave no answer yet.
func indefinite(raw types.DomainAvailability) bool {
	return raw == types.DomainAvailabilityDontKnow || raw == types.DomainAvailabilityPending
}

// CheckAvailability checks each name with its own call, a bounded number
// at once. The first error ends the batch.
func (r *Registrar) CheckAvailability(ctx context.Context, domains []string) ([]registrar.Availability, error) {
	out := make([]registrar.Availability, len(domains))
	errs := make([]error, len(domains))
	sem := make(chan struct{}, r.workers)

	var wg sync.WaitGroup
	for i, d := range domains {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i], errs[i] = r.checkOne(ctx, d)
		}()
	}
	wg.Wait()

	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// checkOne asks about one name, asking again while the registry answers
// DONT_KNOW or PENDING, then reports unknown.
func (r *Registrar) checkOne(ctx context.Context, domain string) (registrar.Availability, error) {
	var raw types.DomainAvailability
	for attempt := 0; attempt <= r.retries; attempt++ {
		if attempt > 0 {
			if err := sleepCtx(ctx, r.wait); err != nil {
				return registrar.Availability{}, fmt.Errorf("route53 registrar: check %s: %w", domain, err)
			}
		}

		var err error
		raw, err = r.askAvailability(ctx, domain)
		if err != nil {
			return registrar.Availability{}, err
		}
		if !indefinite(raw) {
			break
		}
		r.log.Debug("availability not definite", "domain", domain, "answer", string(raw), "attempt", attempt+1)
	}

	return registrar.Availability{
		Domain: domain,
		Status: mapAvailability(string(raw)),
		Raw:    string(raw),
	}, nil
}

func (r *Registrar) askAvailability(ctx context.Context, domain string) (types.DomainAvailability, error) {
	if err := r.before(ctx); err != nil {
		return "", err
	}

	out, err := r.api.CheckDomainAvailability(ctx, &route53domains.CheckDomainAvailabilityInput{
		DomainName: aws.String(domain),
	})
	if err != nil {
		return "", mapError("check availability of "+domain, err)
	}
	return out.Availability, nil
}

// Suggest asks Route 53 for names like domain, available ones or not.
func (r *Registrar) Suggest(ctx context.Context, domain string, count int) ([]registrar.Availability, error) {
	if err := r.before(ctx); err != nil {
		return nil, err
	}

	out, err := r.api.GetDomainSuggestions(ctx, &route53domains.GetDomainSuggestionsInput{
		DomainName:      aws.String(domain),
		SuggestionCount: int32(min(max(count, 1), 50)),
		OnlyAvailable:   aws.Bool(false),
	})
	if err != nil {
		return nil, mapError("suggest names for "+domain, err)
	}

	list := make([]registrar.Availability, 0, len(out.SuggestionsList))
	for _, s := range out.SuggestionsList {
		raw := aws.ToString(s.Availability)
		list = append(list, registrar.Availability{
			Domain: aws.ToString(s.DomainName),
			Status: mapAvailability(raw),
			Raw:    raw,
		})
	}
	return list, nil
}
