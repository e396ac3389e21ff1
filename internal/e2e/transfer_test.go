package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
)

type transferOrder struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Payments []struct {
		Purpose    string `json:"purpose"`
		Status     string `json:"status"`
		Amount     money  `json:"amount"`
		Authorized money  `json:"authorized"`
		Captured   money  `json:"captured"`
		Refunded   money  `json:"refunded"`
	} `json:"payments"`
	Items []struct {
		ID       string `json:"id"`
		Domain   string `json:"domain"`
		State    string `json:"state"`
		Error    string `json:"error"`
		Amount   money  `json:"amount"`
		Transfer *struct {
			State  string `json:"state"`
			Detail string `json:"detail"`
		} `json:"transfer"`
		History []struct {
			State string `json:"state"`
			Note  string `json:"note"`
		} `json:"history"`
	} `json:"items"`
}

type domainView struct {
	Domain    string  `json:"domain"`
	Status    string  `json:"status"`
	ExpiresAt *string `json:"expires_at"`
	Transfer  *struct {
		State  string `json:"state"`
		Detail string `json:"detail"`
	} `json:"transfer"`
}

func transferBody(domain, code string) map[string]any {
	return map[string]any{
		"items":   []map[string]any{{"type": "transfer", "domain": domain, "years": 1, "auth_code": code}},
		"contact": contact(), "payment": map[string]string{"card": "4242424242424242"},
	}
}

// TestTransferEndToEnd drives transfers in through the real server: a
// locked name is refused before any payment, a good code completes with
// the money taken when the registrar accepted, and a bad code fails and is
// refunded in full, with the auth code gone from the database.
func TestTransferEndToEnd(t *testing.T) {
	for _, target := range apptest.Targets(t) {
		t.Run(target.Name, func(t *testing.T) {
			h := apptest.Start(t, apptest.Options{DatabaseURL: target.URL,
				Env: map[string]string{"PROECOMMERCE_SANDBOX_TRANSFER_DELAY": "3s"}})
			c := signUp(t, h, "grace@example.com")

			checkLockedRefused(t, h, c)
			good := placeTransfer(t, c, "taken-moving.com", "good-code-1")
			// Any name but a locked- one transfers in the sandbox.
			plain := placeTransfer(t, c, "moving-in.com", "good-code-2")
			bad := placeTransfer(t, c, "taken-stuck.com", "bad-code")
			checkTransferring(t, h, c, good)

			var o transferOrder
			h.Eventually(30*time.Second, "the transfers to end", func() bool {
				c.Do("GET", "/api/v1/orders/"+good.ID, nil, &good)
				c.Do("GET", "/api/v1/orders/"+plain.ID, nil, &plain)
				c.Do("GET", "/api/v1/orders/"+bad.ID, nil, &o)
				return good.Status != "open" && plain.Status != "open" && o.Status != "open"
			})
			checkCompleted(t, c, good)
			checkCompleted(t, c, plain)
			checkRefunded(t, h, c, o)
		})
	}
}

