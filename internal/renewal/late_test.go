package renewal

import (
	"errors"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// expired adds a domain of the client that expired days before now, marked
// expired as a sync would, with no renewal invoice.
func (b *bundle) expired(t *testing.T, name string, daysAgo int) store.Domain {
	t.Helper()
	exp := b.clk.Now().UTC().Add(-days(daysAgo))
	d := b.domain(t, name, exp, time.Time{})
	_, err := b.db.Exec(b.ctx, `UPDATE domains SET status = ? WHERE id = ?`, store.DomainExpired, d.ID)
	must(t, err)
	d, err = b.st.Domain(b.ctx, b.tenant.ID, "", name)
	must(t, err)
	return d
}

// A domain the monthly run never invoiced, past expiry: inside .com's
// late-renewal window (to day 44) it renews at the renewal price, inside
// the restoration window (to day 75) at the restoration price, after that
// it is lost and never billed.
func TestInvoiceNowPricesByPhase(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		late := b.expired(t, "late.com", 10)
		restore := b.expired(t, "restore.com", 50)
		lost := b.expired(t, "lost.com", 80)

		tn, err := b.st.Tenant(b.ctx, b.tenant.ID)
		must(t, err)
		offer, err := b.svc.catalog.Offer(b.ctx, tn, "USD", "com")
		must(t, err)
		if offer.Restoration == nil || *offer.Restoration == *offer.Renewal {
			t.Fatalf("the sandbox's .com offer lacks a distinct restoration price: %+v", offer)
		}

		r, err := b.svc.InvoiceNow(b.ctx, late)
		must(t, err)
		if r.Kind != KindRenewal || r.Amount != *offer.Renewal || !r.PeriodFrom.Equal(late.ExpiresAt) ||
			!r.DueAt.Equal(Day(b.clk.Now())) || r.State != store.RenewalOpen {
			t.Errorf("late renewal %+v, want %v due today", r, *offer.Renewal)
		}
		again, err := b.svc.InvoiceNow(b.ctx, late)
		must(t, err)
		if again.InvoiceID != r.InvoiceID {
			t.Errorf("a second request made invoice %s beside %s", again.InvoiceID, r.InvoiceID)
		}

		rr, err := b.svc.InvoiceNow(b.ctx, restore)
		must(t, err)
		if rr.Kind != KindRestoration || rr.Amount != *offer.Restoration {
			t.Errorf("restoration %+v, want %v", rr, *offer.Restoration)
		}

		if _, err := b.svc.InvoiceNow(b.ctx, lost); !errors.Is(err, ErrLost) {
			t.Errorf("lost domain: %v, want ErrLost", err)
		}
		if n := b.count(t, `SELECT count(*) FROM invoices`); n != 2 {
			t.Errorf("%d invoices, want 2 (none for the lost domain)", n)
		}
	})
}

// The late renewal, paid by hand, renews from the old expiry (not from the
// payment date) and makes the domain active again.
func TestLateRenewalPaidRenewsFromTheOldExpiry(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		d := b.expired(t, "late.com", 10)

		r, err := b.svc.InvoiceNow(b.ctx, d)
		must(t, err)
		r, err = b.svc.PayInvoice(b.ctx, b.tenant.ID, b.client.ID, r.InvoiceID)
		must(t, err)
		want := d.ExpiresAt.AddDate(1, 0, 0)
		if r.State != store.RenewalRenewed || !r.NewExpiry.Equal(want) {
			t.Fatalf("renewal %s to %s (%s), want renewed to %s", r.State, r.NewExpiry, r.Error, want)
		}
		after, err := b.st.Domain(b.ctx, b.tenant.ID, "", "late.com")
		must(t, err)
		if after.Status != store.DomainActive || !after.ExpiresAt.Equal(want) {
			t.Errorf("domain %s expiring %s, want active to %s", after.Status, after.ExpiresAt, want)
		}
	})
}

func TestInvoiceNowRefusesUnassigned(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		d, err := b.st.UpsertDomain(b.ctx, store.Domain{TenantID: b.tenant.ID, Name: "nobody.com",
			TLD: "com", Status: store.DomainActive, Registrar: "sandbox", ExpiresAt: asOf.Add(days(5))})
		must(t, err)
		if _, err := b.svc.InvoiceNow(b.ctx, d); !errors.Is(err, ErrNoClient) {
			t.Errorf("unassigned domain: %v, want ErrNoClient", err)
		}
	})
}
