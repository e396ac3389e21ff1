package renewal

import (
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// portfolio adds domains expiring 10, 44, 45, 46 and 90 days after asOf
// (at 18:00), one that expired the day before, and three the run must
// leave alone although they expire in 20 days.
func portfolio(t *testing.T, b *bundle) {
	t.Helper()
	for _, n := range []int{10, 44, 45, 46, 90, -1} {
		b.domain(t, "in"+itoa(n)+".com", asOf.Add(days(n)+18*time.Hour), time.Time{})
	}
	exp := asOf.Add(days(20))
	off := b.domain(t, "manual.com", exp, time.Time{})
	off.AutoRenew = false
	must(t, b.st.SetDomainFlags(b.ctx, off))

	_, err := b.st.UpsertDomain(b.ctx, store.Domain{TenantID: b.tenant.ID, Name: "nobody.com",
		TLD: "com", Status: store.DomainActive, Registrar: "sandbox", ExpiresAt: exp})
	must(t, err)
	_, err = b.st.UpsertDomain(b.ctx, store.Domain{TenantID: b.tenant.ID, ClientID: b.client.ID,
		Name: "gone.com", TLD: "com", Status: store.DomainExpired, Registrar: "sandbox",
		ExpiresAt: exp})
	must(t, err)
	quit := b.domain(t, "quit.com", exp, time.Time{})
	_, err = b.svc.Cancel(b.ctx, quit, "ann@example.com")
	must(t, err)
}

func itoa(n int) string {
	if n < 0 {
		return "minus" + itoa(-n)
	}
	return string(rune('0'+n/10)) + string(rune('0'+n%10))
}

func TestInvoiceRunWindowAndPrice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		portfolio(t, b)

		res, err := b.svc.InvoiceRun(b.ctx, asOf.Add(3*time.Hour), false, nil)
		must(t, err)
		got := map[string]Planned{}
		for _, p := range res.Planned {
			got[p.Domain] = p
		}
		want := []string{"in10.com", "manual.com", "in44.com", "in45.com"}
		if res.Created != len(want) || len(got) != len(want) {
			t.Fatalf("created %d: %+v, want %v", res.Created, res.Planned, want)
		}
		for _, d := range want {
			if !got[d].Created {
				t.Errorf("%s not invoiced: %+v", d, got[d])
			}
		}

		invs, err := b.st.Invoices(b.ctx, b.tenant.ID, store.InvoiceFilter{ClientID: b.client.ID})
		must(t, err)
		found := false
		for _, inv := range invs {
			if inv.Lines[0].Domain != "in45.com" {
				continue
			}
			found = true
			exp := asOf.Add(days(45) + 18*time.Hour)
			l := inv.Lines[0]
			// .com costs 12.00 USD; the tenant's default markup is 20 %.
			if inv.Total != money.New(1440, "USD") || l.Amount != inv.Total || l.Kind != "renewal" {
				t.Errorf("invoice total %v line %+v", inv.Total, l)
			}
			if !l.PeriodFrom.Equal(exp) || !l.PeriodTo.Equal(exp.AddDate(1, 0, 0)) {
				t.Errorf("period %s..%s", l.PeriodFrom, l.PeriodTo)
			}
			if !inv.DueAt.Equal(date("2027-02-08")) || inv.Status != store.InvoiceOpen {
				t.Errorf("due %s status %s", inv.DueAt, inv.Status)
			}
			if l.UniqueKey != "renewal:"+got["in45.com"].DomainID+":2027-02-15" {
				t.Errorf("unique key %q", l.UniqueKey)
			}
		}
		if !found {
			t.Error("no invoice for in45.com")
		}
	})
}

