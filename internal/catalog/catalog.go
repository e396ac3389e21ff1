// Package catalog answers "can I have this name, and what does it cost?":
// it normalises names, finds the registrar that serves each TLD for a
// tenant, checks availability there and prices the result with the
// tenant's markup.
package catalog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/pricing"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/tlddata"
	"github.com/proecommerce/domains/internal/validate"
)

// Registrars finds a registrar adapter by name.
type Registrars interface {
	Registrar(name string) (registrar.Registrar, bool)
	Default() string
}

// Catalog prices and checks names for tenants.
type Catalog struct {
	store      *store.Store
	registrars Registrars
	clock      clock.Clock
	logger     *slog.Logger
	cache      *cache
	// Concurrency bounds the availability checks in flight for one search.
	Concurrency int
}

// New returns a catalog.
func New(st *store.Store, regs Registrars, clk clock.Clock, logger *slog.Logger) *Catalog {
	return &Catalog{store: st, registrars: regs, clock: clk, logger: logger,
		cache: newCache(clk, 30*time.Second), Concurrency: 4}
}

// Offer is what a tenant sells one TLD at.
type Offer struct {
	TLD       string
	Registrar string
	Cost      registrar.TLDPrice
	Markup    store.Markup
	// Per-year prices in the client's currency; nil when not sold.
	Registration *money.Money
	Renewal      *money.Money
	Transfer     *money.Money
	Restoration  *money.Money
	MinYears     int
	MaxYears     int
	Enabled      bool
}

// Quote is the answer for one name.
type Quote struct {
	Domain    string
	Unicode   string
	TLD       string
	Status    registrar.AvailabilityStatus
	Registrar string
	Premium   bool
	// Price and RenewalPrice are for one year.
	Price        money.Money
	RenewalPrice money.Money
	MinYears     int
	MaxYears     int
}

// ErrNotSold is returned for a TLD the tenant does not sell.
var ErrNotSold = errors.New("catalog: TLD not sold")

// ParseName normalises a name and checks that the tenant sells its TLD.
// Errors are *validate.FieldError for field.
func (c *Catalog) ParseName(ctx context.Context, t store.Tenant, field, input string) (domainname.Name, Offer, error) {
	n, err := domainname.Parse(input)
	if err != nil {
		return n, Offer{}, &validate.FieldError{Field: field, Code: "invalid", Message: domainname.Explain(err)}
	}

	offer, err := c.Offer(ctx, t, t.Settings.Currency, n.TLD)
	if errors.Is(err, ErrNotSold) {
		return n, offer, &validate.FieldError{Field: field, Code: "unsupported_tld",
			Message: fmt.Sprintf("we do not sell .%s domains", n.TLD)}
	}
	return n, offer, err
}

// Offer prices one TLD for a tenant in the currency.
func (c *Catalog) Offer(ctx context.Context, t store.Tenant, currency, tld string) (Offer, error) {
	tt, err := c.store.TenantTLD(ctx, t.ID, tld)
	if errors.Is(err, store.ErrNotFound) {
		return Offer{}, fmt.Errorf(".%s: %w", tld, ErrNotSold)
	}
	if err != nil {
		return Offer{}, err
	}
	if !tt.Enabled {
		return Offer{}, fmt.Errorf(".%s: %w", tld, ErrNotSold)
	}

	reg := tt.Registrar
	if reg == "" {
		reg = c.registrars.Default()
	}
	cost, err := c.store.Price(ctx, reg, tld)
	if errors.Is(err, store.ErrNotFound) || (err == nil && cost.Registration == nil && cost.Transfer == nil) {
		return Offer{}, fmt.Errorf(".%s at %s: %w", tld, reg, ErrNotSold)
	}
	if err != nil {
		return Offer{}, err
	}
	return c.price(t, tt, reg, cost, currency)
}

