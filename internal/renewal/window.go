package renewal

import (
	"fmt"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

// DefaultWindowDays is how far ahead the invoicing run looks (SPEC 10).
const DefaultWindowDays = 45

// minNoticeDays is how many days before expiry a renewal invoice falls due
// at the latest.
const minNoticeDays = 7

// Day returns the UTC calendar day of t, at midnight.
func Day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Window returns the expiries a run made on asOf invoices: from the start
// of asOf's day (UTC) up to, but excluding, the day after the last day
// days later, so both ends are included in calendar days. As of 2027-01-01
// with 45 days it is [2027-01-01, 2027-02-16).
func Window(asOf time.Time, days int) (from, to time.Time) {
	from = Day(asOf)
	return from, from.AddDate(0, 0, days+1)
}

// Period is the renewal period an invoice covers: from the current expiry
// to the same instant a number of years later.
func Period(expiry time.Time, years int) (from, to time.Time) {
	return expiry.UTC(), expiry.UTC().AddDate(years, 0, 0)
}

// UniqueKey names one renewal of a domain for the period starting on the
// given day; the invoice line carrying it exists once, whatever its status.
func UniqueKey(domainID string, periodFrom time.Time) string {
	return fmt.Sprintf("renewal:%s:%s", domainID, periodFrom.UTC().Format(time.DateOnly))
}

// DueDate is when a renewal invoice made on asOf falls due: at least seven
// days before expiry and before the TLD's last renewal day (renewUntilDay
// counts days from expiry, negative before it), but never before asOf.
func DueDate(asOf, expiry time.Time, renewUntilDay *int) time.Time {
	due := Day(expiry).AddDate(0, 0, -minNoticeDays)
	if renewUntilDay != nil {
		if last := Day(expiry).AddDate(0, 0, *renewUntilDay-1); last.Before(due) {
			due = last
		}
	}
	if today := Day(asOf); due.Before(today) {
		return today
	}
	return due
}

// Phase is where a domain stands relative to its expiry.
type Phase string

// Phases of a domain's life after expiry (SPEC 10).
const (
	// PhaseRenew: before expiry or within the TLD's normal renewal days.
	PhaseRenew Phase = "renewal"
	// PhaseLate: past the renewal days, inside the late-renewal window;
	// renewed at the renewal price.
	PhaseLate Phase = "late_renewal"
	// PhaseRestore: inside the restoration window; restored at the
	// restoration price.
	PhaseRestore Phase = "restoration"
	// PhaseLost: past every window; the domain is shown as lost and never billed.
	PhaseLost Phase = "lost"
)

// PhaseAt says what renewing a domain that expires at expiry means on day
// now, from the TLD's windows (days counted from expiry, as in tld_prices).
// A TLD with unknown renewal days is renewable until its expiry day.
func PhaseAt(expiry, now time.Time, p registrar.TLDPrice) Phase {
	days := int(Day(now).Sub(Day(expiry)) / (24 * time.Hour))
	renewUntil := 0
	if p.RenewUntilDay != nil {
		renewUntil = *p.RenewUntilDay
	}
	switch {
	case days <= renewUntil:
		return PhaseRenew
	case days <= p.LateRenewDays:
		return PhaseLate
	case days <= p.RestoreDays:
		return PhaseRestore
	default:
		return PhaseLost
	}
}