func TestInvoiceRunOncePerPeriod(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		portfolio(t, b)

		first, err := b.svc.InvoiceRun(b.ctx, asOf, false, nil)
		must(t, err)
		again, err := b.svc.InvoiceRun(b.ctx, asOf, false, nil)
		must(t, err)
		late, err := b.svc.InvoiceRun(b.ctx, asOf.AddDate(0, 0, 4), false, nil)
		must(t, err)
		if first.Created != 4 || again.Created != 0 || late.Created != 1 {
			t.Errorf("created %d, then %d, late %d; want 4, 0, 1 (in46 enters the window)",
				first.Created, again.Created, late.Created)
		}
		if n := b.count(t, `SELECT count(*) FROM invoices`); n != 5 {
			t.Errorf("%d invoices, want 5", n)
		}

		// Whatever its status: a cancelled invoice is not made again.
		_, err = b.db.Exec(b.ctx, `DELETE FROM renewals WHERE domain = ?`, "in10.com")
		must(t, err)
		redo, err := b.svc.InvoiceRun(b.ctx, asOf, false, nil)
		must(t, err)
		if redo.Created != 0 || redo.Existing != 1 {
			t.Errorf("with the renewal row gone: created %d existing %d; want the line's key to hold",
				redo.Created, redo.Existing)
		}
	})
}

func TestInvoiceRunConcurrent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		for i := range 30 {
			b.domain(t, name(i), asOf.Add(days(i%46)+time.Hour), time.Time{})
		}

		const runners = 4
		var wg sync.WaitGroup
		results := make([]RunResult, runners)
		errs := make([]error, runners)
		for i := range runners {
			// Each runner has its own connection pool, as another process would.
			pool, err := sqldb.Open(db.URL)
			must(t, err)
			defer pool.Close()
			other := &bundle{ctx: b.ctx, db: pool, clk: b.clk, st: store.New(pool, b.clk), gw: b.gw}
			wg.Go(func() {
				svc := other.service(registrars{b.reg})
				results[i], errs[i] = svc.InvoiceRun(b.ctx, asOf, false, func(Planned) {})
			})
		}
		wg.Wait()

		total := 0
		for i := range runners {
			must(t, errs[i])
			total += results[i].Created
		}
		if total != 30 {
			t.Errorf("runs created %d invoices together, want 30", total)
		}
		if n := b.count(t, `SELECT count(*) FROM invoices`); n != 30 {
			t.Errorf("%d invoices, want 30", n)
		}
	})
}

func TestInvoiceRunDryRunWritesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		portfolio(t, b)

		res, err := b.svc.InvoiceRun(b.ctx, asOf, true, nil)
		must(t, err)
		if len(res.Planned) != 4 || res.Created != 0 {
			t.Errorf("dry run planned %d, created %d; want 4, 0", len(res.Planned), res.Created)
		}
		for _, p := range res.Planned {
			if p.Amount.Amount != 1440 || p.DueAt.IsZero() {
				t.Errorf("dry run plan %+v", p)
			}
		}
		for _, table := range []string{"invoices", "invoice_lines", "renewals", "renewal_runs"} {
			if n := b.count(t, `SELECT count(*) FROM `+table); n != 0 {
				t.Errorf("dry run wrote %d rows to %s", n, table)
			}
		}
	})
}

func TestMakeUpMissed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		b.domain(t, "soon.com", date("2026-12-20"), time.Time{})
		b.domain(t, "later.com", date("2027-02-10"), time.Time{})

		// A fresh database has missed no run.
		b.clk.Set(date("2026-12-10"))
		done, err := b.svc.MakeUpMissed(b.ctx)
		must(t, err)
		if len(done) != 0 || b.count(t, `SELECT count(*) FROM invoices`) != 0 {
			t.Fatalf("fresh database made up %v", done)
		}

		// Down from 10 December to 10 February: January and February are made up.
		b.clk.Set(date("2027-02-10").Add(5 * time.Hour))
		done, err = b.svc.MakeUpMissed(b.ctx)
		must(t, err)
		if len(done) != 2 || !done[0].Equal(date("2027-01-01")) || !done[1].Equal(date("2027-02-01")) {
			t.Fatalf("made up %v, want 2027-01-01 and 2027-02-01", done)
		}
		if n := b.count(t, `SELECT count(*) FROM renewals WHERE domain = ?`, "later.com"); n != 1 {
			t.Errorf("later.com has %d renewals, want 1", n)
		}

		// Nothing is missed any more.
		done, err = b.svc.MakeUpMissed(b.ctx)
		must(t, err)
		if len(done) != 0 {
			t.Errorf("second start made up %v", done)
		}
	})
}

