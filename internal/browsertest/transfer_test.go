package browsertest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// addTransfer fills the home page's transfer form.
func (p *page) addTransfer(domain, authCode string) {
	p.t.Helper()
	p.open("/")
	form := `form[action="/cart/transfer"] `
	p.do("fill the transfer form",
		chromedp.SendKeys(chromedp.CSS(form+`input[name="domain"]`), domain),
		chromedp.SendKeys(chromedp.CSS(form+`input[name="auth_code"]`), authCode))
	p.submit(`//form[@action="/cart/transfer"]//button[@type="submit"]`)
	if got := p.text(".flash"); got != domain+" is in your cart." {
		p.t.Errorf("flash after adding the transfer of %s: %q", domain, got)
	}
}

func TestTransferWithWrongAuthCode(t *testing.T) {
	h := start(t, nil)
	p := newPage(t, h)
	p.signUp("Ada Lovelace", "ada@example.com")

	// "bad-code" passes the registrar's first look; the losing registrar
	// refuses the transfer later, after the payment was taken.
	p.addTransfer("taken-shop.com", "bad-code")
	row := `//tbody/tr[td[normalize-space()="taken-shop.com"]]`
	if got := p.text(row); !strings.Contains(got, "transfer") ||
		!strings.Contains(got, "14.40 USD") {
		t.Errorf("cart row of the transfer: %q", got)
	}
	p.open("/checkout")
	if got := p.text("main"); !strings.Contains(got, "refunded in full if it fails") {
		t.Errorf("checkout does not say how a transfer is charged: %q", got)
	}
	p.checkOut(cardPays)
	p.waitText("#order-status", "failed")
	p.waitText(`.payment-status[data-purpose="transfer"]`, "refunded")
	if got := p.text("#order"); !strings.Contains(got, "Transfer payment of 14.40 USD: refunded") {
		t.Errorf("the order does not show the refund: %q", got)
	}
	if got := p.text(`tr[data-domain="taken-shop.com"]`); !strings.Contains(got, "auth code was refused") {
		t.Errorf("the failed transfer does not say why: %q", got)
	}
	if got := p.text(`tr[data-domain="taken-shop.com"]`); !strings.Contains(got, "failed") {
		t.Errorf("transfer item: %q", got)
	}
	p.screenshot("refunded")

	// A locked name is refused at checkout, before any card is touched.
	p.addTransfer("locked-shop.com", "a-good-code")
	if st := p.pay(cardPays, contactForm()); st != http.StatusUnprocessableEntity {
		t.Errorf("a locked transfer answered %d, want 422", st)
	}
	alert := p.text(`main [role="alert"]`)
	if !strings.Contains(alert, "locked-shop.com cannot be transferred") ||
		!strings.Contains(alert, "locked at its current registrar") {
		t.Errorf("locked transfer message: %q", alert)
	}
	p.open("/orders")
	if n := eval[int](p, `document.querySelectorAll("main tbody tr").length`); n != 1 {
		t.Errorf("%d orders after the refused checkout, want the first one only", n)
	}

	// The failed domain's page says why and offers the transfer again.
	p.checkPage("/domains/taken-shop.com")
	if got := p.text("#transfer"); !strings.Contains(got, "auth code was refused") ||
		!strings.Contains(got, "refunded in full") {
		t.Errorf("the domain page's transfer section: %q", got)
	}
	p.do("type a new auth code",
		chromedp.SendKeys(chromedp.CSS(`#transfer-again input[name="auth_code"]`), "new-good-code"))
	p.submit(`#transfer-again button[type="submit"]`)
	if got := p.text(".flash"); got != "taken-shop.com is in your cart." {
		t.Errorf("flash after transferring again: %q", got)
	}
}
