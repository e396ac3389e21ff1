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

// advance runs one saga step of the item and moves the clock over its
// snooze.
func (w *world) advance(id string) saga.Step {
	w.t.Helper()
	step, err := w.saga.Advance(w.ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	w.clk.Advance(step.Snooze)
	return step
}

func (w *world) mustItem(id string) store.Item {
	w.t.Helper()
	it, err := w.st.Item(w.ctx, id)
	if err != nil {
		w.t.Fatal(err)
	}
	return it
}

func notes(it store.Item, part string) int {
	n := 0
	for _, h := range it.History {
		if strings.Contains(h.Note, part) {
			n++
		}
	}
	return n
}

// TestTransferFollowed follows one transfer from acceptance to completion:
// the money is taken when the registrar accepts, the auth code is erased,
// the domain reads "transferring", a wait for the registrant is recorded
// once however often it is seen, and completion makes the domain active
// with the registrar's expiry and the default records in its new zone.
func TestTransferFollowed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		o, err := w.checkout(saga.CheckoutItem{Type: store.ItemTransfer, Domain: "taken-follow.com",
			Years: 1, AuthCode: "s3cret-code"})
		if err != nil {
			t.Fatal(err)
		}
		id := o.Items[0].ID
		if o.Items[0].AuthCode == "" || strings.Contains(o.Items[0].AuthCode, "s3cret") {
			t.Fatalf("auth code stored as %q, want it sealed", o.Items[0].AuthCode)
		}
		if len(o.Payments) != 1 || o.Payments[0].Purpose != store.PurposeTransfer ||
			o.Payments[0].Status != "authorized" || o.Payments[0].Amount != o.Items[0].Amount {
			t.Fatalf("payments %+v", o.Payments)
		}

		w.cut.setFlag("PENDING_CUSTOMER_ACTION")
		if step := w.advance(id); step.Snooze != transferPoll {
			t.Fatalf("first step snoozes %s, want %s", step.Snooze, transferPoll)
		}
		checkAccepted(w, o, id)

		for range 3 {
			w.advance(id)
		}
		it := w.mustItem(id)
		if it.TransferState != "action_required" || !strings.Contains(it.TransferDetail, "approve") {
			t.Errorf("transfer reads %s / %q", it.TransferState, it.TransferDetail)
		}
		full := w.mustOrder(o.ID).Items[0]
		if n := notes(full, "PENDING_CUSTOMER_ACTION"); n != 1 {
			t.Errorf("the wait for the registrant is in the history %d times: %+v", n, full.History)
		}

		w.cut.setFlag("")
		w.advance(id)
		if it := w.mustItem(id); it.TransferState != "in_progress" {
			t.Errorf("after the registrant acted the transfer reads %s", it.TransferState)
		}

		w.clk.Advance(transferDelay)
		w.advance(id)
		checkTransferred(w, o.ID)
	})
}

func checkAccepted(w *world, o store.Order, id string) {
	t := w.t
	t.Helper()
	it := w.mustItem(id)
	if it.State != store.ItemTransferring || it.OperationID == "" || it.AuthCode != "" {
		t.Errorf("after acceptance: state %s, operation %q, auth code %q", it.State, it.OperationID, it.AuthCode)
	}
	p, err := w.st.Payment(w.ctx, it.PaymentID)
	if err != nil || p.Status != "captured" || p.Captured != it.Amount.Amount {
		t.Errorf("payment after acceptance %+v (%v)", p, err)
	}
	d, err := w.st.Domain(w.ctx, o.TenantID, o.ClientID, "taken-follow.com")
	if err != nil || d.Status != store.DomainTransferring || d.OrderItemID != id {
		t.Errorf("domain while transferring %+v (%v)", d, err)
	}
}

