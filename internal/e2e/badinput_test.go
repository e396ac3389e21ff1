package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/apptest"
)

// bad is one malformed request: where it goes, and the error it must get.
type bad struct {
	name         string
	method, path string
	ctype, body  string
	status       int
	code, field  string
}

// orderWith returns a valid order body changed by edit.
func orderWith(edit func(o map[string]any)) string {
	c := map[string]any{}
	for k, v := range contact() {
		c[k] = v
	}
	o := map[string]any{
		"items":   []any{map[string]any{"type": "register", "domain": fmt.Sprintf("fine-input-%d.com", n()), "years": 1}},
		"contact": c, "payment": map[string]any{"card": "4242424242424242"},
	}
	edit(o)
	b, _ := json.Marshal(o)
	return string(b)
}

func item(o map[string]any) map[string]any { return o["items"].([]any)[0].(map[string]any) }

func orderCases() []bad {
	var out []bad
	add := func(name string, status int, code, field string, edit func(map[string]any)) {
		out = append(out, bad{name: name, method: "POST", path: "/api/v1/orders", ctype: jsonType,
			body: orderWith(edit), status: status, code: code, field: field})
	}
	domain := func(d string) func(map[string]any) { return func(o map[string]any) { item(o)["domain"] = d } }
	for _, d := range []string{"-bad.com", "a..com", strings.Repeat("a", 64) + ".com", "my_shop.com",
		"pаypal.com", "bad-.com", "", " ", ".com", "xn--zz.com", "exa mple.com", "<script>.com", "-.com",
		"a\x00b.com", "\xff\xfe.com", "http://a.com", "a.com/path", "a@b.com", strings.Repeat("a.", 130) + "com", "a.com.."} {
		add("domain "+d, 400, "invalid", "items.0.domain", domain(d))
	}
	add("unknown TLD", 400, "unsupported_tld", "items.0.domain", domain("x.notatld"))
	for _, y := range []any{0, nil, 11, -1, 1.5, "two", true, 1e20, "1", []int{1}} {
		y := y
		add(fmt.Sprintf("years %v", y), 400, "invalid", "items.0.years", func(o map[string]any) { item(o)["years"] = y })
	}
	for _, f := range []string{"first_name", "last_name", "email", "phone", "address1", "city", "postal_code", "country"} {
		f := f
		add("no contact "+f, 400, "invalid", "contact."+f, func(o map[string]any) { delete(o["contact"].(map[string]any), f) })
	}
	contactField := func(f string, v any) func(map[string]any) {
		return func(o map[string]any) { o["contact"].(map[string]any)[f] = v }
	}
	for _, p := range []string{"12345", "call me", "+1 206 555 0119 ext", "+999 1234567", "++12065550119", strings.Repeat("9", 40)} {
		add("phone "+p, 400, "invalid", "contact.phone", contactField("phone", p))
	}
	for _, c := range []string{"XX", "USA", "us1", "U"} {
		add("country "+c, 400, "invalid", "contact.country", contactField("country", c))
	}
	for _, e := range []string{"ada", "ada@", "@example.com", "ada@localhost", "ada example@x.com"} {
		add("email "+e, 400, "invalid", "contact.email", contactField("email", e))
	}
	add("control characters in a name", 400, "invalid", "contact.first_name", contactField("first_name", "Ada\x07"))
	add("huge city", 400, "invalid", "contact.city", contactField("city", strings.Repeat("x", 5000)))
	add("phone as a number", 400, "invalid", "contact.phone", contactField("phone", 12065550119))
	add("empty cart", 400, "invalid", "items", func(o map[string]any) { o["items"] = []any{} })
	add("no items", 400, "invalid", "items", func(o map[string]any) { delete(o, "items") })
	add("items as an object", 400, "invalid", "items", func(o map[string]any) { o["items"] = map[string]any{} })
	add("item as a string", 400, "invalid", "items.0", func(o map[string]any) { o["items"] = []any{"a.com"} })
	add("contact as a string", 400, "invalid", "contact", func(o map[string]any) { o["contact"] = "Ada" })
	add("unknown field", 400, "invalid", "surprise", func(o map[string]any) { o["surprise"] = 1 })
	add("unknown item field", 400, "invalid", "items.0.colour", func(o map[string]any) { item(o)["colour"] = "red" })
	add("unknown contact field", 400, "invalid", "contact.fax", contactField("fax", "1"))
	add("item type", 400, "invalid", "items.0.type", func(o map[string]any) { item(o)["type"] = "renew" })
	add("transfer without auth code", 400, "invalid", "items.0.auth_code", func(o map[string]any) {
		item(o)["type"], item(o)["domain"] = "transfer", "taken-input.com"
	})
	add("second item bad", 400, "invalid", "items.1.years", func(o map[string]any) {
		o["items"] = append(o["items"].([]any), map[string]any{"type": "register", "domain": "fine-two.com", "years": "two"})
	})
	add("same name twice", 400, "invalid", "items.1.domain", func(o map[string]any) {
		o["items"] = append(o["items"].([]any), map[string]any{"type": "register", "domain": item(o)["domain"], "years": 1})
	})
	add("no card", 400, "invalid", "payment.card", func(o map[string]any) { o["payment"] = map[string]any{} })
	add("card as a number", 400, "invalid", "payment.card", func(o map[string]any) { o["payment"] = map[string]any{"card": 4242} })
	for _, card := range []string{"1234", "4242424242424241", "4242-4242-4242-424x", "42424242424242424242"} {
		add("card "+card, 400, "invalid", "payment.card", func(o map[string]any) {
			o["payment"] = map[string]any{"card": card}
		})
	}
	return out
}