func (c *Catalog) price(t store.Tenant, tt store.TenantTLD, reg string, cost registrar.TLDPrice, currency string) (Offer, error) {
	markup := t.Settings.Markup
	if tt.Markup != nil {
		markup = *tt.Markup
	}
	o := Offer{TLD: tt.TLD, Registrar: reg, Cost: cost, Markup: markup, Enabled: tt.Enabled,
		MinYears: max(cost.MinYears, 1), MaxYears: max(cost.MaxYears, 1)}

	var err error
	for _, p := range []struct {
		in  *money.Money
		out **money.Money
	}{{cost.Registration, &o.Registration}, {cost.Renewal, &o.Renewal},
		{cost.Transfer, &o.Transfer}, {cost.Restoration, &o.Restoration}} {
		if *p.out, err = c.yearPrice(t, p.in, markup, currency); err != nil {
			return o, fmt.Errorf("catalog: price .%s: %w", tt.TLD, err)
		}
	}
	return o, nil
}

func (c *Catalog) yearPrice(t store.Tenant, cost *money.Money, m store.Markup, currency string) (*money.Money, error) {
	if cost == nil {
		return nil, nil
	}
	p, err := pricing.YearPrice(*cost, pricing.Markup{Percent: m.Percent, Fixed: m.Fixed},
		currency, pricing.Rates(t.Settings.ExchangeRates), t.Settings.Rounding == "99")
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// Premium prices a premium name from the registrar's premium cost.
func (c *Catalog) Premium(t store.Tenant, o Offer, cost money.Money, currency string) (money.Money, error) {
	p, err := c.yearPrice(t, &cost, o.Markup, currency)
	if err != nil {
		return money.Money{}, err
	}
	return *p, nil
}

// Check asks the registrar about one parsed name and prices the answer.
func (c *Catalog) Check(ctx context.Context, t store.Tenant, currency string, n domainname.Name, o Offer) (Quote, error) {
	q := Quote{Domain: n.ASCII, Unicode: n.Unicode, TLD: n.TLD, Registrar: o.Registrar,
		MinYears: o.MinYears, MaxYears: o.MaxYears, Price: money.Zero(currency),
		RenewalPrice: money.Zero(currency)}
	if o.Registration != nil {
		q.Price = *o.Registration
	}
	if o.Renewal != nil {
		q.RenewalPrice = *o.Renewal
	}

	a, err := c.availability(ctx, o.Registrar, n.ASCII)
	if err != nil {
		return q, err
	}
	q.Status = a.Status
	if o.Registration == nil && q.Status == registrar.StatusAvailable {
		q.Status = registrar.StatusReserved
	}
	if a.Status == registrar.StatusPremium {
		return c.premiumQuote(t, o, a, q, currency)
	}
	return q, nil
}

func (c *Catalog) premiumQuote(t store.Tenant, o Offer, a registrar.Availability, q Quote, currency string) (Quote, error) {
	q.Premium = true
	if a.PremiumRegistration == nil || t.Settings.Premium == "refuse" {
		q.Status = registrar.StatusTaken
		return q, nil
	}

	var err error
	if q.Price, err = c.Premium(t, o, *a.PremiumRegistration, currency); err != nil {
		return q, err
	}
	if a.PremiumRenewal != nil {
		if q.RenewalPrice, err = c.Premium(t, o, *a.PremiumRenewal, currency); err != nil {
			return q, err
		}
	}
	return q, nil
}

func (c *Catalog) availability(ctx context.Context, regName, domain string) (registrar.Availability, error) {
	if a, ok := c.cache.get(regName + "|" + domain); ok {
		return a, nil
	}
	reg, ok := c.registrars.Registrar(regName)
	if !ok {
		return registrar.Availability{}, fmt.Errorf("catalog: registrar %q is not configured", regName)
	}

	res, err := reg.CheckAvailability(ctx, []string{domain})
	if err != nil {
		return registrar.Availability{}, fmt.Errorf("catalog: check %s: %w", domain, err)
	}
	if len(res) != 1 {
		return registrar.Availability{}, fmt.Errorf("catalog: check %s: %d answers", domain, len(res))
	}
	c.cache.put(regName+"|"+domain, res[0])
	return res[0], nil
}

// Forget drops cached answers for a name (after it was ordered).
func (c *Catalog) Forget(domain string) { c.cache.forget(domain) }

// Featured returns the names a word makes across the tenant's featured
// TLDs that it sells, with their offers.
func (c *Catalog) Featured(ctx context.Context, t store.Tenant, currency, word string) ([]domainname.Name, []Offer, error) {
	var names []domainname.Name
	var offers []Offer
	for _, tld := range t.Settings.FeaturedTLDs {
		n, err := domainname.Parse(word + "." + tld)
		if err != nil {
			return nil, nil, &validate.FieldError{Field: "q", Code: "invalid", Message: domainname.Explain(err)}
		}
		o, err := c.Offer(ctx, t, currency, tld)
		if errors.Is(err, ErrNotSold) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		names, offers = append(names, n), append(offers, o)
	}
	return names, offers, nil
}

// Result is one streamed search answer, or the error for that name.
type Result struct {
	Quote Quote
	Err   error
}

// Stream checks the names concurrently (at most Concurrency in flight) and
// sends each answer as it arrives; the channel closes when all are done.
func (c *Catalog) Stream(ctx context.Context, t store.Tenant, currency string, names []domainname.Name, offers []Offer) <-chan Result {
	out := make(chan Result, len(names))
	sem := make(chan struct{}, max(c.Concurrency, 1))
	var wg sync.WaitGroup
	for i := range names {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			q, err := c.Check(ctx, t, currency, names[i], offers[i])
			if err != nil {
				c.logger.Warn("availability check failed", "domain", names[i].ASCII, "err", err)
				q = Quote{Domain: names[i].ASCII, Unicode: names[i].Unicode, TLD: names[i].TLD,
					Status: registrar.StatusUnknown, Price: money.Zero(currency),
					RenewalPrice: money.Zero(currency), MinYears: offers[i].MinYears,
					MaxYears: offers[i].MaxYears, Registrar: offers[i].Registrar}
			}
			out <- Result{Quote: q, Err: err}
		}(i)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// OfferAny prices one of the tenant's TLD rows whether or not it is
// enabled, for the admin pages.
func (c *Catalog) OfferAny(ctx context.Context, t store.Tenant, currency string, tt store.TenantTLD) (Offer, error) {
	reg := tt.Registrar
	if reg == "" {
		reg = c.registrars.Default()
	}
	cost, err := c.store.Price(ctx, reg, tt.TLD)
	if errors.Is(err, store.ErrNotFound) {
		return Offer{}, fmt.Errorf(".%s at %s: %w", tt.TLD, reg, ErrNotSold)
	}
	if err != nil {
		return Offer{}, err
	}
	return c.price(t, tt, reg, cost, currency)
}

// registrarsOnTLDFacts are the registrars whose per-TLD rules are the
// embedded Route 53 facts (the sandbox copies them).
var registrarsOnTLDFacts = map[string]bool{"route53": true, "sandbox": true}

// PrivacyForContact reports whether the registrant in c may have WHOIS
// privacy for a name under tld at the registrar, and why not: some TLDs
// (.ca) give it to persons only. Registrars whose facts are not known here
// are not second-guessed; their own answer stands.
func PrivacyForContact(registrarName, tld string, c registrar.Contact) (bool, string) {
	if !registrarsOnTLDFacts[registrarName] {
		return true, ""
	}
	e, ok := tlddata.Lookup(tld)
	if !ok {
		return true, ""
	}
	return e.PrivacyFor(registrar.ContactType(c))
}

// TLDRequirements lists what the registry asks of a registrant beyond a
// valid contact ("japan-presence", "eea-address-or-eu-citizenship"), in the
// words of the per-TLD facts; empty when there is nothing or the
// registrar's own rules are not known here.
func TLDRequirements(registrarName, tld string) []string {
	if !registrarsOnTLDFacts[registrarName] {
		return []string{}
	}
	e, ok := tlddata.Lookup(tld)
	if !ok || e.Requirements == nil {
		return []string{}
	}
	return e.Requirements
}
