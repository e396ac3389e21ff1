package renewal

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	stripegw "github.com/proecommerce/domains/internal/payment/stripe"
	"github.com/proecommerce/domains/internal/payment/stripe/stripefake"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// overStripe points the bundle's renewals at the Stripe gateway over the
// stateful Stripe fake, with a customer there whose saved card is pm.
func (b *bundle) overStripe(t *testing.T, pm string) *stripefake.Fake {
	t.Helper()
	fake := stripefake.NewWithClock(t, b.clk)
	gw, err := stripegw.New(stripegw.Config{SecretKey: stripefake.SecretKey, APIURL: fake.URL(),
		MaxNetworkRetries: -1, Clock: b.clk})
	must(t, err)
	req, err := http.NewRequest("POST", fake.URL()+"/v1/customers",
		strings.NewReader(url.Values{"email": {"ann@example.com"}}.Encode()))
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+stripefake.SecretKey)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Idempotency-Key", "test:customer")
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	resp.Body.Close()
	must(t, b.st.SetPaymentProfile(b.ctx, b.client.ID, "cus_1", pm))

	b.svc.gateway = gw
	return fake
}

// Off-session renewals through Stripe: the saved card is charged with
// off_session=true and confirm=true and captured at once; a bank that asks
// for authentication, or a decline, leaves the invoice unpaid, the domain
// not renewed, and the client told why.
func TestAutoRenewOverStripe(t *testing.T) {
	cases := []struct {
		pm, state, why string
	}{
		{stripefake.PMVisa, store.RenewalRenewed, ""},
		{stripefake.PMAuthenticationRequired, store.RenewalOpen, "authenticat"},
		{stripefake.PMDeclined, store.RenewalOpen, "declined"},
	}
	for _, tc := range cases {
		t.Run(tc.pm, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
				b := setup(t, db)
				fake := b.overStripe(t, tc.pm)
				b.invoiced(t)
				b.dueDay()
				b.process(t)

				r := b.renewalOf(t, "shop.com")
				if r.State != tc.state || !strings.Contains(strings.ToLower(r.Error), tc.why) {
					t.Fatalf("renewal %s (error %q), want %s with %q", r.State, r.Error, tc.state, tc.why)
				}
				creates := fake.Calls("POST", "/v1/payment_intents")
				if len(creates) != 1 {
					t.Fatalf("PaymentIntents created: %d, want 1", len(creates))
				}
				f := creates[0].Form
				if f.Get("off_session") != "true" || f.Get("confirm") != "true" || f.Get("amount") != "1440" ||
					f.Get("currency") != "usd" || f.Get("customer") != "cus_1" || f.Get("capture_method") != "" ||
					!strings.HasPrefix(creates[0].Key, "renewal:"+r.InvoiceID+":charge:1") {
					t.Errorf("charge request %v (key %q)", f, creates[0].Key)
				}

				if tc.state == store.RenewalRenewed {
					b.wantRenewed(t, expiry.AddDate(1, 0, 0))
					in := fake.Intents()
					if in[0].Status != "succeeded" || in[0].Received != 1440 || r.PaymentID != in[0].ID {
						t.Errorf("intent %+v, payment %s", in[0], r.PaymentID)
					}
					return
				}
				if !b.registryExpiry(t, "shop.com").Equal(expiry) {
					t.Error("renewed without payment")
				}
				if n := b.count(t, `SELECT count(*) FROM outbox WHERE to_addr = ?`, "ann@example.com"); n != 1 {
					t.Errorf("client told %d times, want once", n)
				}
				invs, err := b.st.Invoices(b.ctx, b.tenant.ID, store.InvoiceFilter{})
				must(t, err)
				if invs[0].Status != store.InvoiceOpen {
					t.Errorf("invoice %s, want open", invs[0].Status)
				}
			})
		})
	}
}

// A card that needs 3-D Secure: the off-session charge is refused, the
// client pays in the portal on session, confirms with the bank (the
// fake's AuthenticateOutside stands in for Stripe's frame), and the next
// look at the renewal finds the payment captured and renews.
func TestPayInvoiceOnSessionWithAuthentication(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		fake := b.overStripe(t, stripefake.PMAuthenticationRequired)
		b.invoiced(t)
		b.dueDay()
		b.process(t)
		r := b.renewalOf(t, "shop.com")
		if r.State != store.RenewalOpen {
			t.Fatalf("off-session charge: %s, want open", r.State)
		}

		_, err := b.svc.PayInvoice(b.ctx, b.tenant.ID, b.client.ID, r.InvoiceID)
		var need *AuthenticationNeeded
		if !errors.As(err, &need) || need.PaymentID == "" ||
			!strings.HasPrefix(need.ClientSecret, need.PaymentID+"_secret_") {
			t.Fatalf("pay on session: %v, want AuthenticationNeeded with the client secret", err)
		}
		creates := fake.Calls("POST", "/v1/payment_intents")
		if on := creates[len(creates)-1].Form; on.Has("off_session") || on.Get("confirm") != "true" {
			t.Errorf("on-session charge %v: want confirm=true without off_session", on)
		}
		r = b.renewalOf(t, "shop.com")
		if r.State != store.RenewalCharging || r.PaymentID != need.PaymentID || !r.ChargeOnSession {
			t.Fatalf("while the bank asks: %+v", r)
		}

		// Not confirmed yet: nothing changes, nothing is charged again.
		r, err = b.svc.Advance(b.ctx, r.InvoiceID, false)
		must(t, err)
		if r.State != store.RenewalCharging || len(fake.Calls("POST", "/v1/payment_intents")) != len(creates) {
			t.Fatalf("before confirmation: %s, %d creates", r.State, len(fake.Calls("POST", "/v1/payment_intents")))
		}

		must(t, fake.AuthenticateOutside(need.PaymentID))
		r, err = b.svc.Advance(b.ctx, r.InvoiceID, false)
		must(t, err)
		if r.State != store.RenewalRenewed || r.PaymentID != need.PaymentID {
			t.Fatalf("after confirmation: %s (%s)", r.State, r.Error)
		}
		b.wantRenewed(t, expiry.AddDate(1, 0, 0))
	})
}

// A client who never confirms: at the next retry time the invoice opens
// again and the client is told; nothing was captured.
func TestPayInvoiceOnSessionNeverConfirmed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		fake := b.overStripe(t, stripefake.PMAuthenticationRequired)
		b.invoiced(t)
		r := b.renewalOf(t, "shop.com")
		if _, err := b.svc.PayInvoice(b.ctx, b.tenant.ID, b.client.ID, r.InvoiceID); err == nil {
			t.Fatal("pay on session: no error, want AuthenticationNeeded")
		}

		b.clk.Advance(2 * time.Hour)
		b.process(t)
		r = b.renewalOf(t, "shop.com")
		if r.State != store.RenewalOpen || r.PaymentID != "" || !strings.Contains(r.Error, "not confirmed") {
			t.Fatalf("after the wait: %+v", r)
		}
		if in := fake.Intents(); in[0].Status != "requires_action" || in[0].Received != 0 {
			t.Errorf("intent %+v: nothing may be captured", in[0])
		}
	})
}
