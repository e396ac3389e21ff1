package e2e

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/payment/stripe/stripefake"
)

// payments of an order as GET /api/v1/orders/{id} lists them.
type orderPayments struct {
	Payments []struct {
		Purpose  string `json:"purpose"`
		Status   string `json:"status"`
		Amount   money  `json:"amount"`
		Captured money  `json:"captured"`
		Error    string `json:"error"`
	} `json:"payments"`
}

// capturedOrder orders a domain with the sandbox card that authorises and
// then fails at capture, and returns the order's open invoice once settled.
func capturedOrder(t *testing.T, h *apptest.Harness, c *apptest.Client, domain string) (order, invoice) {
	t.Helper()
	var o order
	st := c.Do("POST", "/api/v1/orders", map[string]any{
		"items":   []map[string]any{{"type": "register", "domain": domain, "years": 1}},
		"contact": contact(), "payment": map[string]string{"card": "4000000000000341"},
	}, &o)
	if st != 201 {
		t.Fatalf("order: %d %+v", st, o)
	}
	h.Eventually(20*time.Second, "the order to settle", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open"
	})
	if o.Payment.Status != "declined" || o.Payment.Captured.Amount != 0 {
		t.Fatalf("order after the refused capture: %+v", o)
	}
	return o, invoiceOf(t, c, o.ID)
}

func invoiceOf(t *testing.T, c *apptest.Client, orderID string) invoice {
	t.Helper()
	var list struct {
		Invoices []invoice `json:"invoices"`
	}
	if st := c.Do("GET", "/api/v1/invoices", nil, &list); st != 200 {
		t.Fatalf("invoices: %d", st)
	}
	for _, inv := range list.Invoices {
		if inv.OrderID == orderID {
			return inv
		}
	}
	t.Fatalf("no invoice of order %s in %+v", orderID, list.Invoices)
	return invoice{}
}

// An order whose capture was refused leaves an open invoice; the client
// pays it through the API: the saved card (the one that failed) is
// refused again, a declined card given in the body too, and a good card
// pays the invoice's total once and is saved for renewals.
func TestOpenOrderInvoicePaidThroughAPI(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	c := signUp(t, h, "ada@example.com")
	o, inv := capturedOrder(t, h, c, "unpaid-shop.com")
	if inv.Status != "open" || inv.Total != o.Total || inv.Total != (money{1440, "USD"}) {
		t.Fatalf("invoice after the refused capture = %+v, want open for %+v", inv, o.Total)
	}
	path := "/api/v1/invoices/" + inv.ID + "/pay"

	var e apiError
	if st := c.Do("POST", path, nil, &e); st != http.StatusPaymentRequired || e.Error.Code != "payment_declined" ||
		e.Error.Field != "payment" {
		t.Fatalf("pay with the saved card: %d %+v, want 402 payment_declined", st, e)
	}
	e = apiError{}
	if st := c.Do("POST", path, map[string]any{"payment": map[string]string{"card": "4000000000000002"}},
		&e); st != http.StatusPaymentRequired || e.Error.Code != "payment_declined" {
		t.Fatalf("pay with a declined card: %d %+v, want 402 payment_declined", st, e)
	}
	if got := invoiceOf(t, c, o.ID); got.Status != "open" || got.PaidAt != nil {
		t.Fatalf("invoice after two refusals = %+v, want open", got)
	}

	u, _ := h.App.Store.UserByEmail(context.Background(), h.Tenant.ID, "ada@example.com")
	var paid invoice
	if st := c.Do("POST", path, map[string]any{"payment": map[string]string{"card": "4242424242424242"}},
		&paid); st != 200 || paid.ID != inv.ID || paid.Status != "paid" || paid.PaidAt == nil ||
		paid.Total != inv.Total {
		t.Fatalf("pay with a good card: %d %+v, want paid", st, paid)
	}
	if st := c.Do("POST", path, map[string]any{"payment": map[string]string{"card": "4242424242424242"}},
		nil); st != http.StatusConflict {
		t.Fatalf("paying a paid invoice again: %d, want 409", st)
	}

	var op orderPayments
	c.Do("GET", "/api/v1/orders/"+o.ID, nil, &op)
	var invoicePays []string
	var captured int64
	for _, p := range op.Payments {
		if p.Purpose == "invoice" {
			invoicePays = append(invoicePays, p.Status)
			captured += p.Captured.Amount
			if p.Amount != inv.Total {
				t.Errorf("invoice payment of %+v, want the invoice's %+v", p.Amount, inv.Total)
			}
		}
	}
	if strings.Join(invoicePays, ",") != "declined,declined,captured" || captured != inv.Total.Amount {
		t.Fatalf("invoice payments %v capturing %d, want two refusals and one capture of %d",
			invoicePays, captured, inv.Total.Amount)
	}
	after, _ := h.App.Store.UserByEmail(context.Background(), h.Tenant.ID, "ada@example.com")
	if after.PaymentMethod == "" || after.PaymentMethod == u.PaymentMethod ||
		after.PaymentCustomer != u.PaymentCustomer {
		t.Fatalf("saved card %q/%q after paying with a new card, was %q/%q", after.PaymentCustomer,
			after.PaymentMethod, u.PaymentCustomer, u.PaymentMethod)
	}
}

