package portfolio

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/store"
)

// writer turns pages of listed domains into store rows.
type writer struct {
	s      *Syncer
	reg    string
	tenant string
	seenAt time.Time
	sum    *Summary
}

// write plans and saves one page in one transaction.
func (w *writer) write(ctx context.Context, page []entry) error {
	byName, err := w.held(ctx, page)
	if err != nil {
		return err
	}

	rows := make([]store.PortfolioDomain, 0, len(page))
	before := make([]*store.PortfolioDomain, 0, len(page))
	var audits []store.AuditRecord
	var touch []string
	for _, e := range page {
		w.sum.Seen++
		cur, found := pick(byName[e.summary.Domain], w.reg)
		if e.err != nil {
			w.fail(e, cur, found, &touch)
			continue
		}
		row, a := w.plan(e, cur, found)
		rows, audits = append(rows, row), append(audits, a...)
		before = append(before, nil)
		if found {
			before[len(before)-1] = &cur
		}
	}

	matched, err := w.match(ctx, rows)
	if err != nil {
		return err
	}
	for i := range rows {
		w.count(before[i], rows[i])
	}
	if err := w.s.cfg.Store.SaveSynced(ctx, rows, append(audits, matched...)); err != nil {
		return fmt.Errorf("portfolio: %w", err)
	}
	w.sum.Pages++
	return w.s.cfg.Store.TouchSeen(ctx, touch, w.seenAt)
}

// held normalises the page's names and reads the rows every tenant holds
// for them, by name.
func (w *writer) held(ctx context.Context, page []entry) (map[string][]store.PortfolioDomain, error) {
	names := make([]string, 0, len(page))
	for i := range page {
		name, err := domainname.Normalize(page[i].summary.Domain)
		if err != nil {
			page[i].err = fmt.Errorf("registrar name %q: %w", page[i].summary.Domain, err)
			continue
		}
		page[i].summary.Domain = name
		names = append(names, name)
	}

	held, err := w.s.cfg.Store.DomainsNamed(ctx, names)
	if err != nil {
		return nil, fmt.Errorf("portfolio: %w", err)
	}
	byName := make(map[string][]store.PortfolioDomain, len(held))
	for _, h := range held {
		byName[h.Name] = append(byName[h.Name], h)
	}
	return byName, nil
}

// fail counts a domain whose detail could not be read; a held one is
// still marked seen, so it is not taken for gone.
func (w *writer) fail(e entry, cur store.PortfolioDomain, found bool, touch *[]string) {
	w.sum.Errors++
	w.s.log.Warn("sync: domain skipped", "registrar", w.reg, "domain", e.summary.Domain, "err", e.err)
	if found {
		*touch = append(*touch, cur.ID)
	}
}

// pick chooses which tenant's row a listed name updates: a live row at the
// same registrar, else any live row, else any row.
func pick(rows []store.PortfolioDomain, reg string) (store.PortfolioDomain, bool) {
	for _, r := range rows {
		if r.Registrar == reg && r.Status != store.DomainGone {
			return r, true
		}
	}
	for _, r := range rows {
		if r.Status != store.DomainGone {
			return r, true
		}
	}
	if len(rows) > 0 {
		return rows[0], true
	}
	return store.PortfolioDomain{}, false
}

// plan computes the row to save for one listed domain and its audit entries.
func (w *writer) plan(e entry, cur store.PortfolioDomain,
	found bool) (store.PortfolioDomain, []store.AuditRecord) {
	now := w.s.cfg.Clock.Now().UTC()
	row := cur
	if !found {
		row = w.newRow(e.summary.Domain)
	}

	row.Registrar, row.RegistrarSeenAt = w.reg, w.seenAt
	row.Locked, row.Privacy = e.summary.Locked, e.summary.Privacy
	row.RegistrarAutoRenew = e.summary.AutoRenew
	var audits []store.AuditRecord
	audit := func(action, detail string) {
		audits = append(audits, store.AuditRecord{TenantID: row.TenantID, Actor: Actor,
			Action: action, Subject: row.Name, Detail: detail})
	}

	if why := CheckExpiry(cur.ExpiresAt, e.summary.Expires, cur.RenewalYears); why != "" {
		row.NeedsReview = true
		row.ReviewNote = fmt.Sprintf("sync %s: registrar %s reports expiry %s; kept %s (%s)",
			now.Format(time.DateOnly), w.reg, day(e.summary.Expires), day(cur.ExpiresAt), why)
		w.sum.Flagged++
		audit("sync_flagged", row.ReviewNote)
	} else {
		row.ExpiresAt = e.summary.Expires.UTC()
	}

	row.Status = w.status(row, now)
	if found && cur.Status == store.DomainGone && row.Status != store.DomainGone {
		audit("domain_back", "found again in registrar "+w.reg+"'s list")
	}
	if row.Status == store.DomainActive && row.RegistrarAutoRenew {
		w.sum.AutoRenewOn++
		audit("registrar_auto_renew_on", "registrar "+w.reg+" has auto-renew on; "+
			"the product renews after payment and keeps it off (SPEC 4)")
	}

	return row, audits
}

