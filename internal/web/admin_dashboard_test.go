package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// The dashboard's recent orders and the order list name each order's
// client, with the client id as a link to the client's page.
func TestAdminOrdersNameTheClient(t *testing.T) {
	e := newEnv(t)
	orderID := e.order("named-order.com")

	admin := e.browser(e.admin.Email)
	link := `<a href="/admin/clients/` + e.client.ID + `"><small>` + e.client.ID + `</small></a>`
	for _, path := range []string{"/admin", "/admin/orders"} {
		st, body := e.page(admin, path)
		if st != 200 {
			t.Fatalf("%s: %d", path, st)
		}
		row := regexp.MustCompile(`(?s)` + orderID + `.*?(</tr>|</header>)`).FindString(body)
		// The client's name is the local part of the address ("ada").
		if !strings.Contains(row, e.client.Name+" "+link) || e.client.Name != "ada" {
			t.Errorf("%s: the order's row does not name the client with a link:\n%s", path, row)
		}
	}
}
