package renewal

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/registrar"
	regsandbox "github.com/proecommerce/domains/internal/registrar/sandbox"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// expiry is the registry expiry of the domain most auto-renew tests use;
// its invoice (made on asOf) is due a week before, on 2027-01-13.
var expiry = time.Date(2027, 1, 20, 10, 0, 0, 0, time.UTC)

// invoiced adds shop.com and makes asOf's invoicing run.
func (b *bundle) invoiced(t *testing.T) store.Domain {
	t.Helper()
	d := b.domain(t, "shop.com", expiry, time.Time{})
	res, err := b.svc.InvoiceRun(b.ctx, asOf, false, nil)
	must(t, err)
	if res.Created != 1 {
		t.Fatalf("created %d invoices", res.Created)
	}
	return d
}

// dueDay moves the clock to the invoice's due day.
func (b *bundle) dueDay() { b.clk.Set(date("2027-01-13").Add(time.Hour)) }

func (b *bundle) process(t *testing.T) {
	t.Helper()
	if _, err := b.svc.ProcessDue(b.ctx); err != nil {
		t.Fatal(err)
	}
}

func (b *bundle) payments(t *testing.T) int {
	return b.count(t, `SELECT count(*) FROM sandbox_payments`)
}

func (b *bundle) wantRenewed(t *testing.T, want time.Time) {
	t.Helper()
	r := b.renewalOf(t, "shop.com")
	if r.State != store.RenewalRenewed || !r.NewExpiry.Equal(want) {
		t.Fatalf("renewal %s new expiry %s (error %q), want renewed to %s", r.State, r.NewExpiry,
			r.Error, want)
	}
	if got := b.registryExpiry(t, "shop.com"); !got.Equal(want) {
		t.Errorf("registry expiry %s, want %s", got, want)
	}
	d, err := b.st.Domain(b.ctx, b.tenant.ID, "", "shop.com")
	must(t, err)
	if !d.ExpiresAt.Equal(want) {
		t.Errorf("local expiry %s, want %s", d.ExpiresAt, want)
	}
	invs, err := b.st.Invoices(b.ctx, b.tenant.ID, store.InvoiceFilter{})
	must(t, err)
	if invs[0].Status != store.InvoicePaid || invs[0].PaidAt.IsZero() {
		t.Errorf("invoice %s paid at %s", invs[0].Status, invs[0].PaidAt)
	}
}

func TestAutoRenewChargesThenRenews(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		b.invoiced(t)

		b.process(t)
		if r := b.renewalOf(t, "shop.com"); r.State != store.RenewalOpen || b.payments(t) != 0 {
			t.Fatalf("before due: %s with %d payments", r.State, b.payments(t))
		}

		b.dueDay()
		b.process(t)
		b.wantRenewed(t, expiry.AddDate(1, 0, 0))
		r := b.renewalOf(t, "shop.com")
		a, err := b.gw.Get(b.ctx, r.PaymentID)
		must(t, err)
		if a.Status != payment.StatusCaptured || a.Captured.Amount != 1440 {
			t.Errorf("payment %+v", a)
		}

		b.clk.Advance(days(1))
		b.process(t)
		if b.payments(t) != 1 || !b.registryExpiry(t, "shop.com").Equal(expiry.AddDate(1, 0, 0)) {
			t.Errorf("a second sweep charged or renewed again")
		}
	})
}

func TestAutoRenewReadsTheRegistrarsExpiry(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		// The local expiry is stale: the registry holds a later one, in the next year.
		registry := time.Date(2027, 1, 5, 10, 0, 0, 0, time.UTC)
		b.domain(t, "shop.com", time.Date(2026, 12, 28, 10, 0, 0, 0, time.UTC), registry)
		b.clk.Set(date("2026-12-01"))
		_, err := b.svc.InvoiceRun(b.ctx, date("2026-12-01"), false, nil)
		must(t, err)

		b.clk.Set(date("2026-12-21").Add(time.Hour))
		b.process(t)
		b.wantRenewed(t, registry.AddDate(1, 0, 0))
	})
}

func TestAutoRenewDeclinedThenPaidByHand(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		_, err := db.Exec(b.ctx, `UPDATE users SET payment_method = ? WHERE id = ?`,
			"pm_card_chargeDeclined", b.client.ID)
		must(t, err)
		b.invoiced(t)
		b.dueDay()

		for i, want := range []string{store.RenewalOpen, store.RenewalOpen, store.RenewalPaymentFailed} {
			b.process(t)
			r := b.renewalOf(t, "shop.com")
			if r.State != want || r.ChargeAttempt != i+1 || r.Error == "" {
				t.Fatalf("attempt %d: %s (attempt %d, error %q), want %s", i+1, r.State,
					r.ChargeAttempt, r.Error, want)
			}
			b.clk.Advance(3 * time.Hour)
		}
		if n := b.count(t, `SELECT count(*) FROM outbox WHERE to_addr = ?`, "ann@example.com"); n != 3 {
			t.Errorf("client told %d times, want 3", n)
		}
		if n := b.count(t, `SELECT count(*) FROM audit_log WHERE action = ?`,
			"renewal_charge_failed"); n != 3 {
			t.Errorf("operator told %d times, want 3", n)
		}
		if !b.registryExpiry(t, "shop.com").Equal(expiry) {
			t.Error("renewed without payment")
		}

		must(t, b.st.SetPaymentProfile(b.ctx, b.client.ID, "cus_ann", "pm_card_visa"))
		r := b.renewalOf(t, "shop.com")
		_, err = b.svc.PayInvoice(b.ctx, b.tenant.ID, b.client.ID, r.InvoiceID)
		must(t, err)
		b.wantRenewed(t, expiry.AddDate(1, 0, 0))
	})
}

