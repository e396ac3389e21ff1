package whmcs

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/store"
)

var domainCols = []string{"id", "userid", "domain", "recurringamount", "registrar",
	"registrationperiod", "expirydate", "status", "nextduedate", "idprotection", "donotrenew"}

// statuses maps WHMCS's tbldomains.status to ours (SPEC 11). Grace and
// Redemption, which older exports lack, map to the nearest of ours.
var statuses = map[string]string{
	"active":               store.DomainActive,
	"pending":              store.DomainPending,
	"pending registration": store.DomainPending,
	"pending transfer":     store.DomainTransferring,
	"expired":              store.DomainExpired,
	"grace":                store.DomainExpired,
	"redemption":           store.DomainRedemption,
	"cancelled":            store.DomainGone,
	"transferred away":     store.DomainGone,
	"fraud":                store.DomainGone,
}

// domain imports one tbldomains row.
func (r *run) domain(ctx context.Context, row Row) error {
	d, err := r.domainRow(row)
	if err != nil {
		return err
	}
	cur, found, err := r.held(ctx, d.Name)
	if err != nil {
		return err
	}

	if found && supersedes(cur, d) {
		r.rep.Superseded++
		return r.remember(ctx, row, d, cur.ID)
	}
	if found {
		d = merge(cur, d)
	}
	r.count(d, cur, found)
	if found && !differs(cur, d) {
		return r.remember(ctx, row, d, cur.ID)
	}
	if r.opts.DryRun {
		r.dry[d.Name] = d
		return nil
	}
	saved, err := r.im.Store.SaveImported(ctx, d)
	if err != nil {
		return err
	}
	if err := r.doNotRenew(ctx, row, d, saved.ID); err != nil {
		return err
	}
	return r.remember(ctx, row, d, saved.ID)
}

// ImportActor names the import in the records it leaves.
const ImportActor = "whmcs-import"

// doNotRenew records WHMCS's "do not renew" on a live domain as the
// client's decision not to renew: no renewal invoice is made for it and
// any open one is cancelled, as when a client cancels in the portal.
//
// Limitation: the registrar's own auto-renew is left as it is; the next
// sync reports it when it is on.
func (r *run) doNotRenew(ctx context.Context, row Row, d store.PortfolioDomain, id string) error {
	if row.Get("donotrenew") != "1" || d.Status == store.DomainGone {
		return nil
	}
	if _, err := r.im.Store.CancelRenewal(ctx, r.tenant.ID, id, ImportActor); err != nil {
		return fmt.Errorf("whmcs: do not renew %s: %w", d.Name, err)
	}
	return nil
}

// held reads the tenant's domain of that name; a dry run also sees the
// rows it would have written.
func (r *run) held(ctx context.Context, name string) (store.PortfolioDomain, bool, error) {
	cur, err := r.im.Store.PortfolioDomain(ctx, r.tenant.ID, name)
	if errors.Is(err, store.ErrNotFound) {
		cur, ok := r.dry[name]
		return cur, ok, nil
	}
	return cur, err == nil, err
}

func (r *run) count(d, cur store.PortfolioDomain, found bool) {
	switch {
	case !found:
		r.rep.DomainsCreated++
	case differs(cur, d):
		r.rep.DomainsUpdated++
	default:
		r.rep.DomainsUnchanged++
	}
	if d.NeedsReview {
		r.rep.Flagged++
	}
	if d.ClientID == "" && (!found || cur.ClientID == "") {
		r.rep.Unassigned++
	}
}

// remember records what the row became and the name as one held for its
// client, so a sync that finds the name links it.
func (r *run) remember(ctx context.Context, row Row, d store.PortfolioDomain, localID string) error {
	if r.opts.DryRun {
		return nil
	}
	if d.ClientID != "" {
		if _, err := r.im.Store.AddClientService(ctx, r.tenant.ID, d.ClientID, d.Name,
			"whmcs:domain:"+row.Get("id")); err != nil {
			return err
		}
	}
	return r.im.Store.PutWHMCSLocal(ctx, r.tenant.ID, "domain", row.Get("id"), localID)
}

// domainRow turns a row into the domain it describes, or refuses it.
func (r *run) domainRow(row Row) (store.PortfolioDomain, error) {
	name, err := domainname.Normalize(row.Get("domain"))
	if err != nil {
		return store.PortfolioDomain{}, refusef("domain %q: %v", row.Get("domain"), err)
	}
	status, ok := statuses[strings.ToLower(row.Get("status"))]
	if !ok {
		return store.PortfolioDomain{}, refusef("status %q is not a WHMCS domain status", row.Get("status"))
	}
	years, err := strconv.Atoi(row.Get("registrationperiod"))
	if err != nil || years < 1 || years > 10 {
		return store.PortfolioDomain{}, refusef("registrationperiod %q is not 1–10 years",
			row.Get("registrationperiod"))
	}
	expires, err := ParseDate(row.Get("expirydate"))
	if err != nil {
		return store.PortfolioDomain{}, refusef("expirydate: %v", err)
	}
	due, err := ParseDate(row.Get("nextduedate"))
	if err != nil {
		return store.PortfolioDomain{}, refusef("nextduedate: %v", err)
	}

	d := store.PortfolioDomain{Domain: store.Domain{TenantID: r.tenant.ID, Name: name,
		TLD: tldOf(name), Status: status, Registrar: strings.ToLower(row.Get("registrar")),
		ExpiresAt: expires, AutoRenew: row.Get("donotrenew") != "1",
		Privacy: row.Get("idprotection") == "1"},
		RenewalYears: years, SourceStatus: row.Get("status"), NextDueAt: due,
		ImportRef: "whmcs:" + row.Get("id")}
	if err := r.owner(row, &d); err != nil {
		return d, err
	}
	r.review(&d)
	return d, nil
}

