package e2e

import (
	"context"
	"html"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/app"
	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/registrar/namecheap/namecheaptest"
)

// xferPoll is how often the saga looks at a transfer in the registrar
// transfer flows; the product's own interval is an hour at least.
const xferPoll = 50 * time.Millisecond

// xferStart runs the product with the named registrar adapter like
// startWithRegistrar, with the saga looking at transfers every xferPoll.
// The adapter's settings must already be in the process environment.
func xferStart(t *testing.T, name, databaseURL string) *apptest.Harness {
	t.Helper()
	h, _ := apptest.StartStoppable(t, apptest.Options{DatabaseURL: databaseURL, Env: map[string]string{
		"PROECOMMERCE_REGISTRAR":      name,
		"PROECOMMERCE_DNS":            "sandbox",
		"PROECOMMERCE_PAYMENTS":       "sandbox",
		"PROECOMMERCE_REGISTRAR_POLL": "50ms",
	}}, func(a *app.App) { a.Saga.TransferPollInterval = xferPoll })
	return h
}

// ncNow is the Namecheap fake's clock in the transfer flow.
var ncNow = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)

func TestNamecheapTransferEndToEnd(t *testing.T) {
	for _, target := range apptest.Targets(t) {
		t.Run(target.Name, func(t *testing.T) { ncTransferFlow(t, target.URL) })
	}
}

// ncTransferFlow: a name Namecheap says is not registered is refused
// before payment; a transfer is charged when transfer.create accepts it,
// shows the step that needs the client while getStatus reports it, and
// completes with the registrar's expiry; a cancelled one is refunded.
func ncTransferFlow(t *testing.T, databaseURL string) {
	fake := namecheaptest.New()
	t.Cleanup(fake.Close)
	fake.Taken["moving-in.com"], fake.Taken["stuck-in.com"] = true, true
	fake.Now = func() time.Time { return ncNow }

	t.Setenv("NAMECHEAP_API_USER", namecheaptest.APIUser)
	t.Setenv("NAMECHEAP_API_KEY", namecheaptest.APIKey)
	t.Setenv("NAMECHEAP_USERNAME", namecheaptest.UserName)
	t.Setenv("NAMECHEAP_CLIENT_IP", namecheaptest.ClientIP)
	t.Setenv("PROECOMMERCE_NAMECHEAP_API_URL", fake.URL+"/xml.response")
	h := xferStart(t, "namecheap", databaseURL)
	c := signUp(t, h, "ada@example.com")

	xferRefusedBeforePayment(t, h, c, "free-name.com", "not registered")
	if n := len(fake.Calls("namecheap.domains.transfer.create")); n != 0 {
		t.Fatalf("transfer.create sent %d times for a refused transfer", n)
	}

	good := xferAccepted(t, h, c, placeTransfer(t, c, "moving-in.com", "EPP-good-1"))
	id := ncTransferID(t, fake, "moving-in.com")
	form := fake.Calls("namecheap.domains.transfer.create")[0]
	if form.Get("EPPCode") != "EPP-good-1" || form.Get("Years") != "1" {
		t.Errorf("transfer.create form %v", form)
	}

	fake.SetTransferStatus(id, "Awaiting EPP code confirmation from the registrant")
	xferShows(t, h, c, good, "action_required", "Awaiting EPP code")
	fake.SetTransferStatus(id, "Completed")
	good = xferSettled(t, h, c, good)
	xferCompleted(t, c, good, "namecheap", ncNow.AddDate(1, 0, 0))
	if n := len(fake.Calls("namecheap.domains.dns.setCustom")); n != 1 {
		t.Errorf("dns.setCustom sent %d times: the registrar must be pointed at the zone once", n)
	}

	ncNoAuthCode(t, h, fake, "moving-in.com")

	bad := xferAccepted(t, h, c, placeTransfer(t, c, "stuck-in.com", "EPP-wrong"))
	fake.SetTransferStatus(ncTransferID(t, fake, "stuck-in.com"), "Cancelled: the EPP code is wrong")
	bad = xferSettled(t, h, c, bad)
	xferRefunded(t, h, c, bad, "EPP code is wrong")
	xferAgainInCart(t, h, c, "stuck-in.com")

	xferGateway(t, h, 2, good.Items[0].Amount.Amount+bad.Items[0].Amount.Amount, bad.Items[0].Amount.Amount)
	if n := len(fake.Calls("namecheap.domains.transfer.create")); n != 2 {
		t.Errorf("transfer.create sent %d times, want one per transfer", n)
	}
}

