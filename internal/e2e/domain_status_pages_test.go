package e2e

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
)

// registrarForms are the admin page's registrar actions; none fits a
// domain the registrar does not hold for us.
var registrarForms = []string{`id="privacy-form"`, `id="lock-form"`, `id="auth-code-form"`,
	`id="ns-form"`, "Turn privacy on", "Show the auth code once", "Save name servers"}

// A transfer with a bad auth code, followed through both domain pages (and
// a good one beside it, whose page offers everything once it completed):
// while it runs the admin sees where it stands and no registrar actions;
// once it failed, both pages say so, the timeline holds only what happened,
// and neither page offers an action that cannot work, which the server
// refuses too.
func TestFailedTransferDomainPages(t *testing.T) {
	h := apptest.Start(t, apptest.Options{Env: map[string]string{"PROECOMMERCE_SANDBOX_TRANSFER_DELAY": "2s"}})
	c := signUp(t, h, "fay@example.com")
	admin := adminBrowser(t, h)
	o := placeTransfer(t, c, "taken-bad.com", "bad-code")
	good := placeTransfer(t, c, "taken-good.com", "good-code-1")

	adminPage := "/admin/domains/taken-bad.com"
	var body string
	h.Eventually(10*time.Second, "the admin page to show the transfer under way", func() bool {
		_, body = getPage(t, admin, h.URL+adminPage)
		return strings.Contains(body, `id="transfer-state"`) && strings.Contains(body, "transfer (")
	}, func() string { return body })
	wantIn(t, "admin page while transferring", body, `id="registrar-actions-off"`, "the transfer is still under way")
	wantOut(t, "admin page while transferring", body, append(registrarForms, "Registered with us", ">nothing<")...)

	_, cb := getPage(t, c, h.URL+"/domains/taken-bad.com")
	wantIn(t, "client page while transferring", cb, `id="transfer-state"`, `id="dns-off"`, "no DNS zone yet")
	wantOut(t, "client page while transferring", cb, "WHOIS privacy", "Add or change a record set", `id="gone"`)
	h.Eventually(30*time.Second, "the transfer to fail", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		c.Do("GET", "/api/v1/orders/"+good.ID, nil, &good)
		return o.Status == "failed" && good.Status == "completed"
	})
	_, body = getPage(t, admin, h.URL+"/admin/domains/taken-good.com")
	wantIn(t, "admin page of the transferred domain", body, append(registrarForms[:4], "Transfer ordered",
		"Transferred in", "Transfer lock ends", "Expires")...)
	wantOut(t, "admin page of the transferred domain", body, `id="registrar-actions-off"`, `id="transfer"`,
		"Registered with us")

	_, body = getPage(t, admin, h.URL+adminPage)
	wantIn(t, "admin page after the failure", body, `status-failed">failed<`, o.Items[0].Error,
		"not applicable (gone)",
		"Transfer ordered", "Transfer failed", "the transfer did not go through", ">nothing<")
	wantOut(t, "admin page after the failure", body, append(registrarForms, "Registered with us",
		"Transfer lock ends", "Transferred in")...)

	resp, body := getPage(t, c, h.URL+"/domains/taken-bad.com")
	if resp.StatusCode != 200 {
		t.Fatalf("client page: %d", resp.StatusCode)
	}
	wantIn(t, "client page after the failure", body, `id="transfer-state"`, "failed", "Transfer again",
		`id="gone"`, "the domain never came to us")
	wantOut(t, "client page after the failure", body, "Auto-renew is", "/auto-renew", `id="dns"`,
		"Add or change a record set", "/records", "WHOIS privacy")

	checkGoneRefused(t, h, c)
}

// checkGoneRefused sends every registrar change and auto-renew for the
// gone domain: each is a 409 conflict that says why.
func checkGoneRefused(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	t.Helper()
	ac := h.AdminClient()
	calls := []struct {
		c            *apptest.Client
		method, path string
		body         any
	}{
		{c, "PUT", "/api/v1/domains/taken-bad.com/auto-renew", map[string]bool{"enabled": true}},
		{ac, "PUT", "/api/v1/domains/taken-bad.com/privacy", map[string]bool{"enabled": true}},
		{ac, "PUT", "/api/v1/domains/taken-bad.com/lock", map[string]bool{"enabled": true}},
		{ac, "POST", "/api/v1/domains/taken-bad.com/auth-code", nil},
		{ac, "PUT", "/api/v1/domains/taken-bad.com/nameservers",
			map[string][]string{"nameservers": {"ns1.example.net", "ns2.example.net"}}},
	}
	for _, x := range calls {
		var e apiError
		st := x.c.Do(x.method, x.path, x.body, &e)
		if st != http.StatusConflict || e.Error.Code != "conflict" ||
			!strings.Contains(e.Error.Message, "the transfer did not go through") {
			t.Errorf("%s %s: %d %+v, want 409 conflict saying why", x.method, x.path, st, e)
		}
	}

	var d struct {
		AutoRenew bool `json:"auto_renew"`
	}
	if st := c.Do("GET", "/api/v1/domains/taken-bad.com", nil, &d); st != 200 {
		t.Fatalf("domain: %d", st)
	}
	flip := strconv.FormatBool(!d.AutoRenew)
	resp, err := c.HTTP.PostForm(h.URL+"/domains/taken-bad.com/auto-renew", url.Values{"enabled": {flip}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var after struct {
		AutoRenew bool `json:"auto_renew"`
	}
	c.Do("GET", "/api/v1/domains/taken-bad.com", nil, &after)
	if after.AutoRenew != d.AutoRenew {
		t.Error("the auto-renew form changed auto-renew of a gone domain")
	}
}

// adminBrowser logs the first admin in through the login form.
func adminBrowser(t *testing.T, h *apptest.Harness) *apptest.Client {
	t.Helper()
	c := h.NewClient()
	form := url.Values{"email": {h.Admin.Email}, "password": {h.Admin.Password}}
	resp, err := c.HTTP.PostForm(h.URL+"/login", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("admin login: %d", resp.StatusCode)
	}
	return c
}

func wantIn(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func wantOut(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("%s shows %q", what, w)
		}
	}
}

// Once a registration completed, the admin's domain page offers the
// registrar actions and its timeline holds the order, the registration and
// the dates that follow from it.
func TestRegisteredDomainPage(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	c := signUp(t, h, "reg@example.com")
	admin := adminBrowser(t, h)
	buy(t, h, c, "fresh-start.com")

	_, body := getPage(t, admin, h.URL+"/admin/domains/fresh-start.com")
	wantIn(t, "admin page once registered", body, append(registrarForms[:4], "Registration ordered",
		"Registered with us", "Transfer lock ends", "Expires", ">nothing<")...)
	wantOut(t, "admin page once registered", body, `id="registrar-actions-off"`, `id="transfer"`)
}
