package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/web"
)

func TestPrivacyIsReadBackAndRefusedWhereTheTLDHasNone(t *testing.T) {
	e := newEnv(t)
	e.domain("open-privacy.com", e.client.ID)
	e.domain("no-privacy.be", e.client.ID)

	// .com allows privacy: one call, and the state shown is the registrar's.
	var d apiDomain
	st := e.api(e.adminT, "PUT", "/api/v1/domains/open-privacy.com/privacy", map[string]bool{"enabled": true}, &d)
	if st != 200 || !d.Privacy.Enabled || !d.Privacy.Available || len(d.Pending) != 0 {
		t.Fatalf("privacy on .com: %d %+v", st, d)
	}
	detail, err := e.h.App.Providers.SandboxRegistrar.DomainDetail(context.Background(), "open-privacy.com")
	if err != nil || !detail.Privacy {
		t.Fatalf("registrar privacy = %v, %v", detail.Privacy, err)
	}
	if n := e.reg.n("privacy"); n != 1 {
		t.Fatalf("privacy calls = %d, want 1", n)
	}

	// .be has no privacy (tlddata): 409 conflict and no call at all.
	var ae apiError
	st = e.api(e.adminT, "PUT", "/api/v1/domains/no-privacy.be/privacy", map[string]bool{"enabled": true}, &ae)
	if st != 409 || ae.Error.Code != "conflict" || !strings.Contains(ae.Error.Message, ".be") {
		t.Fatalf("privacy on .be: %d %+v", st, ae)
	}
	if n := e.reg.n("privacy"); n != 1 {
		t.Fatalf("privacy calls after .be = %d, want still 1", n)
	}
	var got apiDomain
	e.api(e.adminT, "GET", "/api/v1/domains/no-privacy.be", nil, &got)
	if got.Privacy.Available || got.Privacy.Reason == "" {
		t.Fatalf(".be privacy = %+v", got.Privacy)
	}

	// The page shows the toggle disabled with the reason; the form sends nothing.
	admin := e.browser(e.admin.Email)
	st, body := e.page(admin, "/admin/domains/no-privacy.be")
	if st != 200 || !strings.Contains(body, `aria-describedby="privacy-reason"`) ||
		!strings.Contains(body, "Not available: "+got.Privacy.Reason) {
		t.Fatalf("domain page: %d\n%s", st, body)
	}
	st, body = e.post(admin, "/domains/no-privacy.be/privacy", url.Values{"enabled": {"true"},
		"next": {"/admin/domains/no-privacy.be"}})
	if st != 200 || !strings.Contains(body, "WHOIS privacy was not changed") || e.reg.n("privacy") != 1 {
		t.Fatalf("privacy form on .be: %d calls %d", st, e.reg.n("privacy"))
	}

	// A client may not change privacy.
	if st := e.api(e.clientT, "PUT", "/api/v1/domains/open-privacy.com/privacy", map[string]bool{"enabled": false}, nil); st != 404 {
		t.Fatalf("client privacy: %d", st)
	}
}

func TestPrivacyPendingIsFollowedLater(t *testing.T) {
	e := newEnv(t)
	defer web.SetOperationFollow(2, 0)()
	e.domain("slow-privacy.com", "")
	e.reg.async = true

	var d apiDomain
	st := e.api(e.adminT, "PUT", "/api/v1/domains/slow-privacy.com/privacy", map[string]bool{"enabled": true}, &d)
	if st != 200 || d.Privacy.Enabled || len(d.Pending) != 1 || d.Pending[0] != "privacy" {
		t.Fatalf("pending privacy: %d %+v", st, d)
	}
	admin := e.browser(e.admin.Email)
	if _, body := e.page(admin, "/admin/domains/slow-privacy.com"); !strings.Contains(body, "privacy pending") {
		t.Fatal("the domain page does not show the pending change")
	}

	ctx := context.Background()
	ended, err := web.FollowDomainOperations(ctx, e.h.App.Store, regs{sandbox: e.reg}, e.h.App.Logger, 10)
	if err != nil || ended != 0 {
		t.Fatalf("first pass ended %d, %v", ended, err)
	}
	e.reg.mu.Lock()
	e.reg.released = true
	e.reg.mu.Unlock()
	ended, err = web.FollowDomainOperations(ctx, e.h.App.Store, regs{sandbox: e.reg}, e.h.App.Logger, 10)
	if err != nil || ended != 1 {
		t.Fatalf("second pass ended %d, %v", ended, err)
	}
	e.api(e.adminT, "GET", "/api/v1/domains/slow-privacy.com", nil, &d)
	if !d.Privacy.Enabled {
		t.Fatalf("privacy after the operation ended: %+v", d.Privacy)
	}
	var after apiDomain
	e.api(e.adminT, "PUT", "/api/v1/domains/slow-privacy.com/lock", map[string]bool{"enabled": true}, &after)
	if len(after.Pending) != 0 {
		t.Fatalf("still pending: %+v", after.Pending)
	}
}