// ncNoAuthCode: Namecheap's API cannot return an auth code, so the admin's
// request is a conflict that says why, and nothing is sent to Namecheap.
func ncNoAuthCode(t *testing.T, h *apptest.Harness, fake *namecheaptest.Server, domain string) {
	t.Helper()
	before := len(fake.Calls(""))
	var e apiError
	st := h.AdminClient().Do("POST", "/api/v1/domains/"+domain+"/auth-code", nil, &e)
	if st != 409 || e.Error.Code != "conflict" || !strings.Contains(e.Error.Message, "cannot retrieve auth codes") {
		t.Errorf("auth code of a Namecheap domain: %d %+v", st, e)
	}
	if after := len(fake.Calls("")); after != before {
		t.Errorf("%d Namecheap calls for a refused auth code", after-before)
	}
}

// ncTransferID is the fake's TransferID of the domain's only transfer.
func ncTransferID(t *testing.T, fake *namecheaptest.Server, domain string) int {
	t.Helper()
	var ids []int
	for _, tr := range fake.Transfers() {
		if tr.Domain == domain {
			ids = append(ids, tr.ID)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("transfers of %s at the fake: %v", domain, fake.Transfers())
	}
	return ids[0]
}

// xferRefusedBeforePayment: the transfer order is refused with 409
// not_transferable, the reason in words, before the gateway is asked.
func xferRefusedBeforePayment(t *testing.T, h *apptest.Harness, c *apptest.Client, domain, why string) {
	t.Helper()
	before := sandboxPayments(t, h)
	var e apiError
	st := c.Do("POST", "/api/v1/orders", transferBody(domain, "any-code"), &e)
	if st != 409 || e.Error.Code != "not_transferable" || e.Error.Field != "items.0.domain" ||
		!strings.Contains(e.Error.Message, why) {
		t.Fatalf("transfer of %s: %d %+v, want not_transferable saying %q", domain, st, e, why)
	}
	if after := sandboxPayments(t, h); after != before {
		t.Errorf("a refused transfer reached the gateway (%d payments, was %d)", after, before)
	}
}

// xferAccepted waits until the registrar accepted the transfer and its
// amount was captured, once.
func xferAccepted(t *testing.T, h *apptest.Harness, c *apptest.Client, o transferOrder) transferOrder {
	t.Helper()
	// The capture and its history note are two writes: wait for both.
	h.Eventually(30*time.Second, "the transfer accepted and charged", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Items[0].State == "transferring" && o.Payments[0].Status == "captured" &&
			xferNotes(o, "captured") > 0
	})
	it, p := o.Items[0], o.Payments[0]
	if p.Captured != it.Amount || p.Refunded.Amount != 0 || xferNotes(o, "captured") != 1 {
		t.Fatalf("at acceptance: payment %+v, amount %+v, history %+v", p, it.Amount, it.History)
	}
	return o
}

// xferShows waits until the domain page shows the transfer in state with
// detail, and checks the order item says the same.
func xferShows(t *testing.T, h *apptest.Harness, c *apptest.Client, o transferOrder, state, detail string) {
	t.Helper()
	var d domainView
	h.Eventually(30*time.Second, "the domain to show "+state, func() bool {
		c.Do("GET", "/api/v1/domains/"+o.Items[0].Domain, nil, &d)
		return d.Transfer != nil && d.Transfer.State == state && strings.Contains(d.Transfer.Detail, detail)
	})
	c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
	it := o.Items[0]
	if d.Status != "transferring" || it.Transfer == nil || *it.Transfer != *d.Transfer || xferNotes(o, detail) == 0 {
		t.Errorf("while %s: domain %s %+v, item %+v, history %+v", state, d.Status, d.Transfer, it.Transfer, it.History)
	}
	xferPageShows(t, h, c, o.Items[0].Domain, `id="transfer-state" class="status status-`+state+`">`+state, detail)
}

