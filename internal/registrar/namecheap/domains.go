package namecheap

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/namecheap/internal/api"
)

// info is what domains.getInfo tells about a domain.
type info struct {
	detail registrar.DomainDetail
	// privacy is getInfo's Whoisguard Enabled: "true", "false" or
	// "notalloted" (the TLD or domain has no privacy service).
	privacy      string
	whoisguardID string
	forwardTo    string
	premium      bool
}

// domainInfo reads domains.getInfo.
func (r *Registrar) domainInfo(ctx context.Context, domain string) (info, error) {
	n, err := splitName(domain)
	if err != nil {
		return info{}, err
	}

	resp, err := r.call(ctx, "domain detail", "namecheap.domains.getInfo",
		url.Values{"DomainName": {n.Full}})
	if err != nil {
		return info{}, err
	}
	res, err := result(resp, "DomainGetInfoResult", "domain detail")
	if err != nil {
		return info{}, err
	}
	return readInfo(n.Full, res)
}

func readInfo(domain string, res api.Node) (info, error) {
	out := info{detail: registrar.DomainDetail{Domain: domain}, premium: res.Bool("IsPremium")}
	if det, ok := res.Child("DomainDetails"); ok {
		var err error
		if out.detail.Created, err = parseDate(det.ChildText("CreatedDate")); err != nil {
			return info{}, err
		}
		if out.detail.Expires, err = parseDate(det.ChildText("ExpiredDate")); err != nil {
			return info{}, err
		}
	}

	if wg, ok := res.Child("Whoisguard"); ok {
		out.privacy = strings.ToLower(wg.Attr("Enabled"))
		out.whoisguardID = wg.ChildText("ID")
		if ed, ok := wg.Child("EmailDetails"); ok {
			out.forwardTo = ed.Attr("ForwardedTo")
		}
	}
	out.detail.Privacy = out.privacy == "true"

	if dns, ok := res.Child("DnsDetails"); ok {
		for _, ns := range dns.All("Nameserver") {
			out.detail.Nameservers = append(out.detail.Nameservers,
				strings.ToLower(strings.TrimSuffix(strings.TrimSpace(ns.Text), ".")))
		}
	}
	if strings.EqualFold(res.Attr("Status"), "Locked") {
		out.detail.Locked = true
	}
	return out, nil
}

// DomainDetail reads a domain with domains.getInfo, and its lock and
// auto-renew flags from its domains.getList row (getInfo carries neither).
func (r *Registrar) DomainDetail(
	ctx context.Context, domain string,
) (registrar.DomainDetail, error) {
	inf, err := r.domainInfo(ctx, domain)
	if err != nil {
		return registrar.DomainDetail{}, err
	}

	row, err := r.listRow(ctx, inf.detail.Domain)
	if registrar.IsKind(err, registrar.KindNotFound) {
		// getInfo found the domain, so a list without it is Namecheap's fault.
		return registrar.DomainDetail{}, &registrar.Error{Kind: registrar.KindProviderDown,
			Message: "namecheap: domain detail: " + inf.detail.Domain + " is missing from domains.getList",
			Err:     err}
	}
	if err != nil {
		return registrar.DomainDetail{}, err
	}

	d := inf.detail
	d.AutoRenew, d.Locked = row.AutoRenew, row.Locked || d.Locked
	if d.Locked {
		d.Statuses = append(d.Statuses, "clientTransferProhibited")
	}
	return d, nil
}

// listRow finds the domain's domains.getList row with SearchTerm.
func (r *Registrar) listRow(ctx context.Context, domain string) (registrar.DomainSummary, error) {
	v := url.Values{"ListType": {"ALL"}, "SearchTerm": {domain},
		"Page": {"1"}, "PageSize": {"100"}}
	resp, err := r.call(ctx, "domain detail", "namecheap.domains.getList", v)
	if err != nil {
		return registrar.DomainSummary{}, err
	}

	rows, err := summaries(resp)
	if err != nil {
		return registrar.DomainSummary{}, err
	}
	for _, s := range rows {
		if s.Domain == domain {
			return s, nil
		}
	}
	return registrar.DomainSummary{}, &registrar.Error{Kind: registrar.KindNotFound,
		Message: "namecheap: domain detail: " + domain + " is not in the account's list"}
}

