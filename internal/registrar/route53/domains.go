package route53

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53domains"

	"github.com/proecommerce/domains/internal/registrar"
)

// transferProhibited is the EPP status a transfer lock sets.
const transferProhibited = "clientTransferProhibited"

// listPageSize is the most ListDomains returns in one page.
const listPageSize = 100

// DomainDetail reads one domain. GetDomainDetail has no lock field, so the
// lock is read from the EPP statuses; privacy is on when every contact
// that reports a flag has it on.
func (r *Registrar) DomainDetail(ctx context.Context, domain string) (registrar.DomainDetail, error) {
	if err := r.before(ctx); err != nil {
		return registrar.DomainDetail{}, err
	}

	out, err := r.api.GetDomainDetail(ctx, &route53domains.GetDomainDetailInput{
		DomainName: aws.String(domain),
	})
	if err != nil {
		return registrar.DomainDetail{}, asNotFound(mapError("domain detail of "+domain, err))
	}

	d := registrar.DomainDetail{
		Domain:    strings.ToLower(aws.ToString(out.DomainName)),
		Created:   aws.ToTime(out.CreationDate),
		Expires:   aws.ToTime(out.ExpirationDate),
		AutoRenew: aws.ToBool(out.AutoRenew),
		Locked:    slices.Contains(out.StatusList, transferProhibited),
		Privacy:   allOn(out.RegistrantPrivacy, out.AdminPrivacy, out.TechPrivacy, out.BillingPrivacy),
		Statuses:  out.StatusList,
	}
	if d.Domain == "" {
		d.Domain = domain
	}
	for _, ns := range out.Nameservers {
		d.Nameservers = append(d.Nameservers, strings.ToLower(aws.ToString(ns.Name)))
	}
	return d, nil
}

// allOn is true when at least one flag is set and every set flag is true.
func allOn(flags ...*bool) bool {
	seen := false
	for _, f := range flags {
		if f == nil {
			continue
		}
		if !*f {
			return false
		}
		seen = true
	}
	return seen
}

// ListDomains returns one page of up to 100 domains; the cursor is Route
// 53's NextPageMarker. The list carries no privacy, so HasDetail is false.
func (r *Registrar) ListDomains(ctx context.Context, cursor string) (registrar.DomainPage, error) {
	if err := r.before(ctx); err != nil {
		return registrar.DomainPage{}, err
	}

	in := &route53domains.ListDomainsInput{MaxItems: aws.Int32(listPageSize)}
	if cursor != "" {
		in.Marker = aws.String(cursor)
	}
	out, err := r.api.ListDomains(ctx, in)
	if err != nil {
		return registrar.DomainPage{}, mapError("list domains", err)
	}

	page := registrar.DomainPage{NextCursor: aws.ToString(out.NextPageMarker)}
	for _, d := range out.Domains {
		page.Domains = append(page.Domains, registrar.DomainSummary{
			Domain:    strings.ToLower(aws.ToString(d.DomainName)),
			Expires:   aws.ToTime(d.Expiry),
			AutoRenew: aws.ToBool(d.AutoRenew),
			Locked:    aws.ToBool(d.TransferLock),
		})
	}
	return page, nil
}