// actionGateway asks for authentication on every off-session charge.
type actionGateway struct{ payment.Gateway }

func (actionGateway) ChargeSaved(context.Context, payment.ChargeRequest) (payment.Authorization, error) {
	return payment.Authorization{ID: "pi_3ds", Status: payment.StatusRequiresAction}, nil
}

func TestAutoRenewAuthenticationRequired(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		b.invoiced(t)
		b.svc.gateway = actionGateway{b.gw}
		b.dueDay()
		b.process(t)

		r := b.renewalOf(t, "shop.com")
		if r.State != store.RenewalOpen || r.PaymentID != "" || r.Error == "" {
			t.Errorf("renewal %+v", r)
		}
		if !b.registryExpiry(t, "shop.com").Equal(expiry) {
			t.Error("renewed without payment")
		}
	})
}

// failingRenew is the sandbox registry refusing every renewal.
type failingRenew struct {
	*regsandbox.Registrar
	calls int
}

func (f *failingRenew) Renew(context.Context, string, int, int) (registrar.Operation, error) {
	f.calls++
	return registrar.Operation{}, registrar.Errorf(registrar.KindUnavailable, "registry maintenance")
}

func TestRegistrarFailureAfterPaymentIsRefunded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		b.invoiced(t)
		failing := &failingRenew{Registrar: b.reg}
		b.svc = b.service(registrars{failing})
		b.dueDay()

		for range 3 {
			b.process(t)
			b.clk.Advance(3 * time.Hour)
		}
		r := b.renewalOf(t, "shop.com")
		if r.State != store.RenewalRefunded || failing.calls != 3 || b.payments(t) != 1 {
			t.Fatalf("renewal %s after %d calls, %d payments; want refunded after 3, 1",
				r.State, failing.calls, b.payments(t))
		}
		a, err := b.gw.Get(b.ctx, r.PaymentID)
		must(t, err)
		if a.Status != payment.StatusRefunded || a.Refunded.Amount != 1440 {
			t.Errorf("payment %+v", a)
		}
		invs, err := b.st.Invoices(b.ctx, b.tenant.ID, store.InvoiceFilter{})
		must(t, err)
		if invs[0].Status != store.InvoiceRefunded {
			t.Errorf("invoice %s", invs[0].Status)
		}
		if n := b.count(t, `SELECT count(*) FROM audit_log WHERE action = ?`, "renewal_registrar_failed"); n != 2 {
			t.Errorf("operator told of %d registrar failures before the refund, want 2", n)
		}
		if n := b.count(t, `SELECT count(*) FROM audit_log WHERE action = ?`, "renewal_refunded"); n != 1 {
			t.Errorf("refund reported %d times, want once", n)
		}
		if n := b.count(t, `SELECT count(*) FROM outbox WHERE to_addr = ? AND subject LIKE ?`,
			"ann@example.com", "%refunded%"); n != 1 {
			t.Errorf("client told of the refund %d times, want once", n)
		}
		b.process(t)
		if failing.calls != 3 {
			t.Errorf("renewal tried again after the refund")
		}
	})
}

func TestCrashAfterChargeDoesNotChargeTwice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		b.invoiced(t)
		b.dueDay()

		// The crashed process recorded the attempt and reached the gateway,
		// but died before recording the payment.
		r := b.renewalOf(t, "shop.com")
		must(t, b.svc.beginCharge(b.ctx, &r, false))
		_, err := b.gw.ChargeSaved(b.ctx, payment.ChargeRequest{Amount: r.Amount,
			IdempotencyKey: chargeKey(r), Customer: "cus_ann", PaymentMethod: "pm_card_visa",
			Description: "Renewal of shop.com",
			Metadata:    map[string]string{"invoice_id": r.InvoiceID, "domain": r.Domain}})
		must(t, err)

		b.clk.Advance(2 * time.Hour)
		b.process(t)
		if n := b.payments(t); n != 1 {
			t.Errorf("%d payments after the crash, want 1", n)
		}
		b.wantRenewed(t, expiry.AddDate(1, 0, 0))
	})
}

func TestCrashAfterRenewDoesNotRenewTwice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		b.invoiced(t)
		b.dueDay()

		// Charge, then crash right after the registrar renewed.
		r := b.renewalOf(t, "shop.com")
		must(t, b.svc.beginCharge(b.ctx, &r, false))
		must(t, b.svc.charge(b.ctx, &r, Card{}))
		must(t, b.svc.beginRenew(b.ctx, &r, registrar.DomainDetail{Expires: expiry}))
		_, err := b.reg.Renew(b.ctx, "shop.com", 2027, 1)
		must(t, err)

		b.clk.Advance(time.Hour)
		b.process(t)
		b.wantRenewed(t, expiry.AddDate(1, 0, 0))
	})
}

