package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/miekg/dns"

	"github.com/proecommerce/domains/internal/apptest"
)

// ownDomain signs a client up in the tab and buys good-shop.com for them.
func (p *page) ownDomain(domain string) {
	p.t.Helper()
	p.signUp("Ada Lovelace", "ada@example.com")
	p.addToCart(domain)
	p.checkOut(cardPays)
	p.waitText("#order-status", "completed")
}

// editorField is an input of the DNS editor's "Add or change" form.
func editorField(name string) string {
	return `#dns form:has(input[name="mode"][value="set"]) [name="` + name + `"]`
}

// press clicks an element the page answers in place (htmx) and waits until
// the script condition holds.
func (p *page) press(css, what, until string) {
	p.t.Helper()
	p.do("press "+css, chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
	p.waitUntil(what, until)
}

// recordRow finds the row of a record set on the domain page.
func recordRow(name, typ string) string {
	return `document.querySelector('#records tr.record[data-type="` + typ + `"][data-name^="` + name + `"]')`
}

func TestDNSEditorPlanApplyUndo(t *testing.T) {
	// Changes stay pending until the test moves them past the sandbox's
	// delay (propagated), so the page shows both states whatever the
	// machine's speed.
	h := start(t, map[string]string{"PROECOMMERCE_SANDBOX_DNS_DELAY": "1h"})
	p := newPage(t, h)
	p.ownDomain("good-shop.com")
	p.open("/domains/good-shop.com")

	p.do("fill the record editor",
		chromedp.SetValue(chromedp.CSS(editorField("name")), "shop"),
		chromedp.SetValue(chromedp.CSS(editorField("type")), "A"),
		chromedp.SetValue(chromedp.CSS(editorField("ttl")), "300"),
		chromedp.SendKeys(chromedp.CSS(editorField("values")), "192.0.2.10"))
	p.press(`#dns form:has(input[name="mode"][value="set"]) button[type="submit"]`,
		"the plan", `document.getElementById("review") !== null`)
	plan := p.text("#review")
	for _, want := range []string{"create", "shop.good-shop.com", "A", "300", "192.0.2.10"} {
		if !strings.Contains(plan, want) {
			t.Errorf("the plan lacks %q: %s", want, plan)
		}
	}
	if eval[bool](p, recordRow("shop", "A")+` !== null`) {
		t.Fatal("the review applied the change")
	}
	p.screenshot("plan")

	p.press("#apply", "the record in the table", recordRow("shop", "A")+` !== null`)
	if got := p.text(".flash"); got != "Record set saved." {
		t.Errorf("flash after apply: %q", got)
	}
	if got := p.text("#change-status"); got != "pending" {
		t.Errorf("a fresh change is %q, want pending", got)
	}
	p.screenshot("pending")
	propagated(t, h)
	p.waitText("#change-status", "in sync")
	if got := lookupA(t, h, "shop.good-shop.com."); got != "192.0.2.10" {
		t.Errorf("the name servers answer %q for shop.good-shop.com", got)
	}

	p.press("#undo", "the undo plan", `document.getElementById("review") !== null`)
	if plan := p.text("#review"); !strings.Contains(plan, "delete") ||
		!strings.Contains(plan, "shop.good-shop.com") {
		t.Errorf("the undo plan: %s", plan)
	}
	p.press("#apply", "the record to go", recordRow("shop", "A")+` === null`)
	if got := p.text(".flash"); got != "The last change was undone." {
		t.Errorf("flash after undo: %q", got)
	}
	if got := p.text("#change-status"); got != "pending" {
		t.Errorf("the undo is %q, want pending", got)
	}
	propagated(t, h)
	p.waitText("#change-status", "in sync")
	if got := lookupA(t, h, "shop.good-shop.com."); got != "" {
		t.Errorf("after undo the name servers still answer %q", got)
	}
}

// propagated moves every sandbox DNS change past the sandbox's delay, as
// if the name servers had them.
func propagated(t *testing.T, h *apptest.Harness) {
	t.Helper()
	if _, err := h.App.DB.Exec(t.Context(), "UPDATE sandbox_dns_changes SET submitted_at = ?",
		time.Now().Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
}

// lookupA asks the sandbox name servers for a name's first A record.
func lookupA(t *testing.T, h *apptest.Harness, name string) string {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(name, dns.TypeA)
	in, _, err := (&dns.Client{Timeout: 5 * time.Second}).Exchange(m, h.DNSAddr)
	if err != nil {
		t.Fatalf("dns: %v", err)
	}
	for _, rr := range in.Answer {
		if a, ok := rr.(*dns.A); ok {
			return a.A.String()
		}
	}
	return ""
}

// editRecord saves a record set through the editor: review, then apply.
func (p *page) editRecord(name, typ, ttl, value string) {
	p.t.Helper()
	p.do("fill the record editor",
		chromedp.SetValue(chromedp.CSS(editorField("name")), name),
		chromedp.SetValue(chromedp.CSS(editorField("type")), typ),
		chromedp.SetValue(chromedp.CSS(editorField("ttl")), ttl),
		chromedp.SetValue(chromedp.CSS(editorField("values")), value))
	p.press(`#dns form:has(input[name="mode"][value="set"]) button[type="submit"]`,
		"the plan", `document.getElementById("review") !== null`)
	p.press("#apply", "the record in the table", recordRow(name, typ)+` !== null`)
}

// The history lists each change with who made it; reverting an older one
// is reviewed as a plan and leaves the later change alone.
func TestDNSHistoryRevertsAnOlderChange(t *testing.T) {
	h := start(t, map[string]string{"PROECOMMERCE_SANDBOX_DNS_DELAY": "0s"})
	p := newPage(t, h)
	p.ownDomain("good-shop.com")
	p.open("/domains/good-shop.com")
	p.editRecord("shop", "A", "300", "192.0.2.10")
	p.editRecord("blog", "A", "300", "192.0.2.11")

	p.do("open the history", chromedp.Click(chromedp.CSS("#history summary"), chromedp.NodeVisible))
	entries := eval[[]string](p, `[...document.querySelectorAll("#history li.change")].map(li => li.textContent)`)
	if len(entries) != 3 || !strings.Contains(entries[0], "blog.good-shop.com") ||
		!strings.Contains(entries[1], "shop.good-shop.com") || !strings.Contains(entries[1], "by ada@example.com") ||
		!strings.Contains(entries[2], "default records") {
		t.Fatalf("history entries %q", entries)
	}
	p.press(`#history li.change:nth-child(2) button.revert`, "the revert plan",
		`document.getElementById("review") !== null`)
	if plan := p.text("#review"); !strings.Contains(plan, "Revert change") || !strings.Contains(plan, "delete") ||
		!strings.Contains(plan, "shop.good-shop.com") || strings.Contains(plan, "blog") {
		t.Errorf("the revert plan: %s", plan)
	}
	p.screenshot("revert-plan")
	p.press("#apply", "shop to go", recordRow("shop", "A")+` === null`)
	if got := p.text(".flash"); !strings.HasSuffix(got, "was reverted.") {
		t.Errorf("flash after the revert: %q", got)
	}
	if !eval[bool](p, recordRow("blog", "A")+` !== null`) {
		t.Error("reverting shop removed blog")
	}
	if got := lookupA(t, h, "shop.good-shop.com."); got != "" {
		t.Errorf("the name servers still answer %q for shop", got)
	}
	if got := lookupA(t, h, "blog.good-shop.com."); got != "192.0.2.11" {
		t.Errorf("the name servers answer %q for blog", got)
	}
}
