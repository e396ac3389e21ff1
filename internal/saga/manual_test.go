package saga_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/saga"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// An item not yet sent is cancelled and charged nothing; its neighbour,
// retried, completes; the capture is the neighbour's price alone.
func TestCancelAnItemNotYetSent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		o, err := w.checkout(register("cancel-me.com", "keep-me.com")...)
		if err != nil {
			t.Fatal(err)
		}
		w.sched.reset() // the jobs were lost: both items wait, authorised

		if err := w.saga.Cancel(w.ctx, o.Items[0].ID, "boss@example.com"); err != nil {
			t.Fatal(err)
		}
		if err := w.saga.Retry(w.ctx, o.Items[1].ID); err != nil {
			t.Fatal(err)
		}
		if err := w.drive(); err != nil {
			t.Fatal(err)
		}

		o = w.mustOrder(o.ID)
		if o.Status != store.OrderPartiallyCompleted || o.Items[0].State != store.ItemCancelled ||
			o.Items[1].State != store.ItemCompleted {
			t.Fatalf("order %s, items %s and %s", o.Status, o.Items[0].State, o.Items[1].State)
		}
		if p := o.Payments[0]; p.Captured != o.Items[1].Amount.Amount {
			t.Errorf("captured %d, want %d", p.Captured, o.Items[1].Amount.Amount)
		}
		if n := w.operations("cancel-me.com"); n != 0 {
			t.Errorf("the cancelled name reached the registrar %d times", n)
		}
		if !strings.Contains(lastNote(o.Items[0]), "cancelled by boss@example.com") {
			t.Errorf("history: %+v", o.Items[0].History)
		}
		if err := w.saga.Cancel(w.ctx, o.Items[1].ID, "boss@example.com"); !errors.Is(err, saga.ErrNotActionable) {
			t.Errorf("cancel of a completed item: %v", err)
		}
		if err := w.saga.Retry(w.ctx, o.Items[1].ID); !errors.Is(err, saga.ErrNotActionable) {
			t.Errorf("retry in a settled order: %v", err)
		}
	})
}

// A registration whose call reached the registrar (the answer was lost)
// cannot be cancelled, neither at once nor later; a retry finds the
// operation and completes it, and the money is taken once.
func TestCancelRefusedOnceTheRegistrarTookIt(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		o := cutRegistration(t, w, "reached-it.com", true)
		id := o.Items[0].ID

		err := w.saga.Cancel(w.ctx, id, "boss@example.com")
		if !errors.Is(err, saga.ErrNotActionable) || !strings.Contains(err.Error(), "on its way") {
			t.Fatalf("cancel right after the call: %v", err)
		}
		w.clk.Advance(11 * time.Minute)
		err = w.saga.Cancel(w.ctx, id, "boss@example.com")
		if !errors.Is(err, saga.ErrNotActionable) || !strings.Contains(err.Error(), "holds operation") {
			t.Fatalf("cancel later: %v", err)
		}

		if err := w.saga.Retry(w.ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := w.drive(); err != nil {
			t.Fatal(err)
		}
		o = w.mustOrder(o.ID)
		if o.Status != store.OrderCompleted || o.Payments[0].Captured != o.Items[0].Amount.Amount {
			t.Fatalf("order %s, payment %+v", o.Status, o.Payments[0])
		}
		if n := w.operations("reached-it.com"); n != 1 {
			t.Errorf("registrations sent: %d, want 1", n)
		}
	})
}

// A registration recorded as sent whose call never left: once no call can
// be on its way, it is cancelled and the hold voided; a stale job for it
// sends nothing.
func TestCancelARegistrationThatNeverLeft(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		o := cutRegistration(t, w, "never-left.com", false)
		id := o.Items[0].ID

		w.clk.Advance(11 * time.Minute)
		if err := w.saga.Cancel(w.ctx, id, "boss@example.com"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.saga.Advance(w.ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := w.drive(); err != nil {
			t.Fatal(err)
		}
		o = w.mustOrder(o.ID)
		if o.Status != store.OrderCancelled || o.Items[0].State != store.ItemCancelled ||
			o.Payments[0].Status != "voided" || o.Payments[0].Captured != 0 {
			t.Fatalf("order %s, item %s, payment %+v", o.Status, o.Items[0].State, o.Payments[0])
		}
		if n := w.operations("never-left.com"); n != 0 {
			t.Errorf("registrations sent: %d, want 0", n)
		}
	})
}

func lastNote(it store.Item) string {
	if len(it.History) == 0 {
		return ""
	}
	return it.History[len(it.History)-1].Note
}

// cutRegistration orders domain and cuts the process at its RegisterDomain
// call: after the registrar took it when reached, before when not. The
// order is returned with nothing scheduled and the cut healed.
func cutRegistration(t *testing.T, w *world, domain string, reached bool) store.Order {
	t.Helper()
	w.cut.arm("Register", reached)
	o, err := w.checkout(register(domain)...)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.drive(); !errors.Is(err, errDied) {
		t.Fatalf("drive: %v", err)
	}
	w.sched.reset()
	w.cut.heal()
	return o
}