// owner sets the client and the recurring amount in its currency. A row
// with no known client stays unassigned; its amount, in no stated
// currency, is taken as the tenant's and flagged.
func (r *run) owner(row Row, d *store.PortfolioDomain) error {
	currency := r.tenant.Settings.Currency
	u, ok := r.clients[row.Get("userid")]
	if ok {
		currency = u.Currency
		d.ClientID, d.MatchReason = u.ID, "WHMCS client "+row.Get("userid")+" (whmcs:"+row.Get("id")+")"
	} else {
		d.NeedsReview = true
		d.ReviewNote = "WHMCS client " + row.Get("userid") + " is not in the export: unassigned; " +
			"recurring amount taken as " + currency
	}
	amount, err := money.Parse(row.Get("recurringamount"), currency)
	if err != nil {
		return refusef("recurringamount %q in %s: %v", row.Get("recurringamount"), currency, err)
	}
	d.RenewalAmount, d.RenewalCurrency = &amount.Amount, currency
	return nil
}

// review flags a live domain at a registrar we have no adapter for: it is
// billed as usual, but renewing it at the registrar is the operator's job.
func (r *run) review(d *store.PortfolioDomain) {
	if d.Status == store.DomainGone || Adapters[d.Registrar] {
		return
	}
	why := "registrar " + d.Registrar + " has no adapter here: renew it there by hand"
	if d.Registrar == "" {
		why = "WHMCS names no registrar: choose one before it renews"
	}
	d.NeedsReview = true
	if d.ReviewNote != "" {
		why = d.ReviewNote + "; " + why
	}
	d.ReviewNote = why
}

func tldOf(name string) string {
	if _, tld, err := domainname.SplitTLD(name); err == nil {
		return tld
	}
	return name[strings.LastIndex(name, ".")+1:]
}

// supersedes reports whether the held row wins over the new one for the
// same name: a live domain beats a gone one; between two alike, the
// newer WHMCS row (the higher id) wins. A row not from WHMCS never yields.
func supersedes(cur, d store.PortfolioDomain) bool {
	if cur.ImportRef == "" || cur.ImportRef == d.ImportRef || !strings.HasPrefix(cur.ImportRef, "whmcs:") {
		return false
	}
	curLive, newLive := cur.Status != store.DomainGone, d.Status != store.DomainGone
	if curLive != newLive {
		return curLive
	}
	return refID(cur.ImportRef) > refID(d.ImportRef)
}

func refID(ref string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(ref, "whmcs:"))
	return n
}

// merge keeps what the product learnt of a domain from elsewhere: for a
// domain an order or a sync made, or one a sync has read or found missing
// since, the registrar's facts (status, registrar, expiry, privacy, review
// flag) stay, and the export gives only the billing facts. A client already
// linked stays.
func merge(cur, d store.PortfolioDomain) store.PortfolioDomain {
	d.ID = cur.ID
	synced := cur.ImportRef == "" || !cur.RegistrarSeenAt.IsZero() ||
		strings.HasPrefix(cur.SourceStatus, "missing at ")
	if synced {
		d.Status, d.Registrar, d.ExpiresAt, d.Privacy = cur.Status, cur.Registrar, cur.ExpiresAt, cur.Privacy
		d.NeedsReview, d.ReviewNote, d.SourceStatus = cur.NeedsReview, cur.ReviewNote, cur.SourceStatus
	}
	if cur.ClientID != "" {
		d.ClientID, d.MatchReason = cur.ClientID, cur.MatchReason
	}
	return d
}

// differs reports whether saving d would change the held row.
func differs(cur, d store.PortfolioDomain) bool {
	return cur.Status != d.Status || cur.Registrar != d.Registrar || !cur.ExpiresAt.Equal(d.ExpiresAt) ||
		cur.AutoRenew != d.AutoRenew || cur.Privacy != d.Privacy || cur.NeedsReview != d.NeedsReview ||
		cur.ReviewNote != d.ReviewNote || cur.ClientID != d.ClientID ||
		!sameAmount(cur.RenewalAmount, d.RenewalAmount) || cur.RenewalCurrency != d.RenewalCurrency ||
		cur.RenewalYears != d.RenewalYears || cur.SourceStatus != d.SourceStatus ||
		!cur.NextDueAt.Equal(d.NextDueAt) || cur.ImportRef != d.ImportRef
}

func sameAmount(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