// An organisation's .eu name: the registry hides no organisation's data,
// so the toggle is disabled with the reason and no privacy call is sent,
// neither through the API nor through the form.
func TestPrivacyRefusedForAnOrganisationsEUDomain(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sb := e.h.App.Providers.SandboxRegistrar
	name := "engines.eu"
	_, err := sb.Register(ctx, registrar.RegisterRequest{Domain: name, Years: 1, Privacy: true,
		Contact: registrar.Contact{FirstName: "Ada", LastName: "Lovelace", Organization: "Engines BV",
			Email: "ada@example.com", Phone: "+31.201234567", Address1: "Dam 1", City: "Amsterdam",
			PostalCode: "1012 JS", Country: "NL"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sb.Complete(ctx, name, false); err != nil {
		t.Fatal(err)
	}
	if _, err := e.h.App.Store.UpsertDomain(ctx, store.Domain{TenantID: e.h.Tenant.ID, ClientID: e.client.ID,
		Name: name, TLD: "eu", Status: store.DomainActive, Registrar: "sandbox"}); err != nil {
		t.Fatal(err)
	}
	if detail, err := sb.DomainDetail(ctx, name); err != nil || detail.Privacy {
		t.Fatalf("the registration asked for privacy the registry has not: %+v, %v", detail, err)
	}

	var ae apiError
	st := e.api(e.adminT, "PUT", "/api/v1/domains/"+name+"/privacy", map[string]bool{"enabled": true}, &ae)
	if st != 409 || ae.Error.Code != "conflict" || ae.Error.Field != "enabled" {
		t.Fatalf("privacy on .eu: %d %+v", st, ae)
	}

	admin := e.browser(e.admin.Email)
	st, body := e.page(admin, "/admin/domains/"+name)
	want := `<button type="submit" disabled aria-describedby="privacy-reason">Turn privacy on</button>`
	if st != 200 || !strings.Contains(body, want) ||
		!strings.Contains(body, "Not available: the registry for .eu does not offer WHOIS privacy") {
		t.Fatalf("domain page: %d\n%s", st, body)
	}
	st, body = e.post(admin, "/domains/"+name+"/privacy", url.Values{"enabled": {"true"},
		"next": {"/admin/domains/" + name}})
	if st != 200 || !strings.Contains(body, "WHOIS privacy was not changed") {
		t.Fatalf("privacy form on .eu: %d", st)
	}
	if n := e.reg.n("privacy"); n != 0 {
		t.Fatalf("privacy calls = %d, want 0", n)
	}
}

// orderWithContact places a one-name order as the client with the contact.
func (e *env) orderWithContact(domain string, c map[string]string) string {
	e.t.Helper()
	var o struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	st := e.api(e.clientT, "POST", "/api/v1/orders", map[string]any{
		"items":   []map[string]any{{"type": "register", "domain": domain, "years": 1}},
		"contact": c, "payment": map[string]string{"card": "4242424242424242"}}, &o)
	if st != 201 {
		e.t.Fatalf("order of %s: %d", domain, st)
	}
	e.h.Eventually(20*time.Second, domain+" to be registered", func() bool {
		e.api(e.clientT, "GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open"
	})
	if o.Status != "completed" {
		e.t.Fatalf("order of %s ended %s", domain, o.Status)
	}
	return o.ID
}

// .ca gives privacy to persons only: a company's .ca name is registered
// without it, its toggle is disabled with the reason and no privacy call is
// sent; a person's .ca name has privacy.
func TestPrivacyFollowsTheRegistrantTypeForCA(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sb := e.h.App.Providers.SandboxRegistrar
	contact := map[string]string{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com",
		"phone": "+1 416 555 0100", "address1": "1 King St W", "city": "Toronto", "state": "ON",
		"postal_code": "M5H 1A1", "country": "CA"}
	e.orderWithContact("maple-person.ca", contact)
	contact["organization"] = "Maple Engines Inc."
	e.orderWithContact("maple-company.ca", contact)

	person, _ := sb.DomainDetail(ctx, "maple-person.ca")
	company, _ := sb.DomainDetail(ctx, "maple-company.ca")
	if !person.Privacy || company.Privacy {
		t.Fatalf("privacy at registration: person %v, company %v", person.Privacy, company.Privacy)
	}

	var d apiDomain
	e.api(e.adminT, "GET", "/api/v1/domains/maple-person.ca", nil, &d)
	if !d.Privacy.Available || !d.Privacy.Enabled {
		t.Errorf("person's .ca: %+v", d.Privacy)
	}
	e.api(e.adminT, "GET", "/api/v1/domains/maple-company.ca", nil, &d)
	if d.Privacy.Available || !strings.Contains(d.Privacy.Reason, "only to a registrant who is a person") {
		t.Errorf("company's .ca: %+v", d.Privacy)
	}
	var ae apiError
	if st := e.api(e.adminT, "PUT", "/api/v1/domains/maple-company.ca/privacy", map[string]bool{"enabled": true}, &ae); st != 409 ||
		ae.Error.Code != "conflict" {
		t.Errorf("privacy on a company's .ca: %d %+v", st, ae)
	}
	_, body := e.page(e.browser(e.admin.Email), "/admin/domains/maple-company.ca")
	if !strings.Contains(body, `disabled aria-describedby="privacy-reason"`) {
		t.Error("the company's .ca page does not disable the toggle")
	}
	if n := e.reg.n("privacy"); n != 0 {
		t.Errorf("privacy calls = %d, want 0", n)
	}
}
