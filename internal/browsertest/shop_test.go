package browsertest

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

const (
	cardPays     = "4242424242424242"
	cardDeclined = "4000000000000002"
)

// contactForm is a valid registrant contact, by input id.
func contactForm() map[string]string {
	return map[string]string{"first_name": "Ada", "last_name": "Lovelace",
		"email": "ada@example.com", "phone": "+1 206 555 0119", "address1": "1 Main St",
		"city": "Seattle", "state": "WA", "postal_code": "98101", "country": "US"}
}

var orderPath = regexp.MustCompile(`^/orders/[A-Za-z0-9_-]+$`)

// addToCart searches for a name and presses its "Add to cart" button.
func (p *page) addToCart(domain string) {
	p.t.Helper()
	p.open("/search?q=" + domain)
	row := `//tr[@id="r-` + domain + `"]`
	p.waitText(`tr[id="r-`+domain+`"]`, "Add to cart")
	p.submit(row + `//button[normalize-space()="Add to cart"]`)
	if got := p.path(); got != "/cart" {
		p.t.Fatalf("adding %s ended on %s", domain, got)
	}
	if got := p.text(".flash"); got != domain+" is in your cart." {
		p.t.Errorf("flash after adding %s: %q", domain, got)
	}
}

// pay fills the checkout form and presses Pay; it returns the status of
// the page that loaded.
func (p *page) pay(card string, contact map[string]string) int64 {
	p.t.Helper()
	if got := p.path(); got != "/checkout" {
		p.open("/checkout")
	}
	p.fill(contact)
	p.typeInto("card", card)
	return p.submit(`//form[@id="checkout"]//button[starts-with(normalize-space(),"Pay")]`)
}

// checkOut pays for the cart and returns the order page's path.
func (p *page) checkOut(card string) string {
	p.t.Helper()
	if st := p.pay(card, contactForm()); st != http.StatusOK {
		p.t.Fatalf("checkout answered %d on %s", st, p.path())
	}
	path := p.path()
	if !orderPath.MatchString(path) {
		p.t.Fatalf("checkout ended on %s, want an order page", path)
	}
	return path
}

func TestCartAndPayWithSandboxCard(t *testing.T) {
	h := start(t, nil)
	p := newPage(t, h)
	p.signUp("Ada Lovelace", "ada@example.com")

	p.addToCart("good-shop.com")
	p.addToCart("good-shop.net")
	if got := p.text("nav"); !strings.Contains(got, "Cart (2)") {
		t.Errorf("menu after adding two names: %q", got)
	}
	// .com costs 12.00 and .net 11.00 USD at Route 53, plus the 20 % markup.
	if got := p.text("tfoot"); !strings.Contains(got, "27.60 USD") {
		t.Errorf("cart total: %q", got)
	}

	p.submit(`//main//a[normalize-space()="Check out"]`)
	if got := eval[string](p, `document.getElementById("first_name").value`); got != "Ada" {
		t.Errorf("checkout does not start from the account's name: %q", got)
	}
	if got := p.text(`//form[@id="checkout"]//button`); got != "Pay 27.60 USD" {
		t.Errorf("pay button: %q", got)
	}
	p.checkOut(cardPays)

	p.waitText("#order-status", "completed")
	if got := p.text("#payment-status"); got != "captured" {
		t.Errorf("payment status %q", got)
	}
	for _, d := range []string{"good-shop.com", "good-shop.net"} {
		if got := p.text(`//tr[@data-domain="` + d + `"]`); !strings.Contains(got, "completed") {
			t.Errorf("item %s: %q", d, got)
		}
	}
	if got := p.text("nav"); strings.Contains(got, "Cart (") {
		t.Errorf("the cart was not emptied: %q", got)
	}
	p.submit(`//a[normalize-space()="good-shop.com"]`)
	if got := p.path(); got != "/domains/good-shop.com" {
		t.Errorf("the item links to %s", got)
	}
}

func TestOrderPageUpdatesItself(t *testing.T) {
	h := start(t, nil)
	p := newPage(t, h)
	p.signUp("Ada Lovelace", "ada@example.com")

	// A "slow-" name stays with the sandbox registry until it is completed.
	p.addToCart("slow-shop.com")
	p.open("/checkout")
	p.checkOut(cardPays)
	if got := p.text("#order-status"); got != "open" {
		t.Fatalf("order status right after paying: %q", got)
	}
	p.waitText(`tr[data-domain="slow-shop.com"]`, "registering")
	trigger := eval[string](p, `document.getElementById("order").getAttribute("hx-trigger")`)
	if trigger != "every 1s" {
		t.Errorf("the open order polls with %q", trigger)
	}
	if n := eval[int](p, `document.querySelectorAll("[hx-trigger]").length`); n != 1 {
		t.Errorf("%d elements poll the order, want 1", n)
	}
	p.do("mark the document", evalVoid(`window.sameDocument = true`))

	sandbox := h.App.Providers.SandboxRegistrar
	if _, err := sandbox.Complete(context.Background(), "slow-shop.com", false); err != nil {
		t.Fatal(err)
	}
	p.waitText("#order-status", "completed")
	if !eval[bool](p, `window.sameDocument === true`) {
		t.Error("the page was reloaded; it should have updated in place")
	}
	if got := p.text("#payment-status"); got != "captured" {
		t.Errorf("payment status %q", got)
	}
	if n := eval[int](p, `document.querySelectorAll("[hx-trigger]").length`); n != 0 {
		t.Errorf("a settled order still polls (%d elements)", n)
	}
}

func TestCheckoutFieldErrorAndDeclinedCard(t *testing.T) {
	h := start(t, nil)
	p := newPage(t, h)
	p.signUp("Ada Lovelace", "ada@example.com")
	p.addToCart("good-shop.com")

	bad := contactForm()
	bad["phone"] = "12"
	if st := p.pay(cardPays, bad); st != http.StatusUnprocessableEntity {
		t.Errorf("a bad phone answered %d, want 422", st)
	}
	if msg := p.fieldError("phone", "err-contact.phone"); msg == "" {
		t.Error("the phone error is empty")
	}
	if got := eval[string](p, `document.getElementById("city").value`); got != "Seattle" {
		t.Errorf("the refused form lost the city: %q", got)
	}
	p.screenshot("phone-error")

	p.checkOut(cardDeclined)
	if got := p.text(".flash"); !strings.Contains(got, "Your card was declined") {
		t.Errorf("flash after a declined card: %q", got)
	}
	if got := p.text("#order-status"); got != "failed" {
		t.Errorf("declined order status %q", got)
	}
	if got := p.text(`tr[data-domain="good-shop.com"]`); !strings.Contains(got, "cancelled") {
		t.Errorf("declined item: %q", got)
	}
	if got := p.text("nav"); !strings.Contains(got, "Cart (1)") {
		t.Errorf("a declined card emptied the cart: %q", got)
	}
}
