package web_test

import (
	"html"
	"net/url"
	"strings"
	"testing"
)

// TestSearchOffersTransferOfATakenName: a taken name in the search results
// offers a transfer with its auth code; sending it puts the transfer in the
// cart. An available name offers the registration only.
func TestSearchOffersTransferOfATakenName(t *testing.T) {
	e := newEnv(t)
	c := e.browser(e.client.Email)

	code, body := e.page(c, "/search/result?domain=taken-mine.com")
	if code != 200 || !strings.Contains(body, `action="/cart/transfer"`) ||
		!strings.Contains(body, `name="domain" value="taken-mine.com"`) || !strings.Contains(body, `name="auth_code"`) {
		t.Fatalf("taken result: %d %s", code, body)
	}
	_, body = e.page(c, "/search/result?domain=free-mine.com")
	if strings.Contains(body, "/cart/transfer") || !strings.Contains(body, `action="/cart/add"`) {
		t.Errorf("available result: %s", body)
	}

	code, body = e.post(c, "/cart/transfer", url.Values{"domain": {"taken-mine.com"}, "auth_code": {"EPP-1"}})
	cart := html.UnescapeString(body)
	if code != 200 || !strings.Contains(cart, "taken-mine.com") || !strings.Contains(cart, "transfer") {
		t.Errorf("cart after the transfer form: %d %s", code, cart)
	}
}
