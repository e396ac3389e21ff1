package e2e

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/payment/stripe/stripefake"
)

// Stripe loses the answer to the authorisation after making it, then
// fails the first capture with a server error and loses the answer to the
// second after taking the money: the order still ends with one
// PaymentIntent, captured once for the name registered, and one invoice.
func TestStripeFaultsChargeOnce(t *testing.T) {
	fake := stripefake.New(t)
	h := apptest.Start(t, apptest.Options{Env: stripeEnv(stripefake.SecretKey, fake.URL())})
	c := signUp(t, h, "faults@example.com")
	fake.DropAfterCommit("/v1/payment_intents", 1)

	// A slow- name waits at the sandbox registrar until it is completed,
	// so the capture's faults are in place before the saga captures.
	var o order
	if st := c.Do("POST", "/api/v1/orders", stripeOrder(stripefake.PMVisa, "slow-stripe-storm.com"), &o); st != 201 ||
		o.Payment.Status != "authorized" {
		t.Fatalf("order: %d %+v", st, o)
	}
	intents := fake.Intents()
	if len(intents) != 1 {
		t.Fatalf("PaymentIntents after a lost answer: %+v, want one", intents)
	}
	capture := "/v1/payment_intents/" + intents[0].ID + "/capture"
	fake.InjectFault(capture, stripefake.Fault{Status: 500, Type: "api_error"})
	fake.DropAfterCommit(capture, 1)
	h.Eventually(20*time.Second, "the registration to reach the registrar", func() bool {
		_, err := h.App.Providers.SandboxRegistrar.Complete(context.Background(), "slow-stripe-storm.com", false)
		return err == nil
	})

	h.Eventually(40*time.Second, "the order to settle", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open"
	})
	if o.Status != "completed" || o.Payment.Status != "captured" || o.Payment.Captured != (money{1440, "USD"}) {
		t.Fatalf("order %+v", o)
	}
	pi := fake.Intents()
	if len(pi) != 1 || pi[0].Received != 1440 || fake.Applied("capture") != 1 {
		t.Errorf("at Stripe: %+v, %d captures applied", pi, fake.Applied("capture"))
	}
	if calls := fake.Calls(http.MethodPost, "/v1/payment_intents"); len(calls) < 2 || !calls[1].Replayed {
		t.Errorf("the lost authorisation was not retried and replayed: %+v", calls)
	}
	if calls := fake.Calls(http.MethodPost, capture); len(calls) < 3 {
		t.Errorf("captures sent %d times, want the failed one, the lost one and a replay", len(calls))
	}
	var invs struct {
		Invoices []struct {
			OrderID string `json:"order_id"`
		} `json:"invoices"`
	}
	n := 0
	c.Do("GET", "/api/v1/invoices", nil, &invs)
	for _, inv := range invs.Invoices {
		if inv.OrderID == o.ID {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d invoices for the order, want 1", n)
	}
}