func checkTransferred(w *world, orderID string) {
	t := w.t
	t.Helper()
	o := w.mustOrder(orderID)
	if o.Items[0].State != store.ItemCompleted {
		t.Fatalf("item %s: %+v", o.Items[0].State, o.Items[0].History)
	}
	held, err := w.reg.DomainDetail(w.ctx, "taken-follow.com")
	if err != nil {
		t.Fatal(err)
	}
	d, err := w.st.Domain(w.ctx, o.TenantID, o.ClientID, "taken-follow.com")
	if err != nil || d.Status != store.DomainActive || !d.ExpiresAt.Equal(held.Expires) ||
		!held.Expires.After(w.clk.Now().Add(360*24*time.Hour)) {
		t.Errorf("domain %+v (%v), registrar expiry %s", d, err, held.Expires)
	}

	if err := w.saga.Settle(w.ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	o = w.mustOrder(orderID)
	if o.Status != store.OrderCompleted || o.Payments[0].Status != "captured" {
		t.Errorf("settled order %s, payment %+v", o.Status, o.Payments[0])
	}
}

// TestTransferRetriedAfterFailure: a failed transfer is refunded before the
// item fails, its domain row is left gone, and the same client may order
// the transfer again with a new code.
func TestTransferRetriedAfterFailure(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		o, err := w.checkout(saga.CheckoutItem{Type: store.ItemTransfer, Domain: "taken-again.com",
			Years: 1, AuthCode: "bad-code"})
		if err != nil {
			t.Fatal(err)
		}
		w.advance(o.Items[0].ID)
		w.clk.Advance(transferDelay)
		w.advance(o.Items[0].ID)

		o = w.mustOrder(o.ID)
		it, p := o.Items[0], o.Payments[0]
		if it.State != store.ItemFailed || !strings.Contains(it.Error, "auth code") ||
			p.Status != "refunded" || p.Refunded != p.Captured || p.Captured != it.Amount.Amount {
			t.Fatalf("item %s %q, payment %+v", it.State, it.Error, p)
		}
		last := it.History[len(it.History)-1]
		before := it.History[len(it.History)-2]
		if last.State != store.ItemFailed || !strings.Contains(before.Note, "refund of") {
			t.Errorf("the refund is not recorded before the failure: %+v", it.History)
		}
		if d, err := w.st.Domain(w.ctx, o.TenantID, "", "taken-again.com"); err != nil || d.Status != store.DomainGone {
			t.Errorf("domain after a failed transfer %+v (%v)", d, err)
		}

		again, err := w.checkout(saga.CheckoutItem{Type: store.ItemTransfer, Domain: "taken-again.com",
			Years: 1, AuthCode: "new-code"})
		if err != nil {
			t.Fatalf("a retry with a new code was refused: %v", err)
		}
		w.advance(again.Items[0].ID)
		w.clk.Advance(transferDelay)
		w.advance(again.Items[0].ID)
		d, err := w.st.Domain(w.ctx, o.TenantID, o.ClientID, "taken-again.com")
		if err != nil || d.Status != store.DomainActive || d.OrderItemID != again.Items[0].ID {
			t.Errorf("domain after the retry %+v (%v)", d, err)
		}
	})
}

// TestTransferRefusedBeforePayment: a locked domain is refused with
// not_transferable before any order or payment exists.
func TestTransferRefusedBeforePayment(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		_, err := w.checkout(saga.CheckoutItem{Type: store.ItemTransfer, Domain: "locked-shop.com",
			Years: 1, AuthCode: "code"})
		var fe *saga.ConflictError
		if !asField(err, &fe) || fe.Code != "not_transferable" || fe.Field != "items.0.domain" {
			t.Fatalf("locked transfer: %v", err)
		}
		var n int
		if err := db.QueryRow(w.ctx, `SELECT count(*) FROM sandbox_payments`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d payments at the gateway (%v)", n, err)
		}
		if orders, _ := w.st.Orders(w.ctx, w.tenant.ID, "", 10); len(orders) != 0 {
			t.Errorf("an order was recorded: %+v", orders)
		}
	})
}

func TestPolicyPerItemType(t *testing.T) {
	if saga.PolicyFor(store.ItemTransfer) != saga.CaptureOnAcceptance ||
		saga.PolicyFor(store.ItemRegister) != saga.CaptureWhenSettled {
		t.Fatal("wrong policies")
	}
	if !strings.Contains(saga.CaptureOnAcceptance.Describe(), "refunded") {
		t.Errorf("transfer policy text: %s", saga.CaptureOnAcceptance.Describe())
	}
}

func asField(err error, target **saga.ConflictError) bool { return errors.As(err, target) }

// TestTransferCaptureRefused: the card refuses the capture at acceptance;
// the refusal is recorded, the transfer goes on, and the settled order
// says the capture failed.
func TestTransferCaptureRefused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		o, err := w.saga.Checkout(w.ctx, saga.CheckoutRequest{Tenant: w.tenant, Client: w.client,
			Items: []saga.CheckoutItem{{Type: store.ItemTransfer, Domain: "taken-card.com", Years: 1,
				AuthCode: "code"}}, Contact: contact(), Card: "4000000000000341"})
		if err != nil {
			t.Fatal(err)
		}
		id := o.Items[0].ID
		w.advance(id)
		it := w.mustOrder(o.ID).Items[0]
		if p := w.mustOrder(o.ID).Payments[0]; p.Status != "declined" || p.Captured != 0 ||
			it.State != store.ItemTransferring || notes(it, "charge for the accepted transfer failed") != 1 {
			t.Fatalf("after a refused capture: payment %+v, item %s %+v", p, it.State, it.History)
		}

		w.clk.Advance(transferDelay)
		w.advance(id)
		if err := w.saga.Settle(w.ctx, o.ID); err != nil {
			t.Fatal(err)
		}
		o = w.mustOrder(o.ID)
		if o.Items[0].State != store.ItemCompleted || o.Status != store.OrderCompleted ||
			!strings.Contains(o.Error, "capture failed") {
			t.Errorf("order %s %q, item %s", o.Status, o.Error, o.Items[0].State)
		}
		if a, err := w.gw.Get(w.ctx, o.Payments[0].ProviderID); err != nil || a.Captured.Amount != 0 {
			t.Errorf("gateway %+v (%v)", a, err)
		}
	})
}
