// Package tlddata embeds Route 53's published TLD list, with prices and
// per-TLD facts (years, privacy, transfer rules, renewal windows), and turns
// it into registrar price rows.
package tlddata

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
)

//go:embed route53-tlds.json
var raw []byte

// Entry is one TLD as the embedded file describes it.
type Entry struct {
	TLD           string  `json:"tld"`
	Registration  *string `json:"registration"`
	Transfer      *string `json:"transfer"`
	Renewal       *string `json:"renewal"`
	Restoration   *string `json:"restoration"`
	Currency      string  `json:"currency"`
	Privacy       *bool   `json:"privacy"`
	IDN           bool    `json:"idn"`
	MinYears      int     `json:"min_years"`
	MaxYears      int     `json:"max_years"`
	Source        string  `json:"source"`
	RenewalOnly   bool    `json:"renewal_only"`
	PrivacyHidden string  `json:"privacy_hidden"`
	// PrivacyContactTypes lists the registrant types ("person",
	// "company", "association", "public_body") that may have privacy;
	// nil when the registry does not restrict it by type.
	PrivacyContactTypes []string  `json:"privacy_contact_types"`
	Requirements        []string  `json:"requirements"`
	AuthCodeRequired    bool      `json:"auth_code_required"`
	TransferLock        bool      `json:"transfer_lock"`
	Deadlines           Deadlines `json:"deadlines_days_from_expiry"`
	InPriceList         bool      `json:"in_price_list"`
}

// Deadlines are renewal windows counted in days from expiry (negative
// before it).
type Deadlines struct {
	RenewFromDay      *int `json:"renew_from_day"`
	RenewUntilDay     *int `json:"renew_until_day"`
	LateRenewal       bool `json:"late_renewal"`
	LateRenewUntilDay *int `json:"late_renew_until_day"`
	Restoration       bool `json:"restoration"`
	RestoreFromDay    *int `json:"restore_from_day"`
	RestoreUntilDay   *int `json:"restore_until_day"`
}

var (
	once    sync.Once
	entries map[string]Entry
	loadErr error
)

// All returns every entry keyed by TLD.
func All() (map[string]Entry, error) {
	once.Do(func() {
		var list []Entry
		if err := json.Unmarshal(raw, &list); err != nil {
			loadErr = fmt.Errorf("tlddata: decode embedded list: %w", err)
			return
		}
		entries = make(map[string]Entry, len(list))
		for _, e := range list {
			entries[e.TLD] = e
		}
	})
	return entries, loadErr
}

// Lookup returns the entry for one TLD.
func Lookup(tld string) (Entry, bool) {
	all, err := All()
	if err != nil {
		return Entry{}, false
	}
	e, ok := all[tld]
	return e, ok
}

// Prices converts the entries that can be registered (a registration and a
// renewal price, not renewal-only) into registrar price rows, sorted by TLD.
func Prices() ([]registrar.TLDPrice, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}

	out := make([]registrar.TLDPrice, 0, len(all))
	for _, e := range all {
		p, err := e.Price()
		if err != nil {
			return nil, err
		}
		if p.Registration == nil || p.Renewal == nil || e.RenewalOnly {
			continue
		}
		out = append(out, p)
	}

	sort.Slice(out, func(i, j int) bool { return out[i].TLD < out[j].TLD })
	return out, nil
}

// Price converts one entry into a registrar price row. A price of 0.00 for
// registration means the TLD is not sold for registration.
func (e Entry) Price() (registrar.TLDPrice, error) {
	p := registrar.TLDPrice{
		TLD:              e.TLD,
		Currency:         e.Currency,
		MinYears:         e.MinYears,
		MaxYears:         e.MaxYears,
		Privacy:          e.Privacy,
		TransferLock:     e.TransferLock,
		AuthCodeRequired: e.AuthCodeRequired,
		RenewUntilDay:    e.Deadlines.RenewUntilDay,
		Source:           e.Source,
	}
	if e.Privacy != nil && !*e.Privacy {
		p.PrivacyReason = "the registry for ." + e.TLD + " does not offer WHOIS privacy"
	}
	if e.Deadlines.LateRenewal && e.Deadlines.LateRenewUntilDay != nil {
		p.LateRenewDays = *e.Deadlines.LateRenewUntilDay
	}
	if e.Deadlines.Restoration && e.Deadlines.RestoreUntilDay != nil {
		p.RestoreDays = *e.Deadlines.RestoreUntilDay
	}

	var err error
	fields := []struct {
		in  *string
		out **money.Money
	}{
		{e.Registration, &p.Registration},
		{e.Renewal, &p.Renewal},
		{e.Transfer, &p.Transfer},
		{e.Restoration, &p.Restoration},
	}
	for _, f := range fields {
		if *f.out, err = parsePrice(f.in, e.Currency); err != nil {
			return p, fmt.Errorf("tlddata: .%s: %w", e.TLD, err)
		}
	}
	if p.Registration != nil && p.Registration.IsZero() {
		p.Registration = nil
	}
	return p, nil
}

func parsePrice(s *string, currency string) (*money.Money, error) {
	if s == nil {
		return nil, nil
	}
	m, err := money.ParseRoundUp(*s, currency)
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// PrivacyFor reports whether a registrant of the contact type may have
// WHOIS privacy under this TLD, and why not. It says nothing about TLDs
// without privacy at all (see Privacy).
func (e Entry) PrivacyFor(contactType string) (bool, string) {
	if e.PrivacyContactTypes == nil || slices.Contains(e.PrivacyContactTypes, contactType) {
		return true, ""
	}
	return false, fmt.Sprintf("the registry for .%s offers WHOIS privacy only to a registrant who is a %s, "+
		"and this one is a %s", e.TLD, strings.Join(e.PrivacyContactTypes, " or "), contactType)
}