// ListDomains returns one page of domains.getList. The cursor is the page
// number; the list ends when the pages read cover the TotalItems Namecheap
// reports, whatever the size of the last page.
func (r *Registrar) ListDomains(ctx context.Context, cursor string) (registrar.DomainPage, error) {
	page := 1
	if cursor != "" {
		p, err := strconv.Atoi(cursor)
		if err != nil || p < 1 {
			return registrar.DomainPage{}, &registrar.Error{Kind: registrar.KindInvalid,
				Field: "cursor", Message: "namecheap: list domains: bad cursor " + quote(cursor)}
		}
		page = p
	}

	v := url.Values{"ListType": {"ALL"}, "SortBy": {"NAME"}, "Page": {strconv.Itoa(page)},
		"PageSize": {strconv.Itoa(r.pageSize)}}
	resp, err := r.call(ctx, "list domains", "namecheap.domains.getList", v)
	if err != nil {
		return registrar.DomainPage{}, err
	}

	rows, err := summaries(resp)
	if err != nil {
		return registrar.DomainPage{}, err
	}
	// The list ends on the reported total, not on a short page; an empty
	// page ends it too, so a total that never fills cannot loop forever.
	out := registrar.DomainPage{Domains: rows}
	if page*r.pageSize < totalItems(resp) && len(rows) > 0 {
		out.NextCursor = strconv.Itoa(page + 1)
	}
	return out, nil
}

func totalItems(resp api.Node) int {
	paging, ok := resp.Find("Paging")
	if !ok {
		return 0
	}
	n, _ := strconv.Atoi(paging.ChildText("TotalItems"))
	return n
}

// summaries reads the Domain rows of a domains.getList answer.
func summaries(resp api.Node) ([]registrar.DomainSummary, error) {
	res, ok := resp.Find("DomainGetListResult")
	if !ok {
		return nil, nil
	}

	var out []registrar.DomainSummary
	for _, d := range res.All("Domain") {
		exp, err := parseDate(d.Attr("Expires"))
		if err != nil {
			return nil, err
		}
		out = append(out, registrar.DomainSummary{
			Domain:    strings.ToLower(d.Attr("Name")),
			Expires:   exp,
			AutoRenew: d.Bool("AutoRenew"),
			Locked:    d.Bool("IsLocked"),
			Privacy:   strings.EqualFold(d.Attr("WhoisGuard"), "ENABLED"),
		})
	}
	return out, nil
}

// Renew renews with domains.renew, which completes synchronously. It first
// reads the expiry date: if it is already past currentExpiryYear the
// renewal happened (a replay) and no second one is bought.
//
// Limitation: premium domains renew at a premium price that domains.renew
// wants as PremiumPrice; the adapter does not know it and Namecheap refuses.
func (r *Registrar) Renew(
	ctx context.Context, domain string, currentExpiryYear, years int,
) (registrar.Operation, error) {
	if years < 1 || years > 10 {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindInvalid, Field: "years",
			Message: "namecheap: renew: years must be within 1–10"}
	}

	inf, err := r.domainInfo(ctx, domain)
	if err != nil {
		return registrar.Operation{}, err
	}

	d := inf.detail.Domain
	op := r.syncOp(registrar.OpRenew, d, strconv.Itoa(currentExpiryYear))
	switch y := inf.detail.Expires.Year(); {
	case y > currentExpiryYear:
		op.Message = "already renewed: expiry is in " + strconv.Itoa(y)
		return op, nil
	case y < currentExpiryYear:
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindInvalid,
			Field:   "current_expiry_year",
			Message: "namecheap: renew: " + d + " expires in " + strconv.Itoa(y)}
	}

	resp, err := r.call(ctx, "renew", "namecheap.domains.renew",
		url.Values{"DomainName": {d}, "Years": {strconv.Itoa(years)}})
	if err != nil {
		return registrar.Operation{}, err
	}
	res, err := result(resp, "DomainRenewResult", "renew")
	if err != nil {
		return registrar.Operation{}, err
	}

	if !res.Bool("Renew") {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindProviderDown,
			Message: "namecheap: renew: " + d + " was not renewed"}
	}
	r.log.InfoContext(ctx, "domain renewed", "domain", d, "years", years,
		"charged_amount", res.Attr("ChargedAmount"))
	return op, nil
}
