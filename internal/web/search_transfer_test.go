package web_test

import (
	"context"
	"html"
	"net/http"
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

// A name already managed here is not offered for transfer: its holder sees
// it as theirs with a link to its page, another client and a visitor see it
// taken, an admin sees it managed here; a failed transfer (gone) may be
// tried again.
func TestSearchShowsNamesManagedHere(t *testing.T) {
	e := newEnv(t)
	e.domain("my-shop.com", e.client.ID)
	other := e.user(e.h.Tenant.ID, "bob@example.com", "client")
	gone := e.domain("lost-shop.com", e.client.ID)
	gone.Status = "gone"
	if _, err := e.h.App.Store.UpsertDomain(context.Background(), gone); err != nil {
		t.Fatal(err)
	}

	_, body := e.page(e.browser(e.client.Email), "/search/result?domain=my-shop.com")
	if !strings.Contains(body, ">yours<") || !strings.Contains(body, `href="/domains/my-shop.com"`) ||
		strings.Contains(body, "/cart/transfer") || strings.Contains(body, "Transfer it here") {
		t.Errorf("the holder's result: %s", body)
	}
	_, body = e.page(e.browser(e.client.Email), "/search?q=my-shop.com&wait=1")
	if !strings.Contains(body, ">yours<") || strings.Contains(body, "Transfer it here") {
		t.Errorf("the holder's search page: %s", body)
	}

	for who, c := range map[string]*http.Client{"another client": e.browser(other.Email), "a visitor": http.DefaultClient} {
		_, body = e.page(c, "/search/result?domain=my-shop.com")
		if !strings.Contains(body, ">taken<") || strings.Contains(body, "/cart/transfer") ||
			strings.Contains(body, "yours") || strings.Contains(body, "/domains/my-shop.com") {
			t.Errorf("%s's result: %s", who, body)
		}
	}

	_, body = e.page(e.browser(e.admin.Email), "/search/result?domain=my-shop.com")
	if !strings.Contains(body, "managed here") || !strings.Contains(body, `href="/admin/domains/my-shop.com"`) ||
		strings.Contains(body, "/cart/transfer") {
		t.Errorf("the admin's result: %s", body)
	}

	_, body = e.page(e.browser(e.client.Email), "/search/result?domain=lost-shop.com")
	if !strings.Contains(body, "/cart/transfer") || strings.Contains(body, "yours") {
		t.Errorf("a gone domain's result: %s", body)
	}
}
