package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
)

// Secrets never reach a log line or an answer: a transfer's auth code,
// the card number, passwords, API tokens, session ids and configured keys,
// through an order whose registrar throttles and loses answers.
func TestSecretsStayOutOfLogsAndAnswers(t *testing.T) {
	logs := &apptest.LogBuffer{}
	faults := &apptest.Faults{LoseAnswer: []string{"*"}}
	h := apptest.StartWith(t, apptest.Options{Env: map[string]string{
		"STRIPE_SECRET_KEY":     "sk_test_51NeverShowThisKey",
		"STRIPE_WEBHOOK_SECRET": "whsec_NeverShowThisEither",
	}}, apptest.Extras{Logs: logs, WrapRegistrar: faults.Wrap})
	w := newWorld(t, h)

	// A client who signs up in a browser, so a session id exists.
	browser := h.NewClient()
	form := url.Values{"name": {"Grace"}, "email": {"grace@iso.test"}, "password": {"Gr4ce-Passw0rd!"}}
	send(t, h, browser, "POST", "/signup", formType, form.Encode(), nil)
	session := ""
	for _, c := range browser.HTTP.Jar.Cookies(mustURL(t, h.URL)) {
		if c.Name == "proecommerce_session" {
			session = c.Value
		}
	}
	if session == "" {
		t.Fatal("no session after sign-up")
	}

	// A password reset link, mailed to the owner.
	send(t, h, h.NewClient(), "POST", "/password/forgot", formType, "email=owner%40iso.test", nil)
	resetToken := mailedResetToken(t, h, "owner@iso.test")

	transfer := placeOrder(t, w.callers[owner], map[string]any{"type": "transfer", "domain": "taken-secret.com",
		"years": 1, "auth_code": "S3cr3t-Auth-Code"})
	o := placeOrder(t, w.callers[owner], map[string]any{"type": "register", "domain": "fail-secret.com", "years": 1},
		map[string]any{"type": "register", "domain": "fine-secret.com", "years": 1})
	for _, id := range []string{transfer.ID, o.ID} {
		waitItemsTerminal(t, h, w.callers[owner], id)
	}
	declined := send(t, h, w.callers[owner], "POST", "/api/v1/orders", jsonType, `{"items": [{"type": "transfer",
		"domain": "taken-declined.com", "years": 1, "auth_code": "S3cr3t-Auth-Code"}], "contact": {"first_name": "Ada",
		"last_name": "L", "email": "ada@example.com", "phone": "+1 206 555 0119", "address1": "1 Main St",
		"city": "Seattle", "state": "WA", "postal_code": "98101", "country": "US"},
		"payment": {"card": "4000000000000002"}}`, nil)
	if declined.Status != 402 {
		t.Errorf("declined order: %d %s", declined.Status, declined.Body)
	}

	auditLog := auditText(t, h)
	for _, want := range []string{"registrar.register fine-secret.com", "registrar.register fail-secret.com",
		"registrar.transfer_in taken-secret.com", "payment.authorize", "payment.capture"} {
		if !strings.Contains(auditLog, want) {
			t.Errorf("the audit log has no %q:\n%s", want, auditLog)
		}
	}

	bodies := []string{declined.Body, auditLog}
	bodies = append(bodies, everyPage(t, w, owner, o.ID)...)
	bodies = append(bodies, everyPage(t, w, admin, o.ID)...)
	bodies = append(bodies, everyPage(t, w, stranger, o.ID)...)

	secrets := map[string]string{
		"auth code": "S3cr3t-Auth-Code", "card number": "4242424242424242", "declined card": "4000000000000002",
		"password": "Gr4ce-Passw0rd!", "first admin's password": h.Admin.Password,
		"session id": session, "owner's API token": w.callers[owner].Token, "admin's API token": w.callers[admin].Token,
		"secret key": "test-secret-key", "Stripe key": "sk_test_51NeverShowThisKey",
		"Stripe webhook secret": "whsec_NeverShowThisEither", "test password": "correct horse battery",
		"password reset token": resetToken,
	}
	for what, s := range secrets {
		if i := strings.Index(logs.String(), s); i >= 0 {
			t.Errorf("the %s is in the logs: …%s…", what, excerpt(logs.String(), i))
		}
		for _, b := range bodies {
			if i := strings.Index(b, s); i >= 0 {
				t.Errorf("the %s is in an answer: …%s…", what, excerpt(b, i))
			}
		}
	}
	if !strings.Contains(logs.String(), "fail-secret.com") || len(bodies) < 20 {
		t.Fatalf("the test saw too little: %d bytes of logs, %d answers", len(logs.String()), len(bodies))
	}
}

