package saga_test

import (
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/saga"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// scenario is an order whose saga is cut at each external call in turn.
type scenario struct {
	name  string
	items func(n int) []saga.CheckoutItem
	// want is each item's final state, in order, and the order's status,
	// when the payment was authorised.
	want   []string
	status string
	calls  []string
}

var scenarios = []scenario{
	{
		name: "registrations",
		items: func(n int) []saga.CheckoutItem {
			return []saga.CheckoutItem{
				{Type: store.ItemRegister, Domain: label("good-", n) + ".com", Years: 1},
				{Type: store.ItemRegister, Domain: label("fail-", n) + ".com", Years: 1},
				{Type: store.ItemRegister, Domain: label("reject-", n) + ".com", Years: 2},
			}
		},
		want:   []string{store.ItemCompleted, store.ItemFailed, store.ItemFailed},
		status: store.OrderPartiallyCompleted,
		calls: []string{"Authorize", "Register", "Operation", "DomainDetail", "EnsureZone", "Apply",
			"SetNameservers", "Get", "Capture"},
	},
	{
		name: "registrations all failing",
		items: func(n int) []saga.CheckoutItem {
			return []saga.CheckoutItem{
				{Type: store.ItemRegister, Domain: label("fail-", n) + ".net", Years: 1},
				{Type: store.ItemRegister, Domain: label("reject-", n) + ".net", Years: 1},
			}
		},
		want:   []string{store.ItemFailed, store.ItemFailed},
		status: store.OrderFailed,
		calls:  []string{"Authorize", "Register", "Operation", "Get", "Void"},
	},
	{
		name: "transfer",
		items: func(n int) []saga.CheckoutItem {
			return []saga.CheckoutItem{{Type: store.ItemTransfer, Domain: label("taken-", n) + ".com",
				Years: 1, AuthCode: "good-code-123"}}
		},
		want:   []string{store.ItemCompleted},
		status: store.OrderCompleted,
		calls: []string{"Authorize", "TransferIn", "Operation", "Get", "Capture", "DomainDetail",
			"EnsureZone", "Apply", "SetNameservers"},
	},
	{
		name: "transfer with a bad code",
		items: func(n int) []saga.CheckoutItem {
			return []saga.CheckoutItem{{Type: store.ItemTransfer, Domain: label("taken-", n) + ".net",
				Years: 1, AuthCode: "bad-code"}}
		},
		want:   []string{store.ItemFailed},
		status: store.OrderFailed,
		calls:  []string{"Authorize", "TransferIn", "Operation", "Get", "Capture", "Refund"},
	},
}

// TestCrashRecovery cuts the saga at every external call of each scenario,
// before the call and right after it (the provider did the work, the
// answer was lost), then restarts it with healthy providers and checks
// that it converges: nothing registered or captured twice, nothing
// captured without a domain, every item terminal, the order's status right.
func TestCrashRecovery(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		n := 0
		for _, sc := range scenarios {
			for _, call := range append([]string{""}, sc.calls...) {
				for _, after := range []bool{false, true} {
					if call == "" && after {
						continue
					}
					n++
					name := sc.name + "/" + cutName(call, after)
					t.Run(name, func(t *testing.T) {
						w.t = t
						runCut(w, sc, n, call, after)
					})
				}
			}
		}
	})
}

func cutName(call string, after bool) string {
	switch {
	case call == "":
		return "no cut"
	case after:
		return "after " + call
	}
	return "before " + call
}

