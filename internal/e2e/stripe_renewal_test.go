package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/payment/stripe/stripefake"
	"github.com/proecommerce/domains/internal/store"
)

var nextActionRE = regexp.MustCompile(`id="payment-next-action"[^>]*data-client-secret="(pi_\d+)_secret_\d+"`)

// TestStripeRenewalPaidOnSessionAfter3DS: the saved card needs 3-D Secure,
// so the client pays the renewal invoice from the renewals page; the page
// carries the PaymentIntent's client secret for Stripe's handleNextAction,
// and once the bank confirmed, the page shows the domain renewed.
func TestStripeRenewalPaidOnSessionAfter3DS(t *testing.T) {
	fake := stripefake.New(t)
	h := apptest.Start(t, apptest.Options{Env: stripeEnv(stripefake.SecretKey, fake.URL())})
	c := signUp(t, h, "ada@example.com")
	ctx := context.Background()
	invoiceID, exp := renewalFor3DS(t, h, fake, "ada-renews.com")

	page := pagePost(t, c, h.URL+"/renewals/"+invoiceID+"/pay")
	m := nextActionRE.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "https://js.stripe.com/v3") {
		t.Fatalf("the renewals page does not hand the payment to Stripe's script:\n%s", page)
	}
	if err := fake.AuthenticateOutside(m[1]); err != nil {
		t.Fatal(err)
	}

	resp, err := c.HTTP.Get(h.URL + "/renewals")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	rn, err := h.App.Store.Renewal(ctx, invoiceID)
	if err != nil || rn.State != store.RenewalRenewed || rn.PaymentID != m[1] {
		t.Fatalf("renewal after the bank's confirmation: %+v (%v), want renewed", rn, err)
	}
	d, err := h.App.Providers.SandboxRegistrar.DomainDetail(ctx, "ada-renews.com")
	if err != nil || !d.Expires.Equal(exp.AddDate(1, 0, 0)) {
		t.Errorf("registry expiry %s (%v), want %s", d.Expires, err, exp.AddDate(1, 0, 0))
	}
}

// stripeCustomer makes a customer at the fake and returns its id.
func stripeCustomer(t *testing.T, fake *stripefake.Fake) string {
	t.Helper()
	req, err := http.NewRequest("POST", fake.URL()+"/v1/customers",
		strings.NewReader(url.Values{"email": {"ada@example.com"}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+stripefake.SecretKey)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Idempotency-Key", "e2e:customer")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var cus struct {
		ID string `json:"id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&cus); err != nil || cus.ID == "" {
		t.Fatalf("customer: %v %+v", err, cus)
	}
	return cus.ID
}

// pagePost submits an empty form as the signed-in browser would and
// returns the page it lands on.
func pagePost(t *testing.T, c *apptest.Client, u string) string {
	t.Helper()
	resp, err := c.HTTP.PostForm(u, url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %d %s", u, resp.StatusCode, body)
	}
	return string(body)
}

// TestStripeRenewalConfirmedThenTabClosed: the client confirms with the
// bank and closes the page; Stripe's payment_intent.succeeded webhook
// moves the renewal on instead.
func TestStripeRenewalConfirmedThenTabClosed(t *testing.T) {
	fake := stripefake.New(t)
	h := apptest.Start(t, apptest.Options{Env: stripeEnv(stripefake.SecretKey, fake.URL())})
	c := signUp(t, h, "ada@example.com")
	invoiceID, exp := renewalFor3DS(t, h, fake, "ada-closes.com")

	m := nextActionRE.FindStringSubmatch(pagePost(t, c, h.URL+"/renewals/"+invoiceID+"/pay"))
	if m == nil {
		t.Fatal("no payment to confirm on the renewals page")
	}
	if err := fake.AuthenticateOutside(m[1]); err != nil {
		t.Fatal(err)
	}
	body, err := fake.EventJSON("evt_renewal", "payment_intent.succeeded", m[1])
	if err != nil {
		t.Fatal(err)
	}
	if st := postWebhook(t, h, body, stripefake.SignatureHeader(stripeWebhookSecret, body, time.Now())); st != http.StatusOK {
		t.Fatalf("webhook: %d", st)
	}
	ctx := context.Background()
	rn, err := h.App.Store.Renewal(ctx, invoiceID)
	if err != nil || rn.State != store.RenewalRenewed {
		t.Fatalf("renewal after the webhook: %+v (%v), want renewed", rn, err)
	}
	d, err := h.App.Providers.SandboxRegistrar.DomainDetail(ctx, "ada-closes.com")
	if err != nil || !d.Expires.Equal(exp.AddDate(1, 0, 0)) {
		t.Errorf("registry expiry %s (%v), want %s", d.Expires, err, exp.AddDate(1, 0, 0))
	}
}

// renewalFor3DS gives ada@example.com a card that needs 3-D Secure and an
// invoiced domain expiring in 20 days; it returns the invoice and expiry.
func renewalFor3DS(t *testing.T, h *apptest.Harness, fake *stripefake.Fake, name string) (string, time.Time) {
	t.Helper()
	ctx := context.Background()
	u, err := h.App.Store.UserByEmail(ctx, h.Tenant.ID, "ada@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.App.Store.SetPaymentProfile(ctx, u.ID, stripeCustomer(t, fake),
		stripefake.PMAuthenticationRequired); err != nil {
		t.Fatal(err)
	}
	exp := time.Now().UTC().Add(20 * 24 * time.Hour).Truncate(time.Second)
	if _, err := h.App.Store.UpsertDomain(ctx, store.Domain{TenantID: h.Tenant.ID, ClientID: u.ID,
		Name: name, TLD: "com", Status: store.DomainActive, Registrar: "sandbox",
		ExpiresAt: exp, AutoRenew: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.DB.Exec(ctx, `INSERT INTO sandbox_registry_domains (domain, created_at,
		expires_at, auth_code) VALUES (?, ?, ?, ?)`, name, exp.AddDate(-1, 0, 0), exp, "x"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Renewals().InvoiceRun(ctx, time.Now(), false, nil); err != nil {
		t.Fatal(err)
	}
	var invoiceID string
	if err := h.App.DB.QueryRow(ctx, `SELECT invoice_id FROM renewals WHERE domain = ?`, name).Scan(&invoiceID); err != nil {
		t.Fatal(err)
	}
	return invoiceID, exp
}