func (w *writer) newRow(name string) store.PortfolioDomain {
	_, tld, err := domainname.SplitTLD(name)
	if err != nil {
		tld = name[strings.LastIndex(name, ".")+1:]
	}
	return store.PortfolioDomain{Domain: store.Domain{TenantID: w.tenant, Name: name, TLD: tld,
		AutoRenew: true}}
}

// status derives our state: a domain the saga is registering or
// transferring stays in its state; otherwise the expiry decides.
func (w *writer) status(row store.PortfolioDomain, now time.Time) string {
	busy := row.Status == store.DomainPending || row.Status == store.DomainTransferring
	if busy && row.OrderItemID != "" {
		return row.Status
	}
	if !row.ExpiresAt.IsZero() && row.ExpiresAt.Before(now) {
		if row.Status == store.DomainRedemption {
			return row.Status
		}
		return store.DomainExpired
	}
	return store.DomainActive
}

// match links the page's unassigned domains to the clients that hold
// their names, one look-up per tenant, and returns the audit entries.
func (w *writer) match(ctx context.Context, rows []store.PortfolioDomain) ([]store.AuditRecord, error) {
	byTenant := map[string][]string{}
	for _, r := range rows {
		if r.ClientID == "" {
			byTenant[r.TenantID] = append(byTenant[r.TenantID], r.Name)
		}
	}
	found := map[string]map[string]store.Match{}
	for tenant, names := range byTenant {
		m, err := w.s.cfg.Store.MatchClients(ctx, tenant, names)
		if err != nil {
			return nil, fmt.Errorf("portfolio: %w", err)
		}
		found[tenant] = m
	}

	var audits []store.AuditRecord
	for i := range rows {
		r := &rows[i]
		if r.ClientID != "" {
			continue
		}
		m := found[r.TenantID][r.Name]
		if m.ClientID == "" {
			w.sum.Unassigned++
			if m.Reason != "" {
				audits = append(audits, store.AuditRecord{TenantID: r.TenantID, Actor: Actor,
					Action: "match_ambiguous", Subject: r.Name, Detail: m.Reason})
			}
			continue
		}
		r.ClientID, r.MatchReason = m.ClientID, m.Reason
		w.sum.Linked++
		audits = append(audits, store.AuditRecord{TenantID: r.TenantID, Actor: Actor,
			Action: "link_client", Subject: r.Name, Detail: m.ClientID + ": " + m.Reason})
	}
	return audits, nil
}

func (w *writer) count(before *store.PortfolioDomain, after store.PortfolioDomain) {
	switch {
	case before == nil:
		w.sum.Added++
	case changed(*before, after):
		w.sum.Updated++
	default:
		w.sum.Unchanged++
	}
}

func changed(a, b store.PortfolioDomain) bool {
	return !a.ExpiresAt.Equal(b.ExpiresAt) || a.Status != b.Status ||
		a.Registrar != b.Registrar || a.Locked != b.Locked || a.Privacy != b.Privacy ||
		a.RegistrarAutoRenew != b.RegistrarAutoRenew || a.NeedsReview != b.NeedsReview ||
		a.ClientID != b.ClientID
}

// CheckExpiry says why a registrar's expiry cannot be right, or "" when it
// may be written: a zero date, one before 1971 (an epoch default), or a
// jump past the held expiry by more than the years paid for (the imported
// renewal period, else one year) plus a day of time-zone slack.
func CheckExpiry(held, reported time.Time, yearsPaid int) string {
	switch {
	case reported.IsZero():
		return "no expiry date"
	case reported.Year() < 1971:
		return "an expiry in " + fmt.Sprint(reported.Year()) + " cannot be right"
	}
	if held.IsZero() {
		return ""
	}
	// Limitation: "the years paid for" is the imported renewal period; a
	// domain renewed through the product for several years at once is
	// checked against one year until the renewal flow records its years.
	years := max(yearsPaid, 1)
	if limit := held.AddDate(years, 0, 1); reported.After(limit) {
		return fmt.Sprintf("a jump of more than the %d year(s) paid for", years)
	}
	return ""
}

func day(t time.Time) string {
	if t.IsZero() {
		return "none"
	}
	return t.UTC().Format(time.DateOnly)
}