func runCut(w *world, sc scenario, n int, call string, after bool) {
	t := w.t
	w.sched.reset()
	w.cut.arm(call, after)

	o, err := w.checkout(sc.items(n)...)
	if err == nil {
		err = w.drive()
	}
	if call != "" && !w.cut.hasFired() {
		t.Fatalf("the cut at %s never fired", call)
	}
	if call != "" && !errors.Is(err, errDied) {
		t.Fatalf("run with a cut at %s ended with %v", call, err)
	}
	if call == "" && err != nil {
		t.Fatal(err)
	}
	if o.ID == "" {
		t.Fatal("checkout recorded no order")
	}
	w.restart(o.ID)

	o = w.mustOrder(o.ID)
	want, status := sc.want, sc.status
	if call == "Authorize" {
		// The gateway's answer never arrived: the checkout is given up.
		want, status = repeat(store.ItemCancelled, len(sc.want)), store.OrderFailed
	}
	checkItems(w, o, want)
	if o.Status != status {
		t.Errorf("order %s, want %s (error %q)", o.Status, status, o.Error)
	}
	checkRegistrar(w, o)
	checkPayments(w, o)
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func checkItems(w *world, o store.Order, want []string) {
	t := w.t
	t.Helper()
	for i, it := range o.Items {
		if it.State != want[i] {
			t.Errorf("%s is %s, want %s; history %+v", it.Domain, it.State, want[i], it.History)
		}
		if it.Type == store.ItemTransfer && it.AuthCode != "" {
			t.Errorf("%s: the auth code is still stored", it.Domain)
		}
		if it.State == store.ItemFailed && it.Error == "" {
			t.Errorf("%s failed without a reason", it.Domain)
		}
	}
}

// checkRegistrar: at most one registration or transfer per name at the
// registrar, and a domain exactly for each completed item.
func checkRegistrar(w *world, o store.Order) {
	t := w.t
	t.Helper()
	for _, it := range o.Items {
		if ops := w.operations(it.Domain); ops > 1 {
			t.Errorf("%s: %d operations at the registrar", it.Domain, ops)
		}
		d, err := w.st.Domain(w.ctx, o.TenantID, "", it.Domain)
		held, derr := w.reg.DomainDetail(w.ctx, it.Domain)
		if it.State != store.ItemCompleted {
			if err == nil && d.Status != store.DomainGone {
				t.Errorf("%s is not completed but its domain is %s", it.Domain, d.Status)
			}
			if derr == nil && it.Type == store.ItemRegister {
				t.Errorf("%s is held at the registrar but its item is %s", it.Domain, it.State)
			}
			continue
		}
		if err != nil || d.Status != store.DomainActive || d.ClientID != o.ClientID {
			t.Errorf("%s completed but its domain is %+v (%v)", it.Domain, d, err)
			continue
		}
		if derr != nil || !d.ExpiresAt.Equal(held.Expires) || d.ZoneID == "" {
			t.Errorf("%s: expiry %s, registrar %s (%v), zone %q", it.Domain, d.ExpiresAt, held.Expires, derr, d.ZoneID)
		}
		if w.operations(it.Domain) != 1 {
			t.Errorf("%s completed with %d operations", it.Domain, w.operations(it.Domain))
		}
	}
}

// checkPayments: the registrations' authorisation is captured once, for
// the completed registrations; a transfer's payment is kept only when the
// transfer completed and is otherwise given back in full.
func checkPayments(w *world, o store.Order) {
	t := w.t
	t.Helper()
	for _, p := range o.Payments {
		captured, refunded, ok := w.gatewayAmounts(p)
		var due int64
		for _, it := range o.Items {
			if it.PaymentID == p.ID && it.State == store.ItemCompleted {
				due += it.Amount.Amount
			}
		}
		switch {
		case !ok:
			t.Errorf("payment %s (%s) unknown at the gateway", p.ID, p.Status)
		case p.Purpose == store.PurposeRegistrations && (captured != due || refunded != 0):
			t.Errorf("registrations: captured %d refunded %d, want %d captured", captured, refunded, due)
		case p.Purpose == store.PurposeTransfer && captured-refunded != due:
			t.Errorf("transfer: captured %d refunded %d, want %d kept", captured, refunded, due)
		case p.Captured != captured || p.Refunded != refunded:
			t.Errorf("payment %s recorded %d/%d, gateway %d/%d", p.ID, p.Captured, p.Refunded, captured, refunded)
		}
		if due > 0 && p.Status != "captured" && p.Status != "partially_captured" {
			t.Errorf("payment %s is %s with %d due", p.ID, p.Status, due)
		}
	}
}

// gatewayAmounts reads a payment at the sandbox gateway, by the id we
// recorded or, when the answer to the authorisation was lost, by its
// idempotency key.
func (w *world) gatewayAmounts(p store.Payment) (captured, refunded int64, ok bool) {
	if p.ProviderID != "" {
		a, err := w.gw.Get(w.ctx, p.ProviderID)
		return a.Captured.Amount, a.Refunded.Amount, err == nil
	}
	err := w.db.QueryRow(w.ctx, `SELECT captured, refunded FROM sandbox_payments
		WHERE idempotency_key = ?`, p.ID+":authorize").Scan(&captured, &refunded)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, true // the authorisation never reached the gateway
	}
	if err != nil && !strings.Contains(err.Error(), "no rows") {
		w.t.Fatal(err)
	}
	return captured, refunded, err == nil || strings.Contains(err.Error(), "no rows")
}
