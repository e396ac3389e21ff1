package e2e

import (
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/apptest"
)

// The cart and the checkout page show what checkout will charge: a premium
// name at the registry's premium price, not the list price.
func TestPortalCartShowsPremiumPrice(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	c := signUp(t, h, "pat@example.com")

	resp, err := c.HTTP.PostForm(h.URL+"/cart/add", url.Values{"domain": {"premium-shop.com"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	for _, page := range []string{"/cart", "/checkout"} {
		resp, err := c.HTTP.Get(h.URL + page)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		// .com costs 12.00; a premium name costs ten times that, plus 20 %.
		if !strings.Contains(string(body), "144.00 USD") || strings.Contains(string(body), "14.40 USD") {
			t.Errorf("%s does not show the premium price of 144.00 USD", page)
		}
	}
}
