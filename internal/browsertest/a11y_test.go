package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// unlabelled lists the form controls a person cannot tell apart without
// seeing them: no <label>, no aria-label, no aria-labelledby.
const unlabelled = `[...document.querySelectorAll("input, select, textarea")]
	.filter(el => !["hidden", "submit", "button", "reset"].includes(el.type))
	.filter(el => el.labels.length === 0 && !el.getAttribute("aria-label") &&
		!el.getAttribute("aria-labelledby"))
	.map(el => el.outerHTML.slice(0, 120))`

// overflow is how many CSS pixels the page is wider than the window. On a
// phone the window (innerWidth) grows to fit a page that is too wide, so the
// page is measured against the layout viewport (clientWidth), which is the
// device's width.
const overflow = `document.documentElement.scrollWidth - ` +
	`Math.min(window.innerWidth, document.documentElement.clientWidth)`

// checkPage asserts what every page owes its visitor: a title of its own,
// labelled inputs, and no sideways scrolling at the current width.
func (p *page) checkPage(path string) {
	p.t.Helper()
	p.open(path)
	title := eval[string](p, `document.title`)
	if !strings.HasSuffix(title, " · ProEcommerce Domains") || strings.HasPrefix(title, " ·") {
		p.t.Errorf("%s: title %q", path, title)
	}
	if n := eval[int](p, `document.querySelectorAll("h1").length`); n != 1 {
		p.t.Errorf("%s: %d <h1> headings", path, n)
	}
	if bad := eval[[]string](p, unlabelled); len(bad) > 0 {
		p.t.Errorf("%s: inputs without a label: %v", path, bad)
	}
	if px := eval[int](p, overflow); px > 0 {
		p.t.Errorf("%s: the page is %d px wider than the window", path, px)
	}
}

// adminPages are the operator's pages that need no parameter.
var adminPages = []string{"/admin", "/admin/domains", "/admin/unassigned", "/admin/orders",
	"/admin/clients", "/admin/tlds", "/admin/settings", "/admin/audit", "/admin/outbox",
	"/orders", "/domains"}

func TestEveryPageIsUsable(t *testing.T) {
	h := start(t, nil)
	p := newPage(t, h)

	anonymous := []string{"/", "/signup", "/login", "/search?q=good-shop", "/cart", "/no-such-page"}
	for _, path := range anonymous {
		p.checkPage(path)
	}

	p.signUp("Ada Lovelace", "ada@example.com")
	p.addToCart("good-shop.com")
	p.checkPage("/checkout")
	order := p.checkOut(cardPays)
	p.waitText("#order-status", "completed")
	client := []string{order, "/orders", "/domains", "/domains/good-shop.com", "/invoices", "/cart",
		"/renewals"}
	for _, path := range client {
		p.checkPage(path)
	}

	admin := newLabelledPage(t, h, "admin")
	if st := admin.logIn(h.Admin.Email, h.Admin.Password); st != 200 {
		t.Fatalf("admin log-in answered %d", st)
	}
	for _, path := range append(adminPages, "/domains/good-shop.com", "/admin/domains/good-shop.com", order) {
		admin.checkPage(path)
	}
}

func TestPhoneWidth(t *testing.T) {
	h := start(t, nil)
	p := newPage(t, h)
	p.do("emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))

	p.checkPage("/")
	if w := eval[int](p, `window.innerWidth`); w != 390 {
		t.Fatalf("the window is %d px wide, want a phone's 390", w)
	}
	p.signUp("Ada Lovelace", "ada@example.com")
	p.checkPage("/search?q=good-shop")
	p.waitUntil("the rows to load", `!document.body.textContent.includes("checking…")`)
	if px := eval[int](p, overflow); px > 0 {
		t.Errorf("search results are %d px wider than a phone", px)
	}
	p.screenshot("search")
	// Taken names offer a transfer with an auth code field in their row.
	p.checkPage("/search?q=taken-shop")
	p.waitUntil("the rows to load", `!document.body.textContent.includes("checking…")`)
	if n := eval[int](p, `document.querySelectorAll("form.transfer-in").length`); n == 0 {
		t.Error("no taken name offers a transfer")
	}
	if px := eval[int](p, overflow); px > 0 {
		t.Errorf("search results with taken names are %d px wider than a phone", px)
	}
	p.screenshot("search-taken")

	p.addToCart("good-shop.com")
	p.checkPage("/checkout")
	p.screenshot("checkout")
	order := p.checkOut(cardPays)
	p.waitText("#order-status", "completed")
	for _, path := range []string{order, "/orders", "/domains", "/domains/good-shop.com", "/invoices",
		"/renewals"} {
		p.checkPage(path)
	}

	admin := newLabelledPage(t, h, "admin")
	admin.do("emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	admin.logIn(h.Admin.Email, h.Admin.Password)
	for _, path := range append(adminPages, "/admin/domains/good-shop.com") {
		admin.checkPage(path)
	}
	admin.open("/admin")
}

func TestKeyboardFocusIsVisible(t *testing.T) {
	h := start(t, nil)
	p := newPage(t, h)
	p.open("/login")

	rule := eval[bool](p, `[...document.styleSheets].some(s => {
		try { return [...s.cssRules].some(r => (r.selectorText || "").includes(":focus-visible")); }
		catch (e) { return false; }
	})`)
	if !rule {
		t.Error("no stylesheet styles :focus-visible")
	}

	// Tab from the top of the page to the first field of the form.
	p.do("focus the page", evalVoid(`document.activeElement.blur()`))
	for range 20 {
		p.do("press Tab", chromedp.KeyEvent(kb.Tab))
		if eval[string](p, `document.activeElement.id`) == "email" {
			break
		}
	}
	if id := eval[string](p, `document.activeElement.id`); id != "email" {
		t.Fatalf("Tab never reached the e-mail field (focus on %q)", id)
	}
	style := eval[string](p, `(() => {
		const el = document.activeElement, cs = getComputedStyle(el);
		return el.matches(":focus-visible") + " " + cs.outlineStyle + " " + cs.outlineWidth;
	})()`)
	if !strings.HasPrefix(style, "true ") || strings.Contains(style, " none ") ||
		strings.HasSuffix(style, " 0px") {
		t.Errorf("the focused field shows no outline: %s", style)
	}
}