// placeOrder orders the items with the sandbox's good card.
func placeOrder(t *testing.T, c *apptest.Client, items ...map[string]any) order {
	t.Helper()
	var o order
	st := c.Do("POST", "/api/v1/orders", map[string]any{"items": items, "contact": contact(),
		"payment": map[string]string{"card": "4242424242424242"}}, &o)
	if st != 201 {
		t.Fatalf("order %v: %d", items, st)
	}
	return o
}

// waitSettled waits until the order is no longer open and returns it.
func waitSettled(t *testing.T, h *apptest.Harness, c *apptest.Client, id string) order {
	t.Helper()
	return waitOrder(t, c, id, "settle", func(o order) bool { return o.Status != "open" })
}

// waitItemsTerminal waits until every item of the order is terminal.
func waitItemsTerminal(t *testing.T, h *apptest.Harness, c *apptest.Client, id string) order {
	t.Helper()
	return waitOrder(t, c, id, "end its items", func(o order) bool {
		for _, it := range o.Items {
			if it.State != "completed" && it.State != "failed" && it.State != "cancelled" {
				return false
			}
		}
		return true
	})
}

func waitOrder(t *testing.T, c *apptest.Client, id, what string, done func(order) bool) order {
	t.Helper()
	var o order
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if c.Do("GET", "/api/v1/orders/"+id, nil, &o); done(o) {
			return o
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("order %s did not %s: %+v", id, what, o)
	return o
}

// everyPage reads every GET route as the role, with the order's and the
// owner's ids in the path, and returns the bodies.
func everyPage(t *testing.T, w *world, role, orderID string) []string {
	t.Helper()
	var out []string
	r := strings.NewReplacer("{id}", orderID, "{domain}", "taken-secret.com", "{tld}", "com", "*", "",
		"{name}", "taken-secret.com", "{type}", "A")
	for _, rt := range w.h.Routes() {
		if rt.Method != "GET" || strings.HasPrefix(rt.Pattern, "/static") || rt.Pattern == "/metrics" {
			continue
		}
		a := send(t, w.h, w.callers[role], "GET", r.Replace(rt.Pattern), "", "", nil)
		if a.Status >= 500 {
			t.Errorf("%s as %s: %d", rt, role, a.Status)
		}
		out = append(out, a.Body)
	}
	return out
}

func excerpt(s string, i int) string {
	return s[max(0, i-120):min(len(s), i+60)]
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// auditText is the default tenant's whole audit log, one entry a line:
// "actor action subject: detail".
func auditText(t *testing.T, h *apptest.Harness) string {
	t.Helper()
	entries, err := h.App.Store.AuditLog(context.Background(), h.Tenant.ID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		fmt.Fprintf(&b, "%s %s %s: %s\n", e.Actor, e.Action, e.Subject, e.Detail)
	}
	return b.String()
}

// mailedResetToken reads the token of the reset link mailed to the address.
func mailedResetToken(t *testing.T, h *apptest.Harness, to string) string {
	t.Helper()
	msgs, err := h.App.Store.Outbox(context.Background(), h.Tenant.ID, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if _, token, ok := strings.Cut(m.Body, "/password/reset?token="); ok && m.To == to {
			return strings.Fields(token)[0]
		}
	}
	t.Fatalf("no reset link was mailed to %s", to)
	return ""
}
