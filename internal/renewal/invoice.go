package renewal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/store"
)

// Planned is one domain a run invoices (or, in a dry run, would invoice).
type Planned struct {
	DomainID string
	Domain   string
	ClientID string
	Expiry   time.Time
	DueAt    time.Time
	Kind     string
	Amount   money.Money
	// Created is false when another run made the invoice first.
	Created bool
	// Skipped says why the domain was not invoiced ("" when it was).
	Skipped string
	// Years is the renewal period.
	Years int
}

// importedPrice is an imported domain's recurring amount for a normal
// renewal, when it is in the client's currency.
func importedPrice(d store.DueDomain, client store.User, kind string) (money.Money, bool) {
	if d.RenewalAmount == nil || kind != "renewal" {
		return money.Money{}, false
	}
	cur := d.RenewalCurrency
	if cur == "" {
		cur = client.Currency
	}
	if cur != client.Currency {
		return money.Money{}, false
	}
	return money.New(*d.RenewalAmount, cur), true
}

// yearsOf is the renewal period: the imported one for a normal renewal of
// an imported domain, else one year.
func yearsOf(d store.DueDomain, kind string) int {
	if d.RenewalYears > 0 && d.RenewalAmount != nil && kind == "renewal" {
		return d.RenewalYears
	}
	return 1
}

// RunResult sums up an invoicing run.
type RunResult struct {
	AsOf     time.Time
	From, To time.Time
	DryRun   bool
	Planned  []Planned
	// Created counts invoices written by this run; Existing those another
	// run wrote meanwhile; Skipped the domains that could not be priced.
	Created, Existing, Skipped int
	// Queries counts the database reads of due domains (pages).
	Queries int
}

// runState caches what a run looks up once per tenant, client and TLD.
type runState struct {
	tenants map[string]store.Tenant
	clients map[string]store.User
	offers  map[string]offerResult
}

type offerResult struct {
	offer catalog.Offer
	err   error
}

// InvoiceRun invoices every active domain with a client whose expiry falls
// within the window of asOf and has no renewal invoice for the period
// starting at its expiry. A dry run writes nothing. keep, when set, receives
// each planned domain instead of the result collecting them all.
func (s *Service) InvoiceRun(ctx context.Context, asOf time.Time, dryRun bool,
	keep func(Planned)) (RunResult, error) {
	res := RunResult{AsOf: Day(asOf), DryRun: dryRun}
	res.From, res.To = Window(asOf, s.cfg.WindowDays)
	if err := s.invoiceWindow(ctx, &res, keep); err != nil {
		return res, err
	}
	return res, s.finishRun(ctx, res)
}

// CatchUp invoices the domains no monthly run will reach: those expiring
// from today until the next run's window opens (the next 1st) that have
// no renewal invoice, because they were added, found at a registrar or
// imported after the run that would have invoiced them. The run of the
// 1st looked 45 days ahead, past the next 1st, so nothing else is missed.
// It writes no run record, so missed monthly runs are still made up.
func (s *Service) CatchUp(ctx context.Context) (RunResult, error) {
	now := s.now()
	res := RunResult{AsOf: Day(now), From: Day(now), To: MonthlySchedule{}.Next(now)}
	err := s.invoiceWindow(ctx, &res, func(Planned) {})
	if err == nil && res.Created > 0 {
		s.logger.Info("renewal invoices caught up", slog.Int("created", res.Created),
			slog.Int("skipped", res.Skipped))
	}
	return res, err
}

// invoiceWindow invoices every due domain expiring in [res.From, res.To),
// a page at a time, as of res.AsOf. keep, when set, receives each planned
// domain instead of res collecting them all.
func (s *Service) invoiceWindow(ctx context.Context, res *RunResult, keep func(Planned)) error {
	if keep == nil {
		keep = func(p Planned) { res.Planned = append(res.Planned, p) }
	}
	st := &runState{tenants: map[string]store.Tenant{}, clients: map[string]store.User{},
		offers: map[string]offerResult{}}

	var cur store.DueCursor
	for {
		page, err := s.store.DueDomains(ctx, res.From, res.To, cur, s.cfg.BatchSize)
		res.Queries++
		if err != nil {
			return fmt.Errorf("renewal: invoice run: %w", err)
		}
		for _, d := range page {
			p, err := s.invoiceOne(ctx, st, res.AsOf, d, res.DryRun)
			if err != nil {
				return err
			}
			res.count(p)
			keep(p)
		}
		if len(page) < s.cfg.BatchSize {
			return nil
		}
		last := page[len(page)-1]
		cur = store.DueCursor{ExpiresAt: last.ExpiresAt, ID: last.ID}
	}
}

func (r *RunResult) count(p Planned) {
	switch {
	case p.Skipped != "":
		r.Skipped++
	case p.Created:
		r.Created++
	case !r.DryRun:
		r.Existing++
	}
}