func TestAutoRenewOffMeansNoCharge(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		d := b.invoiced(t)
		d.AutoRenew = false
		must(t, b.st.SetDomainFlags(b.ctx, d))
		b.dueDay()
		b.process(t)

		r := b.renewalOf(t, "shop.com")
		if r.State != store.RenewalOpen || b.payments(t) != 0 || r.ChargeAttempt != 0 {
			t.Fatalf("auto-renew off: %s with %d payments", r.State, b.payments(t))
		}
		if !b.registryExpiry(t, "shop.com").Equal(expiry) {
			t.Error("renewed with auto-renew off")
		}

		// The client may still pay by hand.
		_, err := b.svc.PayInvoice(b.ctx, b.tenant.ID, b.client.ID, r.InvoiceID)
		must(t, err)
		b.wantRenewed(t, expiry.AddDate(1, 0, 0))
	})
}

func TestCancelWithOpenInvoice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		d := b.invoiced(t)
		_, err := b.reg.SetAutoRenew(b.ctx, "shop.com", true)
		must(t, err)

		ids, err := b.svc.Cancel(b.ctx, d, "ann@example.com")
		must(t, err)
		if len(ids) != 1 {
			t.Fatalf("cancelled %v", ids)
		}
		invs, err := b.st.Invoices(b.ctx, b.tenant.ID, store.InvoiceFilter{})
		must(t, err)
		if invs[0].Status != store.InvoiceCancelled || b.renewalOf(t, "shop.com").State != store.RenewalCancelled {
			t.Errorf("invoice %s after cancel", invs[0].Status)
		}
		detail, err := b.reg.DomainDetail(b.ctx, "shop.com")
		must(t, err)
		local, err := b.st.Domain(b.ctx, b.tenant.ID, "", "shop.com")
		must(t, err)
		if detail.AutoRenew || local.AutoRenew {
			t.Errorf("auto-renew left on: registrar %v, local %v", detail.AutoRenew, local.AutoRenew)
		}

		b.dueDay()
		b.process(t)
		if b.payments(t) != 0 || !b.registryExpiry(t, "shop.com").Equal(expiry) {
			t.Error("a cancelled domain was charged or renewed")
		}
		if _, err := b.svc.PayInvoice(b.ctx, b.tenant.ID, b.client.ID, ids[0]); err == nil {
			t.Error("a cancelled invoice was paid")
		}
		res, err := b.svc.InvoiceRun(b.ctx, asOf, false, nil)
		must(t, err)
		if res.Created != 0 {
			t.Error("a cancelled domain was invoiced again")
		}
	})
}

func TestLostDomainIsNeverBilled(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		d := b.invoiced(t)
		d.AutoRenew = false
		must(t, b.st.SetDomainFlags(b.ctx, d))

		// .com: late renewal to day 44, restoration to day 75; day 76 is lost.
		b.clk.Set(expiry.Add(days(76)))
		r := b.renewalOf(t, "shop.com")
		if _, err := b.svc.PayInvoice(b.ctx, b.tenant.ID, b.client.ID, r.InvoiceID); err == nil {
			t.Error("a lost domain's invoice was paid")
		}
		r = b.renewalOf(t, "shop.com")
		if r.State != store.RenewalCancelled || b.payments(t) != 0 {
			t.Errorf("lost domain: %s with %d payments", r.State, b.payments(t))
		}
	})
}

// A domain kept at a registrar with no adapter here (from an import) is
// billed as usual; once paid, the operator is told once to renew it there
// by hand, and the sweep neither fails nor asks again before the next day.
func TestPaidRenewalAtRegistrarWithoutAdapterIsFlagged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		_, err := b.st.UpsertDomain(b.ctx, store.Domain{TenantID: b.tenant.ID, ClientID: b.client.ID,
			Name: "kept.com", TLD: "com", Status: store.DomainActive, Registrar: "enom",
			ExpiresAt: expiry, AutoRenew: true})
		must(t, err)
		_, err = b.svc.InvoiceRun(b.ctx, asOf, false, nil)
		must(t, err)
		b.dueDay()

		for range 3 {
			b.process(t)
			b.clk.Advance(2 * time.Hour)
		}
		r := b.renewalOf(t, "kept.com")
		if r.State != store.RenewalPaid || !strings.Contains(r.Error, "by hand") || b.payments(t) != 1 {
			t.Fatalf("renewal %s (%q) with %d payments, want paid and flagged", r.State, r.Error, b.payments(t))
		}
		if n := b.count(t, `SELECT count(*) FROM audit_log WHERE action = ? AND subject = ?`,
			"renewal_by_hand", "kept.com"); n != 1 {
			t.Errorf("operator told %d times, want once", n)
		}
		if !r.NextAttemptAt.After(b.clk.Now().Add(12 * time.Hour)) {
			t.Errorf("looked at again at %s, want about a day later", r.NextAttemptAt)
		}
	})
}
