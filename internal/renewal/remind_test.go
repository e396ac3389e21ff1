package renewal

import (
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

func TestRemindersOncePerKind(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		exp := time.Date(2027, 3, 15, 8, 0, 0, 0, time.UTC)
		d := b.domain(t, "shop.com", exp, time.Time{})
		b.domain(t, "far.com", exp.AddDate(0, 6, 0), time.Time{})

		sends := []struct {
			day  string
			want int
		}{
			{"2027-02-07", 0}, {"2027-02-10", 1}, {"2027-02-11", 0}, {"2027-03-02", 1},
			{"2027-03-08", 0}, {"2027-03-15", 0}, {"2027-03-17", 1}, {"2027-03-18", 0},
		}
		for _, s := range sends {
			b.clk.Set(date(s.day).Add(9 * time.Hour))
			n, err := b.svc.SendReminders(b.ctx)
			must(t, err)
			if n != s.want {
				t.Errorf("%s: sent %d, want %d", s.day, n, s.want)
			}
		}

		if n := b.count(t, `SELECT count(*) FROM outbox WHERE to_addr = ?`, "ann@example.com"); n != 3 {
			t.Errorf("outbox holds %d reminders, want 3", n)
		}
		log, err := b.st.ReminderLog(b.ctx, d.ID)
		must(t, err)
		kinds := map[string]bool{}
		for _, e := range log {
			kinds[e.Kind] = e.To == "ann@example.com" && e.Period.Equal(exp)
		}
		if !kinds[ReminderMonth] || !kinds[ReminderWeek] || !kinds[ReminderAfter] {
			t.Errorf("reminder log %+v", log)
		}
	})
}

func TestPrice(t *testing.T) {
	renew, restore := money.New(1440, "USD"), money.New(7920, "USD")
	o := catalog.Offer{TLD: "com", Renewal: &renew, Restoration: &restore}
	tests := []struct {
		ph     Phase
		kind   string
		amount int64
		err    error
	}{
		{PhaseRenew, KindRenewal, 1440, nil},
		{PhaseLate, KindRenewal, 1440, nil},
		{PhaseRestore, KindRestoration, 7920, nil},
		{PhaseLost, "", 0, ErrLost},
	}
	for _, tt := range tests {
		kind, p, err := Price(tt.ph, o)
		if kind != tt.kind || p.Amount != tt.amount || err != tt.err {
			t.Errorf("%s: %s %v %v", tt.ph, kind, p, err)
		}
	}
	if _, _, err := Price(PhaseRestore, catalog.Offer{TLD: "uk", Renewal: &renew}); err == nil {
		t.Error("restoration without a restoration price was priced")
	}
}

func TestUpcomingRenewals(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		portfolio(t, b)
		_, err := b.svc.InvoiceRun(b.ctx, asOf, false, nil)
		must(t, err)

		list, err := b.st.UpcomingRenewals(b.ctx, b.tenant.ID, b.client.ID, asOf.AddDate(0, 0, 60))
		must(t, err)
		byName := map[string]store.Upcoming{}
		for _, u := range list {
			byName[u.Domain] = u
		}
		if u := byName["in45.com"]; u.Renewal == nil || u.Renewal.Amount.Amount != 1440 ||
			!u.Renewal.DueAt.Equal(date("2027-02-08")) || u.Renewal.State != store.RenewalOpen {
			t.Errorf("in45.com: %+v", u)
		}
		if u := byName["in46.com"]; u.Domain == "" || u.Renewal != nil {
			t.Errorf("in46.com (not invoiced yet): %+v", u)
		}
		if u := byName["quit.com"]; !u.Cancelled || u.AutoRenew || u.Renewal != nil {
			t.Errorf("quit.com: %+v", u)
		}
		if _, ok := byName["in90.com"]; ok {
			t.Error("in90.com listed beyond the horizon")
		}
		if _, ok := byName["gone.com"]; !ok {
			t.Error("an expired domain is not listed")
		}
	})
}
