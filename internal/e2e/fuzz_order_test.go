package e2e

import (
	"encoding/json"
	"testing"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/store"
)

var apiCodes = map[string]bool{"invalid": true, "unsupported_tld": true, "not_found": true, "conflict": true,
	"not_transferable": true, "payment_declined": true, "unavailable": true, "provider_error": true}

// FuzzOrderBody posts anything as an order, through the decoder and the
// checkout's validation: never a 5xx, every refusal a known code, every
// "invalid" naming its field (or the body), and an accepted order is
// authorised. The seeds are the bad-input corpus and a good order.
func FuzzOrderBody(f *testing.F) {
	f.Add(orderWith(func(map[string]any) {}))
	for _, c := range orderCases() {
		f.Add(c.body)
	}
	f.Add(`{"items": [{"type": "register", "domain": "ok-fuzz.com", "years": 1}]}`)
	f.Add(`{`)

	h := apptest.Start(f, apptest.Options{})
	c, _ := h.UserClient(h.Tenant, "fuzz@iso.test", store.RoleClient)
	f.Fuzz(func(t *testing.T, body string) {
		a := send(t, h, c, "POST", "/api/v1/orders", jsonType, body, nil)
		switch {
		case a.Status >= 500:
			t.Fatalf("%q: %d %s", body, a.Status, a.Body)
		case a.Status == 201:
			var o order
			if err := json.Unmarshal([]byte(a.Body), &o); err != nil || len(o.Items) == 0 || o.Items[0].State == "pending" {
				t.Fatalf("%q: accepted as %s", body, a.Body)
			}
		default:
			var e apiError
			if err := json.Unmarshal([]byte(a.Body), &e); err != nil || !apiCodes[e.Error.Code] {
				t.Fatalf("%q: %d with error %s", body, a.Status, a.Body)
			}
			if e.Error.Code == "invalid" && e.Error.Field == "" && e.Error.Message == "" {
				t.Fatalf("%q: an invalid answer that explains nothing: %s", body, a.Body)
			}
		}
	})
}