// An imported domain renews at its imported recurring amount and period
// (WHMCS recurringamount and registrationperiod), not at the list price.
func TestInvoiceRunUsesImportedRecurringAmount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		exp := asOf.Add(days(20))
		d := b.domain(t, "imported.com", exp, time.Time{})
		_, err := b.db.Exec(b.ctx, `UPDATE domains SET renewal_amount = ?, renewal_currency = ?,
			renewal_years = ? WHERE id = ?`, 2500, "USD", 2, d.ID)
		must(t, err)

		res, err := b.svc.InvoiceRun(b.ctx, asOf, false, nil)
		must(t, err)
		if res.Created != 1 || res.Planned[0].Amount != money.New(2500, "USD") || res.Planned[0].Years != 2 {
			t.Fatalf("planned %+v", res.Planned)
		}
		invs, err := b.st.Invoices(b.ctx, b.tenant.ID, store.InvoiceFilter{ClientID: b.client.ID})
		must(t, err)
		l := invs[0].Lines[0]
		if invs[0].Total != money.New(2500, "USD") || !l.PeriodTo.Equal(exp.AddDate(2, 0, 0)) {
			t.Errorf("invoice %v, period %s..%s", invs[0].Total, l.PeriodFrom, l.PeriodTo)
		}
	})
}

// A domain added after the 1st's run, expiring before the next 1st, would
// be reached by no monthly run: the hourly sweep invoices it. One expiring
// after the next 1st is left to that run. No run is recorded.
func TestCatchUpInvoicesWhatNoRunReaches(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		_, err := b.svc.InvoiceRun(b.ctx, asOf, false, nil)
		must(t, err)

		b.clk.Set(date("2027-01-10").Add(9 * time.Hour))
		b.domain(t, "found-late.com", date("2027-01-25").Add(6*time.Hour), time.Time{})
		b.domain(t, "next-run.com", date("2027-02-05"), time.Time{})
		b.domain(t, "gone-by.com", date("2027-01-09"), time.Time{})

		res, err := b.svc.CatchUp(b.ctx)
		must(t, err)
		if res.Created != 1 {
			t.Fatalf("caught up %d invoices: %+v, want found-late.com alone", res.Created, res.Planned)
		}
		r := b.renewalOf(t, "found-late.com")
		if r.Kind != KindRenewal || r.Amount != money.New(1440, "USD") || !r.DueAt.Equal(date("2027-01-18")) {
			t.Errorf("found-late.com renewal %+v, want 14.40 USD due 2027-01-18", r)
		}
		if n := b.count(t, `SELECT count(*) FROM renewals WHERE domain IN (?, ?)`, "next-run.com",
			"gone-by.com"); n != 0 {
			t.Errorf("%d invoices for domains the catch-up must leave alone", n)
		}

		again, err := b.svc.CatchUp(b.ctx)
		must(t, err)
		if again.Created != 0 {
			t.Errorf("second catch-up created %d", again.Created)
		}
		last, _, err := b.st.LastRenewalRun(b.ctx)
		must(t, err)
		if !last.Equal(asOf) {
			t.Errorf("last run recorded %s, want the 1st's (%s)", last, asOf)
		}

		// The hourly sweep catches up and charges once the invoice is due.
		b.clk.Set(date("2027-01-18").Add(time.Hour))
		must(t, (&processWorker{s: b.svc}).Work(b.ctx, &river.Job[ProcessArgs]{JobRow: &rivertype.JobRow{}}))
		if r := b.renewalOf(t, "found-late.com"); r.State != store.RenewalRenewed {
			t.Errorf("after the sweep: %s (%s), want renewed", r.State, r.Error)
		}
	})
}

// An expiry corrected by a few days after the invoice was made (a sync
// read the registrar) is still the same renewal: the next run makes no
// second invoice while the first is open.
func TestCorrectedExpiryIsNotInvoicedTwice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		d := b.domain(t, "moved.com", date("2027-02-10"), time.Time{})
		first, err := b.svc.InvoiceRun(b.ctx, asOf, false, nil)
		must(t, err)
		must(t, b.st.SetDomainExpiry(b.ctx, d.ID, date("2027-02-12")))

		b.clk.Set(date("2027-02-01").Add(time.Hour))
		next, err := b.svc.InvoiceRun(b.ctx, date("2027-02-01"), false, nil)
		must(t, err)
		if first.Created != 1 || next.Created != 0 {
			t.Errorf("created %d then %d, want 1 then 0", first.Created, next.Created)
		}
	})
}
