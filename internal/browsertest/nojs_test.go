package browsertest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// noScripts turns the tab's JavaScript off, as a visitor who blocks it has.
func (p *page) noScripts() {
	p.t.Helper()
	p.do("disable scripts", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled,
			emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
}

// With JavaScript off, every step of buying a domain and editing its zone
// is a form that posts and redirects: sign up, search (all results at
// once), add to the cart, change the years, pay, reload the order until it
// is registered, and add a record through the reviewed plan.
func TestShopWithoutJavaScript(t *testing.T) {
	h := start(t, nil)
	p := newPage(t, h)
	p.noScripts()

	p.signUp("Ada Lovelace", "ada@example.com")
	if got := p.path(); got != "/" {
		t.Fatalf("after sign-up the tab shows %s", got)
	}
	p.open("/search?q=nojs-shop")
	if eval[bool](p, `typeof window.htmx !== "undefined"`) {
		t.Fatal("htmx ran: scripts are not off")
	}
	p.submit(`//a[normalize-space()="show them all at once"]`)
	row := `//tr[@id="r-nojs-shop.com"]`
	if got := p.text(row); !strings.Contains(got, "available") {
		t.Fatalf("the all-at-once results show %q for nojs-shop.com", got)
	}
	p.submit(row + `//button[normalize-space()="Add to cart"]`)
	if got := p.path(); got != "/cart" {
		t.Fatalf("adding ended on %s", got)
	}

	p.do("choose two years", chromedp.SetValue(chromedp.ID("years-0"), "2"))
	p.submit(`//main//button[normalize-space()="Set"]`)
	if got := p.text("tfoot"); !strings.Contains(got, "28.80 USD") {
		t.Errorf("two years of .com: total %q, want 28.80 USD", got)
	}

	p.submit(`//main//a[normalize-space()="Check out"]`)
	order := p.checkOut(cardPays)
	p.waitByReloading(order, "#order-status", "completed")

	p.open("/domains/nojs-shop.com")
	p.do("fill the editor",
		chromedp.SetValue(chromedp.CSS(`#editor + form input[name="name"]`), "api"),
		chromedp.SetValue(chromedp.CSS(`#editor + form select[name="type"]`), "A"),
		chromedp.SetValue(chromedp.CSS(`#editor + form input[name="ttl"]`), "300"),
		chromedp.SetValue(chromedp.CSS(`#editor + form textarea[name="values"]`), "192.0.2.44"))
	if st := p.submit(`#editor + form button[type="submit"]`); st != http.StatusOK {
		t.Fatalf("review answered %d", st)
	}
	if got := p.text("#review"); !strings.Contains(got, "create") || !strings.Contains(got, "api.nojs-shop.com") {
		t.Errorf("review %q", got)
	}
	p.submit("#apply")
	if got := p.text(".flash"); got != "Record set saved." {
		t.Errorf("flash after apply: %q", got)
	}
	if got := p.text(`tr[data-name="api.nojs-shop.com"][data-type="A"]`); !strings.Contains(got, "192.0.2.44") {
		t.Errorf("the new record reads %q", got)
	}
	if got := lookupA(t, h, "api.nojs-shop.com."); got != "192.0.2.44" {
		t.Errorf("DNS answers %q", got)
	}
}

// waitByReloading reloads path, as a visitor without scripts does, until
// the element css finds says want.
func (p *page) waitByReloading(path, css, want string) {
	p.t.Helper()
	deadline := time.Now().Add(waitFor)
	for {
		p.open(path)
		got := p.text(css)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("%s still says %q after %s of reloading, want %q", css, got, waitFor, want)
		}
		p.do("wait before reloading", chromedp.Sleep(100*time.Millisecond))
	}
}