func (s *Service) finishRun(ctx context.Context, res RunResult) error {
	if res.DryRun {
		return nil
	}
	if err := s.store.RecordRenewalRun(ctx, res.AsOf, store.RunKindRun, res.Created); err != nil {
		return fmt.Errorf("renewal: %w", err)
	}
	s.logger.Info("renewal invoices run", slog.String("as_of", res.AsOf.Format(time.DateOnly)),
		slog.Int("created", res.Created), slog.Int("existing", res.Existing),
		slog.Int("skipped", res.Skipped))
	return nil
}

// invoiceOne prices one due domain and, unless dryRun, writes its invoice.
// An imported domain renews at its imported recurring amount and period
// until the operator resets it to the list price.
//
// Limitation: a TLD the tenant no longer sells is skipped (reported) rather
// than renewed at its last price.
func (s *Service) invoiceOne(ctx context.Context, st *runState, asOf time.Time, d store.DueDomain,
	dryRun bool) (Planned, error) {
	p := Planned{DomainID: d.ID, Domain: d.Name, ClientID: d.ClientID, Expiry: d.ExpiresAt}
	offer, client, err := s.lookup(ctx, st, d)
	if err != nil {
		return p, err
	}
	if offer.err != nil {
		p.Skipped = offer.err.Error()
		return p, nil
	}
	kind, price, err := Price(PhaseAt(d.ExpiresAt, asOf, offer.offer.Cost), offer.offer)
	if err != nil {
		p.Skipped = err.Error()
		return p, nil
	}
	if imported, ok := importedPrice(d, client, kind); ok {
		price = imported
	}
	p.Kind, p.Amount, p.Years = kind, price, yearsOf(d, kind)
	p.DueAt = DueDate(asOf, d.ExpiresAt, offer.offer.Cost.RenewUntilDay)
	if dryRun {
		return p, nil
	}

	p.Created, err = s.write(ctx, d, client, p)
	if err != nil {
		return p, err
	}
	if p.Created {
		s.logger.Info("renewal invoiced", slog.String("domain", d.Name),
			slog.String("amount", p.Amount.String()), slog.Time("due_at", p.DueAt))
	}
	return p, nil
}

// lookup returns the offer for the domain's TLD in its client's currency.
// A TLD not sold is a skip (in offer.err), not a failure of the run.
func (s *Service) lookup(ctx context.Context, st *runState,
	d store.DueDomain) (offerResult, store.User, error) {
	t, ok := st.tenants[d.TenantID]
	if !ok {
		var err error
		if t, err = s.store.Tenant(ctx, d.TenantID); err != nil {
			return offerResult{}, store.User{}, fmt.Errorf("renewal: %w", err)
		}
		st.tenants[d.TenantID] = t
	}
	u, ok := st.clients[d.ClientID]
	if !ok {
		var err error
		if u, err = s.store.User(ctx, d.TenantID, d.ClientID); err != nil {
			return offerResult{}, u, fmt.Errorf("renewal: client of %s: %w", d.Name, err)
		}
		st.clients[d.ClientID] = u
	}
	currency := u.Currency
	if currency == "" {
		currency = t.Settings.Currency
	}

	key := t.ID + "|" + currency + "|" + d.TLD
	o, ok := st.offers[key]
	if !ok {
		o.offer, o.err = s.catalog.Offer(ctx, t, currency, d.TLD)
		if o.err != nil && !errors.Is(o.err, catalog.ErrNotSold) {
			return o, u, fmt.Errorf("renewal: price .%s: %w", d.TLD, o.err)
		}
		st.offers[key] = o
	}
	return o, u, nil
}

// write creates the invoice, its line and its renewal state at once.
func (s *Service) write(ctx context.Context, d store.DueDomain, client store.User,
	p Planned) (bool, error) {
	years := max(p.Years, 1)
	from, to := Period(d.ExpiresAt, years)
	inv := &store.Invoice{TenantID: d.TenantID, ClientID: client.ID, Status: store.InvoiceOpen,
		Total: p.Amount, DueAt: p.DueAt, Lines: []store.InvoiceLine{{Domain: d.Name, Kind: p.Kind,
			PeriodFrom: from, PeriodTo: to, Amount: p.Amount, UniqueKey: UniqueKey(d.ID, from)}}}
	r := &store.Renewal{TenantID: d.TenantID, ClientID: client.ID, DomainID: d.ID, Domain: d.Name,
		Registrar: d.Registrar, Kind: p.Kind, Years: years, PeriodFrom: from, PeriodTo: to,
		Amount: p.Amount, DueAt: p.DueAt, State: store.RenewalOpen, NextAttemptAt: p.DueAt}

	created, err := s.store.CreateRenewalInvoice(ctx, inv, r)
	if err != nil {
		return false, fmt.Errorf("renewal: invoice %s: %w", d.Name, err)
	}
	return created, nil
}