// xferAgainInCart sends the domain page's "transfer again" form with a new
// auth code: the transfer is in the cart, ready for checkout.
func xferAgainInCart(t *testing.T, h *apptest.Harness, c *apptest.Client, domain string) {
	t.Helper()
	resp, err := c.HTTP.PostForm(h.URL+"/cart/transfer", url.Values{"domain": {domain}, "auth_code": {"EPP-new-2"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/cart" || !strings.Contains(string(raw), domain) {
		t.Errorf("transfer again: %d at %s, cart holds %s: %v", resp.StatusCode, resp.Request.URL.Path, domain,
			strings.Contains(string(raw), domain))
	}
}

// xferPageShows: the client's domain page in the portal holds each part.
func xferPageShows(t *testing.T, h *apptest.Harness, c *apptest.Client, domain string, parts ...string) {
	t.Helper()
	resp, err := c.HTTP.Get(h.URL + "/domains/" + domain)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	page := html.UnescapeString(string(raw))
	for _, part := range parts {
		if resp.StatusCode != 200 || !strings.Contains(page, part) {
			t.Errorf("domain page of %s (%d) lacks %q", domain, resp.StatusCode, part)
		}
	}
}

// xferSettled waits for the transfer order to end.
func xferSettled(t *testing.T, h *apptest.Harness, c *apptest.Client, o transferOrder) transferOrder {
	t.Helper()
	h.Eventually(30*time.Second, "the transfer to end", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open" && o.Items[0].State != "transferring"
	})
	return o
}

// xferCompleted: the order completed with one capture and no refund; the
// domain is active at the registrar with the expiry the registrar reports.
func xferCompleted(t *testing.T, c *apptest.Client, o transferOrder, registrarName string, expires time.Time) {
	t.Helper()
	it, p := o.Items[0], o.Payments[0]
	if o.Status != "completed" || it.State != "completed" || it.Transfer == nil || it.Transfer.State != "completed" {
		t.Fatalf("completed transfer: order %s, item %s %+v", o.Status, it.State, it.Transfer)
	}
	if p.Status != "captured" || p.Captured != it.Amount || p.Refunded.Amount != 0 || xferNotes(o, "captured") != 1 {
		t.Errorf("payment %+v, history %+v: want one capture of %+v", p, it.History, it.Amount)
	}
	domainActive(t, c, it.Domain, registrarName, expires)
}

// xferRefunded: the order failed saying why, the capture was refunded in
// full, and the domain page shows the failure.
func xferRefunded(t *testing.T, h *apptest.Harness, c *apptest.Client, o transferOrder, why string) {
	t.Helper()
	it, p := o.Items[0], o.Payments[0]
	if o.Status != "failed" || it.State != "failed" || !strings.Contains(it.Error, why) {
		t.Fatalf("failed transfer: order %s, item %s %q", o.Status, it.State, it.Error)
	}
	if p.Status != "refunded" || p.Captured != it.Amount || p.Refunded != p.Captured {
		t.Errorf("payment %+v: want the capture of %+v refunded in full", p, it.Amount)
	}
	var d domainView
	if st := c.Do("GET", "/api/v1/domains/"+it.Domain, nil, &d); st != 200 || d.Status != "gone" ||
		d.Transfer == nil || d.Transfer.State != "failed" || !strings.Contains(d.Transfer.Detail, why) {
		t.Errorf("domain after a failed transfer: %d %+v %+v", st, d, d.Transfer)
	}
	xferPageShows(t, h, c, it.Domain, `status-failed">failed`, why, "refunded in full",
		`id="transfer-again"`, `name="domain" value="`+it.Domain+`"`)
}

// xferGateway: the sandbox gateway holds n payments, captured and refunded
// by the sums given (a second capture would show).
func xferGateway(t *testing.T, h *apptest.Harness, n int, captured, refunded int64) {
	t.Helper()
	var count int
	var c, r int64
	err := h.App.DB.QueryRow(context.Background(),
		`SELECT count(*), COALESCE(SUM(captured), 0), COALESCE(SUM(refunded), 0) FROM sandbox_payments`).Scan(&count, &c, &r)
	if err != nil || count != n || c != captured || r != refunded {
		t.Errorf("gateway: %d payments, captured %d, refunded %d (%v); want %d, %d, %d", count, c, r, err,
			n, captured, refunded)
	}
}

// xferNotes counts the item's history entries that hold the word.
func xferNotes(o transferOrder, word string) int {
	n := 0
	for _, e := range o.Items[0].History {
		if strings.Contains(e.Note, word) {
			n++
		}
	}
	return n
}
