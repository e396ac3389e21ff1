package e2e

import (
	"context"
	"testing"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/store"
)

// A registrar that throttles and loses answers (after it acted) does not
// make the product register twice, charge twice, or leave money or a
// domain behind: each name reaches the registrar once, the card is charged
// once for exactly the names registered, and one invoice lists them.
func TestFaultyRegistrarChargesOnce(t *testing.T) {
	faults := &apptest.Faults{
		Throttle:   map[string]int{"throttled-fault.com": 1, "taken-throttled-fault.com": 1},
		LoseAnswer: []string{"lost-fault.com", "fail-lost-fault.com", "taken-lost-fault.com"},
	}
	h := apptest.StartWith(t, apptest.Options{}, apptest.Extras{WrapRegistrar: faults.Wrap})
	c, client := h.UserClient(h.Tenant, "faults@iso.test", store.RoleClient)

	reg := func(d string) map[string]any { return map[string]any{"type": "register", "domain": d, "years": 1} }
	xfer := func(d string) map[string]any {
		return map[string]any{"type": "transfer", "domain": d, "years": 1, "auth_code": "good-code"}
	}
	o := placeOrder(t, c, reg("throttled-fault.com"), reg("lost-fault.com"), reg("fail-lost-fault.com"))
	x := placeOrder(t, c, xfer("taken-throttled-fault.com"), xfer("taken-lost-fault.com"))

	o = waitSettled(t, h, c, o.ID)
	waitItemsTerminal(t, h, c, x.ID)
	want := map[string]string{"throttled-fault.com": "completed", "lost-fault.com": "completed",
		"fail-lost-fault.com": "failed"}
	for _, it := range o.Items {
		if it.State != want[it.Domain] {
			t.Errorf("%s ended %s, want %s (%s)", it.Domain, it.State, want[it.Domain], it.Error)
		}
	}
	for d := range want {
		if n := faults.Reached("Register", d); n != 1 {
			t.Errorf("%s reached the registrar %d times", d, n)
		}
	}
	for _, d := range []string{"taken-throttled-fault.com", "taken-lost-fault.com"} {
		if n := faults.Reached("TransferIn", d); n != 1 {
			t.Errorf("the transfer of %s reached the registrar %d times", d, n)
		}
	}
	if o.Status != "partially_completed" || o.Payment.Status != "partially_captured" ||
		o.Payment.Captured != (money{2880, "USD"}) {
		t.Errorf("order %s, payment %+v: want 2 of 3 names captured", o.Status, o.Payment)
	}
	checkBooks(t, h, client.ID, o.ID)
}

// checkBooks compares what the card gateway took with what the product
// recorded: one invoice line per registered name, no domain for a failed
// one, and the gateway's captures equal to the product's.
func checkBooks(t *testing.T, h *apptest.Harness, clientID, orderID string) {
	t.Helper()
	ctx := context.Background()
	db := h.App.Store.DB()
	count := func(q string, args ...any) int64 {
		var n int64
		if err := db.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}

	if n := count(`SELECT count(*) FROM invoices WHERE order_id = ?`, orderID); n != 1 {
		t.Errorf("%d invoices for the order", n)
	}
	if n := count(`SELECT count(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
		WHERE i.order_id = ?`, orderID); n != 2 {
		t.Errorf("%d invoice lines, want one per registered name", n)
	}
	if n := count(`SELECT count(*) FROM domains WHERE name = 'fail-lost-fault.com'`); n != 0 {
		t.Errorf("a failed registration left a domain")
	}
	if n := count(`SELECT count(*) FROM domains WHERE client_id = ? AND name IN ('throttled-fault.com', 'lost-fault.com')`,
		clientID); n != 2 {
		t.Errorf("%d of the 2 registered domains are recorded", n)
	}

	ours := count(`SELECT coalesce(sum(captured - refunded), 0) FROM payments WHERE order_id = ?`, orderID)
	var gateway int64
	for _, id := range providerIDs(t, h, orderID) {
		gateway += count(`SELECT captured - refunded FROM sandbox_payments WHERE id = ?`, id)
	}
	if ours != 2880 || gateway != ours {
		t.Errorf("the product recorded %d captured and the gateway %d; want 2880 both", ours, gateway)
	}
}

func providerIDs(t *testing.T, h *apptest.Harness, orderID string) []string {
	t.Helper()
	rows, err := h.App.Store.DB().Query(context.Background(),
		`SELECT provider_id FROM payments WHERE order_id = ?`, orderID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}
