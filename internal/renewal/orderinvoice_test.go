package renewal

import (
	"context"
	"fmt"
	"testing"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// lossyGateway loses the answer of the first capture: done says whether
// the capture took effect at the gateway before the answer was lost.
type lossyGateway struct {
	payment.Gateway
	done bool
	lost bool
	keys []string
}

func (g *lossyGateway) Authorize(ctx context.Context, req payment.AuthorizeRequest) (payment.Authorization, error) {
	g.keys = append(g.keys, req.IdempotencyKey)
	return g.Gateway.Authorize(ctx, req)
}

func (g *lossyGateway) Capture(ctx context.Context, id string, amount money.Money, key string) (payment.Authorization, error) {
	g.keys = append(g.keys, key)
	if g.lost {
		return g.Gateway.Capture(ctx, id, amount, key)
	}
	g.lost = true
	if g.done {
		if _, err := g.Gateway.Capture(ctx, id, amount, key); err != nil {
			return payment.Authorization{}, err
		}
	}
	return payment.Authorization{}, fmt.Errorf("capture: %w", payment.ErrProviderDown)
}

// openOrderInvoice writes an order of the client and its open invoice, as
// a refused capture leaves them.
func (b *bundle) openOrderInvoice(t *testing.T) store.Invoice {
	t.Helper()
	o := &store.Order{TenantID: b.tenant.ID, ClientID: b.client.ID, Total: money.New(1440, "USD")}
	must(t, b.st.CreateOrder(b.ctx, o))
	inv := &store.Invoice{TenantID: b.tenant.ID, ClientID: b.client.ID, OrderID: o.ID,
		Status: store.InvoiceOpen, Total: o.Total, DueAt: b.clk.Now(),
		Lines: []store.InvoiceLine{{Domain: "shop.com", Kind: "registration", Amount: o.Total,
			PeriodFrom: b.clk.Now(), PeriodTo: b.clk.Now().AddDate(1, 0, 0)}}}
	must(t, b.st.CreateInvoice(b.ctx, inv))
	return *inv
}

// A capture whose answer is lost leaves the invoice open with the hold
// recorded; paying again finishes that attempt under the same keys, so the
// total is taken once whether or not the lost capture took effect.
func TestOrderInvoiceCaptureLostIsFinishedOnce(t *testing.T) {
	for _, done := range []bool{false, true} {
		t.Run(fmt.Sprintf("capture done %t", done), func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
				b := setup(t, db)
				gw := &lossyGateway{Gateway: b.gw, done: done}
				b.svc.gateway = gw
				inv := b.openOrderInvoice(t)
				card := Card{Number: "4242424242424242"}

				if _, err := b.svc.PayOrderInvoice(b.ctx, inv, card); err == nil {
					t.Fatal("a lost capture answered no error")
				}
				ps, err := b.st.InvoicePayments(b.ctx, inv.ID)
				must(t, err)
				if len(ps) != 1 || ps[0].Status != string(payment.StatusAuthorized) || ps[0].ProviderID == "" {
					t.Fatalf("payments after the lost capture: %+v", ps)
				}

				p, err := b.svc.PayOrderInvoice(b.ctx, inv, card)
				must(t, err)
				if p.ID != ps[0].ID || p.Status != string(payment.StatusCaptured) || p.Captured != 1440 {
					t.Fatalf("payment after paying again: %+v, want %s captured 1440", p, ps[0].ID)
				}
				auth, err := b.gw.Get(b.ctx, p.ProviderID)
				must(t, err)
				if auth.Captured != money.New(1440, "USD") {
					t.Fatalf("the gateway captured %v, want 14.40 USD once", auth.Captured)
				}
				invs, err := b.st.Invoices(b.ctx, b.tenant.ID, store.InvoiceFilter{OrderID: inv.OrderID})
				must(t, err)
				if len(invs) != 1 || invs[0].Status != store.InvoicePaid || invs[0].PaidAt.IsZero() {
					t.Fatalf("invoice after paying: %+v", invs)
				}
				key := "invoice:" + inv.ID + ":charge:1"
				for _, k := range gw.keys {
					if k != key+":authorize" && k != key+":capture" {
						t.Errorf("key %q, want the attempt's %q", k, key)
					}
				}
				n := b.count(t, `SELECT count(*) FROM users WHERE id = ? AND payment_method <> 'pm_card_visa'`,
					b.client.ID)
				if n != 1 {
					t.Errorf("the card given is not saved for renewals")
				}
			})
		})
	}
}

// A refused card leaves the invoice open and the next attempt gets a key
// of its own; an invoice no longer open is not charged.
func TestOrderInvoiceDeclineThenPaidWithSavedCard(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		inv := b.openOrderInvoice(t)

		p, err := b.svc.PayOrderInvoice(b.ctx, inv, Card{Number: "4000000000000002"})
		must(t, err)
		if p.Status != string(payment.StatusDeclined) || p.Error == "" || p.Captured != 0 {
			t.Fatalf("declined payment: %+v", p)
		}
		p, err = b.svc.PayOrderInvoice(b.ctx, inv, Card{})
		must(t, err)
		if p.Status != string(payment.StatusCaptured) || p.Captured != 1440 {
			t.Fatalf("payment with the saved card: %+v", p)
		}
		auth, err := b.gw.Get(b.ctx, p.ProviderID)
		must(t, err)
		if auth.Captured != money.New(1440, "USD") {
			t.Fatalf("the gateway captured %v", auth.Captured)
		}
		if n := b.count(t, `SELECT count(*) FROM payments WHERE invoice_id = ?`, inv.ID); n != 2 {
			t.Fatalf("%d payments of the invoice, want 2", n)
		}

		inv.Status = store.InvoicePaid
		if _, err := b.svc.PayOrderInvoice(b.ctx, inv, Card{}); err == nil {
			t.Fatal("a paid invoice was charged again")
		}
	})
}
