package browsertest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/store"
)

// adminPage opens a tab signed in as the installation's first admin.
func adminPage(t *testing.T, h *apptest.Harness) *page {
	t.Helper()
	p := newLabelledPage(t, h, "admin")
	if st := p.logIn(h.Admin.Email, h.Admin.Password); st != http.StatusOK {
		t.Fatalf("admin log-in answered %d", st)
	}
	return p
}

func TestAdminLinksUnassignedDomain(t *testing.T) {
	h := start(t, nil)
	client := newPage(t, h)
	client.signUp("Grace Hopper", "grace@example.com")

	// A domain found at the registrar with no client yet (an import).
	ctx := context.Background()
	_, err := h.App.Store.UpsertDomain(ctx, store.Domain{TenantID: h.Tenant.ID, Name: "orphan-shop.com",
		TLD: "com", Status: "active", Registrar: "sandbox", AutoRenew: true,
		ExpiresAt: time.Now().AddDate(1, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	grace, err := h.App.Store.UserByEmail(ctx, h.Tenant.ID, "grace@example.com")
	if err != nil {
		t.Fatal(err)
	}

	admin := adminPage(t, h)
	admin.open("/admin")
	sel := `select[id="c-orphan-shop.com"]`
	unassigned := `//h2[normalize-space()="Unassigned domains"]/following-sibling::table[1]`
	if got := admin.text(unassigned); !strings.Contains(got, "orphan-shop.com") {
		t.Fatalf("unassigned domains: %q", got)
	}
	admin.do("choose the client", chromedp.SetValue(chromedp.CSS(sel), grace.ID))
	admin.submit(`//form[@action="/admin/domains/orphan-shop.com/client"]//button`)
	if got := admin.path(); got != "/admin" {
		t.Errorf("linking ended on %s", got)
	}
	if got := admin.text(".flash"); !strings.Contains(got, "orphan-shop.com") ||
		!strings.Contains(got, "Grace Hopper") {
		t.Errorf("flash after linking: %q", got)
	}
	if eval[bool](admin, `document.querySelector(`+js(sel)+`) !== null`) {
		t.Error("the linked domain is still listed as unassigned")
	}

	client.open("/domains")
	if got := client.text("main table"); !strings.Contains(got, "orphan-shop.com") {
		t.Errorf("the client's domains: %q", got)
	}
	client.submit(`//a[normalize-space()="orphan-shop.com"]`)
	if got := client.text("h1"); got != "orphan-shop.com" {
		t.Errorf("the client's domain page: %q", got)
	}
}

func TestPrivacyToggleDisabledWhereTheRegistryHasNone(t *testing.T) {
	h := start(t, nil)
	p := newPage(t, h)

	// .ch offers no WHOIS privacy at Route 53 (privacy false in the TLD list).
	p.ownDomain("good-shop.ch")
	p.open("/domains/good-shop.ch")
	if got := p.text("main"); !strings.Contains(got, "WHOIS privacy: off") ||
		!strings.Contains(got, "privacy") || !strings.Contains(got, ".ch") {
		t.Errorf("the client's domain page does not say why privacy is off: %q", got)
	}

	admin := adminPage(t, h)
	admin.open("/admin/domains/good-shop.ch")
	button := `#privacy-form button[type="submit"]`
	state := eval[string](admin, `(() => {
		const b = document.querySelector(`+js(button)+`);
		if (!b) return "no button";
		const why = document.getElementById(b.getAttribute("aria-describedby") || "");
		return b.disabled + "|" + (why ? why.textContent.trim() : "");
	})()`)
	disabled, reason, _ := strings.Cut(state, "|")
	if disabled != "true" {
		t.Errorf("the privacy button is not disabled (%s)", state)
	}
	if !strings.Contains(reason, "Not available") || !strings.Contains(reason, ".ch") {
		t.Errorf("the disabled privacy button's reason: %q", reason)
	}
	admin.do("show the reason", chromedp.ScrollIntoView(chromedp.CSS(button)))
}
