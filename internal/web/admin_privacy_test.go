package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

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
