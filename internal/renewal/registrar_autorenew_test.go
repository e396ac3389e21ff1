package renewal

import (
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// TestRegistrarAutoRenewWarnsTheOperatorOnce: of the active domains its
// registrar would renew by itself, those expiring within a week with no
// renewal of ours paid or under way are reported to every admin, once per
// expiry; an open invoice is no renewal yet.
func TestRegistrarAutoRenewWarnsTheOperatorOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		now := b.clk.Now()
		for _, email := range []string{"ops@example.com", "owner@example.com"} {
			_, err := b.st.CreateUser(b.ctx, store.User{TenantID: b.tenant.ID, Email: email, Name: email,
				Role: store.RoleAdmin, Currency: "USD"})
			must(t, err)
		}
		risky := b.domain(t, "risky.com", now.Add(days(5)), time.Time{})
		b.domain(t, "later.com", now.Add(days(20)), time.Time{})
		b.domain(t, "ours-only.com", now.Add(days(4)), time.Time{})
		b.domain(t, "being-renewed.com", now.Add(days(3)), time.Time{})
		_, err := b.db.Exec(b.ctx, `UPDATE domains SET registrar_auto_renew = ? WHERE name <> ?`,
			true, "ours-only.com")
		must(t, err)

		// The monthly run invoices all four; one renewal is then under way.
		_, err = b.svc.InvoiceRun(b.ctx, asOf, false, func(Planned) {})
		must(t, err)
		_, err = b.db.Exec(b.ctx, `UPDATE renewals SET state = ? WHERE domain = ?`,
			store.RenewalRenewing, "being-renewed.com")
		must(t, err)

		n, err := b.svc.WarnRegistrarAutoRenew(b.ctx)
		must(t, err)
		if n != 1 {
			t.Fatalf("warned %d times, want once (risky.com)", n)
		}
		if n, err = b.svc.WarnRegistrarAutoRenew(b.ctx); err != nil || n != 0 {
			t.Fatalf("second check warned %d times (%v), want none", n, err)
		}

		for _, to := range []string{"ops@example.com", "owner@example.com"} {
			var subject, body string
			must(t, b.db.QueryRow(b.ctx, `SELECT subject, body FROM outbox WHERE to_addr = ?`, to).
				Scan(&subject, &body))
			if !strings.Contains(subject, "risky.com") || !strings.Contains(subject, "sandbox") ||
				!strings.Contains(body, "without the client paying") {
				t.Errorf("mail to %s: %q %q", to, subject, body)
			}
		}
		if n := b.count(t, `SELECT count(*) FROM outbox WHERE to_addr = ?`, "ann@example.com"); n != 0 {
			t.Errorf("the client got %d operator warnings", n)
		}
		if n := b.count(t, `SELECT count(*) FROM audit_log WHERE action = ? AND subject = ?`,
			"registrar_auto_renew_on", "risky.com"); n != 1 {
			t.Errorf("%d audit entries for risky.com, want 1", n)
		}
		log, err := b.st.ReminderLog(b.ctx, risky.ID)
		must(t, err)
		if len(log) != 1 || log[0].Kind != store.ReminderRegistrarAutoRenew ||
			log[0].To != "ops@example.com, owner@example.com" || !log[0].Period.Equal(risky.ExpiresAt) {
			t.Errorf("reminder log of risky.com: %+v", log)
		}
	})
}