func otherCases(w *world) []bad {
	rec := "/api/v1/domains/" + w.domain + "/records"
	put := func(name, path, body string, code, field string) bad {
		return bad{name: name, method: "PUT", path: path, ctype: jsonType, body: body, status: 400, code: code, field: field}
	}
	return []bad{
		put("record type", rec, `{"name": "www", "type": "XYZ", "ttl": 300, "values": ["1"]}`, "invalid", "type"),
		put("record ttl negative", rec, `{"name": "www", "type": "A", "ttl": -1, "values": ["192.0.2.1"]}`, "invalid", "ttl"),
		put("record ttl as text", rec, `{"name": "www", "type": "A", "ttl": "x", "values": ["192.0.2.1"]}`, "invalid", "ttl"),
		put("record values not a list", rec, `{"name": "www", "type": "A", "ttl": 300, "values": "192.0.2.1"}`, "invalid", "values"),
		put("record A value", rec, `{"name": "www2", "type": "A", "ttl": 300, "values": ["not-an-ip"]}`, "invalid", "values.0"),
		put("record name markup", rec, `{"name": "<b>", "type": "A", "ttl": 300, "values": ["192.0.2.1"]}`, "invalid", "name"),
		put("record outside the zone", rec, `{"name": "www.elsewhere.com.", "type": "A", "ttl": 300, "values": ["192.0.2.1"]}`, "invalid", "name"),
		put("record unknown field", rec, `{"name": "www", "type": "A", "ttl": 300, "values": ["192.0.2.1"], "prio": 1}`, "invalid", "prio"),
		put("auto-renew as text", "/api/v1/domains/"+w.domain+"/auto-renew", `{"enabled": "yes"}`, "invalid", "enabled"),
		put("auto-renew missing", "/api/v1/domains/"+w.domain+"/auto-renew", `{}`, "invalid", "enabled"),
		put("settings ttl", "/api/v1/settings", `{"ttl": {"min": "x"}}`, "invalid", "ttl.min"),
		put("tld markup", "/api/v1/tlds/com", `{"markup": {"percent": "abc"}}`, "invalid", "markup.percent"),
		put("tld featured", "/api/v1/tlds/com", `{"featured": "yes"}`, "invalid", "featured"),
		{name: "client email", method: "POST", path: "/api/v1/clients", ctype: jsonType,
			body: `{"email": "nope", "name": "N", "password": "correct horse"}`, status: 400, code: "invalid", field: "email"},
		{name: "client password", method: "POST", path: "/api/v1/clients", ctype: jsonType,
			body: `{"email": "short@iso.test", "name": "N", "password": "x"}`, status: 400, code: "invalid", field: "password"},
		{name: "availability name", method: "GET", path: "/api/v1/availability?domain=-bad.com", status: 400,
			code: "invalid", field: "domain"},
		{name: "availability TLD", method: "GET", path: "/api/v1/availability?domain=x.notatld", status: 400,
			code: "unsupported_tld", field: "domain"},
		{name: "someone else's client id", method: "POST", path: "/api/v1/orders", ctype: jsonType,
			body: orderWith(func(o map[string]any) { o["client_id"] = "usr_someone_else" }), status: 404, code: "not_found", field: "client_id"},
	}
}

var countedTables = []string{"orders", "order_items", "payments", "domains", "invoices", "users", "dns_changes"}

func rowCounts(t *testing.T, h *apptest.Harness) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range countedTables {
		var n int
		if err := h.App.Store.DB().QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// Malformed input answers a 4xx that names the field, never a 5xx, and
// writes nothing.
func TestBadInputCorpus(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	w := newWorld(t, h)
	cases := orderCases()
	for i := range cases {
		cases[i].name = "owner: " + cases[i].name
	}
	for _, c := range otherCases(w) {
		c.name = "admin: " + c.name
		cases = append(cases, c)
	}
	for _, c := range moreCases(w) {
		if !strings.HasPrefix(c.name, "admin: ") && !strings.HasPrefix(c.name, "owner: ") {
			c.name = "owner: " + c.name
		}
		cases = append(cases, c)
	}
	settings := send(t, h, w.callers[admin], "GET", "/api/v1/settings", "", "", nil).Body
	checkRefused(t, h, w, cases)
	if after := send(t, h, w.callers[admin], "GET", "/api/v1/settings", "", "", nil).Body; after != settings {
		t.Errorf("bad input changed the settings:\n%s\n%s", settings, after)
	}
	if len(cases) < 300 {
		t.Errorf("only %d cases", len(cases))
	}
	t.Logf("%d malformed inputs, each refused with a 4xx naming the field", len(cases))
}

func checkRefused(t *testing.T, h *apptest.Harness, w *world, cases []bad) {
	t.Helper()
	before := rowCounts(t, h)
	for _, c := range cases {
		caller := w.callers[owner]
		if strings.HasPrefix(c.name, "admin") {
			caller = w.callers[admin]
		}
		a := send(t, h, caller, c.method, c.path, c.ctype, c.body, nil)
		var e apiError
		_ = json.Unmarshal([]byte(a.Body), &e)
		if a.Status != c.status || e.Error.Code != c.code || e.Error.Field != c.field {
			t.Errorf("%s: %d %s field %q, want %d %s field %q (%s)", c.name, a.Status, e.Error.Code,
				e.Error.Field, c.status, c.code, c.field, e.Error.Message)
		}
	}
	if after := rowCounts(t, h); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("bad input wrote rows: before %v, after %v", before, after)
	}
}