func sandboxPayments(t *testing.T, h *apptest.Harness) int {
	t.Helper()
	var n int
	if err := h.App.DB.QueryRow(context.Background(), `SELECT count(*) FROM sandbox_payments`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func checkLockedRefused(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	t.Helper()
	before := sandboxPayments(t, h)
	var e apiError
	st := c.Do("POST", "/api/v1/orders", transferBody("locked-vault.com", "any-code"), &e)
	if st != 409 || e.Error.Code != "not_transferable" || e.Error.Field != "items.0.domain" {
		t.Fatalf("locked transfer: %d %+v", st, e)
	}
	if after := sandboxPayments(t, h); after != before {
		t.Errorf("a refused transfer reached the gateway (%d payments, was %d)", after, before)
	}
	var list struct {
		Orders []struct{ ID string } `json:"orders"`
	}
	if st := c.Do("GET", "/api/v1/orders", nil, &list); st == 200 && len(list.Orders) != 0 {
		t.Errorf("a refused transfer left an order: %+v", list.Orders)
	}
}

func placeTransfer(t *testing.T, c *apptest.Client, domain, code string) transferOrder {
	t.Helper()
	var o transferOrder
	st := c.Do("POST", "/api/v1/orders", transferBody(domain, code), &o)
	if st != 201 || len(o.Payments) != 1 || len(o.Items) != 1 {
		t.Fatalf("transfer of %s: %d %+v", domain, st, o)
	}
	p := o.Payments[0]
	if p.Purpose != "transfer" || p.Status != "authorized" || p.Authorized != o.Items[0].Amount ||
		p.Captured.Amount != 0 {
		t.Fatalf("transfer payment at checkout %+v", p)
	}
	return o
}

// checkTransferring watches the transfer while it runs: the domain reads
// transferring with where the transfer stands, and the payment is taken
// once the registrar has accepted.
func checkTransferring(t *testing.T, h *apptest.Harness, c *apptest.Client, o transferOrder) {
	t.Helper()
	h.Eventually(10*time.Second, "the transfer to be accepted and charged", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Items[0].State == "transferring" && o.Payments[0].Status == "captured"
	})
	if o.Payments[0].Captured != o.Items[0].Amount {
		t.Errorf("captured %+v at acceptance, want %+v", o.Payments[0].Captured, o.Items[0].Amount)
	}

	var d domainView
	st := c.Do("GET", "/api/v1/domains/"+o.Items[0].Domain, nil, &d)
	if st != 200 || d.Status != "transferring" || d.Transfer == nil ||
		(d.Transfer.State != "submitted" && d.Transfer.State != "in_progress") {
		t.Errorf("domain while transferring: %d %+v %+v", st, d, d.Transfer)
	}
}

func checkCompleted(t *testing.T, c *apptest.Client, o transferOrder) {
	t.Helper()
	it, p := o.Items[0], o.Payments[0]
	if o.Status != "completed" || it.State != "completed" || p.Status != "captured" ||
		p.Captured != it.Amount || p.Refunded.Amount != 0 {
		t.Fatalf("completed transfer: order %s, item %s, payment %+v", o.Status, it.State, p)
	}

	var d domainView
	if st := c.Do("GET", "/api/v1/domains/"+it.Domain, nil, &d); st != 200 || d.Status != "active" ||
		d.ExpiresAt == nil || d.Transfer == nil || d.Transfer.State != "completed" {
		t.Fatalf("transferred domain: %d %+v", st, d)
	}
	exp, err := time.Parse(time.RFC3339, *d.ExpiresAt)
	if err != nil || exp.Before(time.Now().AddDate(1, 0, -2)) {
		t.Errorf("expiry %s (%v): want about a year from now, as the registrar set it", *d.ExpiresAt, err)
	}
}

func checkRefunded(t *testing.T, h *apptest.Harness, c *apptest.Client, o transferOrder) {
	t.Helper()
	it, p := o.Items[0], o.Payments[0]
	if o.Status != "failed" || it.State != "failed" || it.Error == "" {
		t.Fatalf("bad-code transfer: order %s, item %s %q", o.Status, it.State, it.Error)
	}
	if p.Status != "refunded" || p.Captured.Amount == 0 || p.Refunded != p.Captured {
		t.Errorf("bad-code payment %+v: want the capture refunded in full", p)
	}
	if it.Transfer == nil || it.Transfer.State != "failed" {
		t.Errorf("item transfer %+v", it.Transfer)
	}

	var code string
	err := h.App.DB.QueryRow(context.Background(), `SELECT auth_code FROM order_items WHERE id = ?`,
		it.ID).Scan(&code)
	if err != nil || code != "" {
		t.Errorf("auth code column after use: %q (%v)", code, err)
	}

	var d domainView
	if st := c.Do("GET", "/api/v1/domains/taken-stuck.com", nil, &d); st != 200 || d.Status != "gone" ||
		d.Transfer == nil || d.Transfer.State != "failed" {
		t.Errorf("domain after a failed transfer: %d %+v", st, d)
	}
}
