package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestRenewalsDashboardWithAutoRenewOff(t *testing.T) {
	h := start(t, nil)
	p := newPage(t, h)
	p.ownDomain("good-shop.com")

	// Bring the expiry within the dashboard's window, as a year later.
	ctx := context.Background()
	d, err := h.App.Store.Domain(ctx, h.Tenant.ID, "", "good-shop.com")
	if err != nil {
		t.Fatal(err)
	}
	d.ExpiresAt = time.Now().AddDate(0, 0, 30).UTC().Truncate(time.Second)
	if _, err := h.App.Store.UpsertDomain(ctx, d); err != nil {
		t.Fatal(err)
	}
	expires := d.ExpiresAt.Format(time.DateOnly)
	row := `//main//tbody/tr[td[normalize-space()="good-shop.com"]]`

	p.open("/renewals")
	if got := p.text(row); !strings.Contains(got, expires) || !strings.Contains(got, "on") {
		t.Errorf("renewal row before: %q (want expiry %s, auto-renew on)", got, expires)
	}

	p.open("/domains/good-shop.com")
	p.submit(`//form[contains(@action,"/auto-renew")]//button[normalize-space()="Turn off"]`)
	if got := p.path(); got != "/domains/good-shop.com" {
		t.Errorf("the toggle ended on %s", got)
	}
	if got := p.text("main"); !strings.Contains(got, "Auto-renew is off") {
		t.Errorf("domain page after turning auto-renew off: %q", got)
	}

	p.open("/renewals")
	cells := eval[[]string](p, `[...document.evaluate(`+js(row)+`, document, null,
		XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue.cells].map(c => c.textContent.trim())`)
	if len(cells) < 3 || cells[1] != expires || cells[2] != "off" {
		t.Errorf("renewal row after: %q, want expiry %s and auto-renew off", cells, expires)
	}
}