// A renewal invoice paid with a card in the body charges that card: a
// declined one is refused (the saved card is not charged instead), a good
// one pays and becomes the saved card.
func TestRenewalInvoicePaidWithGivenCard(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	c := signUp(t, h, "ada@example.com")
	buy(t, h, c, "renew-card.com")
	var inv invoice
	if st := c.Do("POST", "/api/v1/domains/renew-card.com/renewal", nil, &inv); st != 200 || inv.Status != "open" {
		t.Fatalf("renewal invoice: %d %+v", st, inv)
	}
	path := "/api/v1/invoices/" + inv.ID + "/pay"

	var e apiError
	if st := c.Do("POST", path, map[string]any{"payment": map[string]string{"card": "4000000000000002"}},
		&e); st != http.StatusPaymentRequired || e.Error.Code != "payment_declined" {
		t.Fatalf("pay with a declined card: %d %+v, want 402 payment_declined", st, e)
	}
	var list struct {
		Invoices []invoice `json:"invoices"`
	}
	c.Do("GET", "/api/v1/invoices?status=open", nil, &list)
	if len(list.Invoices) != 1 || list.Invoices[0].ID != inv.ID {
		t.Fatalf("open invoices after the refusal: %+v, want %s", list.Invoices, inv.ID)
	}

	before, _ := h.App.Store.UserByEmail(context.Background(), h.Tenant.ID, "ada@example.com")
	var paid invoice
	if st := c.Do("POST", path, map[string]any{"payment": map[string]string{"card": "5555555555554444"}},
		&paid); st != 200 || paid.Status != "paid" || paid.Total != inv.Total {
		t.Fatalf("pay with a good card: %d %+v, want paid", st, paid)
	}
	after, _ := h.App.Store.UserByEmail(context.Background(), h.Tenant.ID, "ada@example.com")
	if after.PaymentMethod == before.PaymentMethod || after.PaymentMethod == "" {
		t.Fatalf("saved card %q, was %q: the card given is not saved", after.PaymentMethod, before.PaymentMethod)
	}

	e = apiError{}
	if st := c.Do("POST", path, map[string]any{"payment": map[string]string{"payment_method": "x",
		"card": "4242424242424242"}}, &e); st != 400 || e.Error.Field != "payment.card" {
		t.Fatalf("a card and a payment method: %d %+v, want 400 on payment.card", st, e)
	}
}

