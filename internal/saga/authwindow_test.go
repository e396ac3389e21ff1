package saga_test

import (
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/saga"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

func register(domains ...string) []saga.CheckoutItem {
	out := make([]saga.CheckoutItem, 0, len(domains))
	for _, d := range domains {
		out = append(out, saga.CheckoutItem{Type: store.ItemRegister, Domain: d, Years: 1})
	}
	return out
}

// TestAuthWindowCapturesAcceptedItems: as the hold nears its end, the
// completed item and the two the registrar accepted are captured, the one
// never sent is cancelled; the accepted one that then fails is refunded,
// and settlement captures nothing again.
func TestAuthWindowCapturesAcceptedItems(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		o, err := w.checkout(register("done-aw.com", "slow-aw.com", "fail-aw.com", "plain-aw.com")...)
		if err != nil {
			t.Fatal(err)
		}
		w.sched.reset()
		done, slow, failing := o.Items[0], o.Items[1], o.Items[2]
		w.advance(done.ID)
		w.clk.Advance(registerDelay)
		w.advance(done.ID)
		w.advance(slow.ID)
		w.advance(failing.ID)

		if err := w.saga.CloseAuthWindows(w.ctx, saga.DefaultAuthMargin); err != nil {
			t.Fatal(err)
		}
		if p := w.mustOrder(o.ID).Payments[0]; p.Status != "authorized" {
			t.Fatalf("a hold far from its end was touched: %+v", p)
		}

		p := w.mustOrder(o.ID).Payments[0]
		w.clk.Set(p.ExpiresAt.Add(-6 * time.Hour))
		if err := w.saga.CloseAuthWindows(w.ctx, saga.DefaultAuthMargin); err != nil {
			t.Fatal(err)
		}
		early := done.Amount.Amount + slow.Amount.Amount + failing.Amount.Amount
		checkWindowClosed(w, o.ID, early)

		w.advance(failing.ID) // the registry has failed it meanwhile
		if _, err := w.reg.Complete(w.ctx, "slow-aw.com", false); err != nil {
			t.Fatal(err)
		}
		w.advance(slow.ID)
		if err := w.saga.Settle(w.ctx, o.ID); err != nil {
			t.Fatal(err)
		}

		o = w.mustOrder(o.ID)
		states := []string{o.Items[0].State, o.Items[1].State, o.Items[2].State, o.Items[3].State}
		if states[0] != "completed" || states[1] != "completed" || states[2] != "failed" || states[3] != "cancelled" {
			t.Fatalf("item states %v", states)
		}
		a, err := w.gw.Get(w.ctx, o.Payments[0].ProviderID)
		if err != nil || a.Captured.Amount != early || a.Refunded.Amount != failing.Amount.Amount {
			t.Errorf("gateway %+v (%v): want %d captured, %d refunded", a, err, early, failing.Amount.Amount)
		}
		if o.Status != store.OrderPartiallyCompleted || o.Error != "" || o.Payments[0].Status != "partially_refunded" {
			t.Errorf("order %s %q, payment %+v", o.Status, o.Error, o.Payments[0])
		}
		if notes(o.Items[2], "refund of") != 1 {
			t.Errorf("failed item history %+v", o.Items[2].History)
		}
	})
}

func checkWindowClosed(w *world, orderID string, early int64) {
	t := w.t
	t.Helper()
	o := w.mustOrder(orderID)
	p := o.Payments[0]
	if p.Status != "partially_captured" || p.Captured != early {
		t.Fatalf("payment after the window %+v, want %d captured", p, early)
	}
	if o.Items[3].State != store.ItemCancelled || notes(o.Items[3], "had not accepted") != 1 {
		t.Errorf("unsent item %s, history %+v", o.Items[3].State, o.Items[3].History)
	}
	for _, it := range o.Items[:3] {
		if notes(it, "captured early") != 1 {
			t.Errorf("%s: history %+v", it.Domain, it.History)
		}
	}
	if o.Status != store.OrderOpen {
		t.Errorf("order %s while items are pending", o.Status)
	}
}

// TestAuthWindowVoidsWhenNothingAccepted: no item was accepted, so every
// item is cancelled and the hold released.
func TestAuthWindowVoidsWhenNothingAccepted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		o, err := w.checkout(register("idle-aw.com", "idle-aw.net")...)
		if err != nil {
			t.Fatal(err)
		}
		w.sched.reset()
		w.clk.Set(o.Payments[0].ExpiresAt.Add(-time.Hour))
		if err := w.saga.CloseAuthWindows(w.ctx, saga.DefaultAuthMargin); err != nil {
			t.Fatal(err)
		}
		if got := w.sched.scheduled("settle"); len(got) != 1 || got[0] != o.ID {
			t.Fatalf("settlement scheduled for %v", got)
		}
		if err := w.drive(); err != nil {
			t.Fatal(err)
		}
		o = w.mustOrder(o.ID)
		if o.Status != store.OrderCancelled || o.Payments[0].Status != "voided" || o.Payments[0].Captured != 0 {
			t.Errorf("order %s, payment %+v", o.Status, o.Payments[0])
		}
		for _, it := range o.Items {
			if it.State != store.ItemCancelled || w.operations(it.Domain) != 0 {
				t.Errorf("%s: %s with %d operations", it.Domain, it.State, w.operations(it.Domain))
			}
		}
	})
}