// The invoices page offers to pay an open invoice and pays it with the
// card typed in.
func TestOpenInvoicePaidFromInvoicesPage(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	c := signUp(t, h, "ada@example.com")
	o, inv := capturedOrder(t, h, c, "portal-pays.com")

	_, page := getPage(t, c, h.URL+"/invoices")
	if !strings.Contains(page, `action="/invoices/`+inv.ID+`/pay"`) {
		t.Fatalf("the invoices page has no pay form for %s:\n%s", inv.ID, page)
	}
	resp, err := c.HTTP.PostForm(h.URL+"/invoices/"+inv.ID+"/pay", url.Values{"card": {"4000000000000002"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "The payment was refused") || invoiceOf(t, c, o.ID).Status != "open" {
		t.Fatalf("a declined card from the page: %s", body)
	}

	resp, err = c.HTTP.PostForm(h.URL+"/invoices/"+inv.ID+"/pay", url.Values{"card": {"4242424242424242"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Request.URL.Path != "/invoices" || !strings.Contains(string(body), "Paid: invoice "+inv.ID) {
		t.Fatalf("paying from the page ended at %s:\n%s", resp.Request.URL, body)
	}
	if got := invoiceOf(t, c, o.ID); got.Status != "paid" || got.Total != (money{1440, "USD"}) {
		t.Fatalf("invoice after paying from the page: %+v", got)
	}
	if _, page := getPage(t, c, h.URL+"/invoices"); strings.Contains(page, `action="/invoices/`+inv.ID+`/pay"`) {
		t.Fatalf("a paid invoice still has a pay form")
	}
}

// In Stripe mode an invoice is paid with a payment method given in the
// body (authorised and captured once at Stripe); a raw card number is
// refused as checkout refuses it.
func TestStripeInvoicePaidWithGivenPaymentMethod(t *testing.T) {
	fake := stripefake.New(t)
	h := apptest.Start(t, apptest.Options{Env: stripeEnv(stripefake.SecretKey, fake.URL())})
	c := signUp(t, h, "ada@example.com")
	var o order
	if st := c.Do("POST", "/api/v1/orders", stripeOrder("pm_card_visa", "stripe-renews.com"), &o); st != 201 {
		t.Fatalf("order: %d %+v", st, o)
	}
	h.Eventually(20*time.Second, "the order to settle", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open"
	})
	var inv invoice
	if st := c.Do("POST", "/api/v1/domains/stripe-renews.com/renewal", nil, &inv); st != 200 || inv.Status != "open" {
		t.Fatalf("renewal invoice: %d %+v", st, inv)
	}
	path := "/api/v1/invoices/" + inv.ID + "/pay"

	var e apiError
	if st := c.Do("POST", path, map[string]any{"payment": map[string]string{"card": "4242424242424242"}},
		&e); st != 400 || e.Error.Field != "payment.card" {
		t.Fatalf("a raw card in Stripe mode: %d %+v, want 400 on payment.card", st, e)
	}
	e = apiError{}
	if st := c.Do("POST", path, map[string]any{"payment": map[string]string{"payment_method": "pm_card_chargeDeclined"}},
		&e); st != http.StatusPaymentRequired || e.Error.Code != "payment_declined" {
		t.Fatalf("a declined payment method: %d %+v, want 402 payment_declined", st, e)
	}
	var paid invoice
	if st := c.Do("POST", path, map[string]any{"payment": map[string]string{"payment_method": "pm_card_visa"}},
		&paid); st != 200 || paid.Status != "paid" || paid.Total != inv.Total {
		t.Fatalf("pay with pm_card_visa: %d %+v, want paid", st, paid)
	}
	rn, err := h.App.Store.Renewal(context.Background(), inv.ID)
	if err != nil || rn.PaymentID == "" {
		t.Fatalf("renewal %+v (%v)", rn, err)
	}
	var received int64
	for _, pi := range fake.Intents() {
		if pi.Metadata["invoice_id"] == inv.ID {
			received += pi.Received
		}
	}
	if received != inv.Total.Amount {
		t.Fatalf("Stripe received %d for invoice %s, want %d once", received, inv.ID, inv.Total.Amount)
	}
}
