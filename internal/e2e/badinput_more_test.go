package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// The second half of the bad-input corpus: names through the availability
// search, record values of every type, JSON bodies of the wrong shape on
// every JSON route, contacts, settings, markups and name servers. Cases
// named "admin: ..." are sent by the tenant's admin, the rest by the owner.

func badCase(name, method, path, body, code, field string) bad {
	ctype := jsonType
	if method == "GET" {
		ctype = ""
	}
	return bad{name: name, method: method, path: path, ctype: ctype, body: body, status: 400, code: code, field: field}
}

// badNames are malformed domain names, each refused as "domain".
var badNames = []string{
	"-bad.com", "bad-.com", "a..com", ".com", "-.com", "com", "", " ", "exa mple.com", "ex\tample.com",
	"my_shop.com", "a@b.com", "http://a.com", "a.com/path", "a.com:80", "a.com?x=1", "a.com#top",
	"*.example.com", "exa%mple.com", "exam!ple.com", "<script>.com", "\"quoted\".com", "a\x00b.com",
	"\xff\xfe.com", "xn--zz.com", "xn--.com", strings.Repeat("a", 64) + ".com",
	strings.Repeat("a.", 130) + "com", "a.com..", "a.-b.com", "pаypal.com", "exa\u200bmple.com",
	"[::1]", "a,b.com", "a;b.com", "a/b.com", "a\\b.com", "a b", "..", "a\nb.com",
}

func nameCases() []bad {
	var out []bad
	for _, d := range badNames {
		out = append(out, badCase("availability "+d, "GET", "/api/v1/availability?domain="+url.QueryEscape(d),
			"", "invalid", "domain"))
	}
	return out
}

// recordCases are record sets a DNS host would refuse, each named by the
// field at fault.
func recordCases(w *world) []bad {
	rec := "/api/v1/domains/" + w.domain + "/records"
	set := func(name, typ string, ttl any, values ...any) string {
		b := map[string]any{"name": name, "type": typ, "ttl": ttl, "values": values}
		return jsonOf(b)
	}
	var out []bad
	add := func(what, body, field string) {
		out = append(out, badCase("record "+what, "PUT", rec, body, "invalid", field))
	}
	for _, v := range []string{"not-an-ip", "256.1.1.1", "192.0.2", "192.0.2.1.5", "2001:db8::1", "", " ", "192.0.2.1/24", "0x7f.1.1.1", "<b>"} {
		add("A "+v, set("a-bad", "A", 300, v), "values.0")
	}
	for _, v := range []string{"192.0.2.1", "2001:db8:::1", "gggg::1", "", "2001:db8::1/64", "::ffff:192.0.2.1.1"} {
		add("AAAA "+v, set("aaaa-bad", "AAAA", 300, v), "values.0")
	}
	for _, v := range []string{"mail.example.com.", "ten mail.example.com.", "10", "-1 mail.example.com.", "70000 mail.example.com.", "10 bad host.", "10 mail.example.com. extra"} {
		add("MX "+v, set("@", "MX", 300, v), "values.0")
	}
	for _, v := range []string{"", "bad host.", "a..b.", "http://example.com/"} {
		add("CNAME "+v, set("cname-bad", "CNAME", 300, v), "values.0")
	}
	add("CNAME two values", set("cname-two", "CNAME", 300, "a.example.com.", "b.example.com."), "values")
	for _, v := range []string{"10 5 sip.example.com.", "10 5 99999 sip.example.com.", "a b c d", "10 5 5060", "10 5 5060 bad host."} {
		add("SRV "+v, set("_sip._tcp", "SRV", 300, v), "values.0")
	}
	for _, v := range []string{"0 issue", "0 nosuchtag \"ca.example.net\"", "256 issue \"ca.example.net\"", "x issue \"ca\""} {
		add("CAA "+v, set("@", "CAA", 300, v), "values.0")
	}
	add("TXT over 4000 characters", set("txt-long", "TXT", 300, strings.Repeat("x", 70000)), "values.0")
	// A TTL of 0 or none takes the tenant's default, so it is not here.
	for _, ttl := range []any{1, 59, 86401, -5, 1e12, "300", true, 30.5} {
		add(fmt.Sprintf("ttl %v", ttl), set("ttl-bad", "A", ttl, "192.0.2.1"), "ttl")
	}
	for _, n := range []string{"a..b", "-a", "a b", "<b>", strings.Repeat("x", 64), "outside.example.net."} {
		add("name "+n, set(n, "A", 300, "192.0.2.1"), "name")
	}
	for _, typ := range []string{"", "XYZ", "SOA", "a b", "ANY"} {
		add("type "+typ, set("type-bad", typ, 300, "192.0.2.1"), "type")
	}
	add("no values", set("none", "A", 300), "values")
	add("value as a number", set("num", "A", 300, 1), "values.0")
	add("value as an object", set("obj", "A", 300, map[string]any{"ip": "192.0.2.1"}), "values.0")
	return out
}

// shapeCases send bodies of the wrong shape to every JSON route.
func shapeCases(w *world) []bad {
	routes := []struct {
		who, method, path string
	}{
		{"owner", "POST", "/api/v1/orders"},
		{"owner", "PUT", "/api/v1/domains/" + w.domain + "/records"},
		{"owner", "PUT", "/api/v1/domains/" + w.domain + "/auto-renew"},
		{"admin", "PUT", "/api/v1/domains/" + w.domain + "/privacy"},
		{"admin", "PUT", "/api/v1/domains/" + w.domain + "/lock"},
		{"admin", "PUT", "/api/v1/domains/" + w.domain + "/nameservers"},
		{"admin", "PUT", "/api/v1/domains/" + w.domain + "/contacts"},
		{"admin", "PUT", "/api/v1/domains/" + w.domain + "/client"},
		{"admin", "PUT", "/api/v1/settings"},
		{"admin", "PUT", "/api/v1/tlds/com"},
		{"admin", "POST", "/api/v1/clients"},
		{"admin", "POST", "/api/v1/domains/link"},
		{"admin", "POST", "/api/v1/domains/sync"},
	}
	bodies := []struct{ what, body, field string }{
		{"an array", `[]`, ""},
		{"a string", `"text"`, ""},
		{"a number", `42`, ""},
		{"cut short", `{"enabled": tr`, ""},
		{"two objects", `{} {}`, ""},
		// The unknown key is named as decoded, broken bytes replaced.
		{"broken UTF-8", "{\"\xff\xfe\": 1}", "\ufffd\ufffd"},
		{"broken UTF-8 outside a string", "{\xff}", ""},
		{"an unknown field", `{"zz_unknown": 1}`, "zz_unknown"},
		{"empty", ``, ""},
		{"huge", `{"x": "` + strings.Repeat("a", 1<<20) + `"}`, ""},
	}
	var out []bad
	for _, rt := range routes {
		for _, b := range bodies {
			out = append(out, badCase(rt.who+": "+rt.method+" "+rt.path+" with "+b.what, rt.method, rt.path,
				b.body, "invalid", b.field))
		}
	}
	return out
}

// contactCases change a domain's billing contact badly.
func contactCases(w *world) []bad {
	path := "/api/v1/domains/" + w.domain + "/contacts"
	var out []bad
	with := func(role, f string, v any) string {
		c := map[string]any{}
		for k, val := range contact() {
			c[k] = val
		}
		if v == nil {
			delete(c, f)
		} else {
			c[f] = v
		}
		return jsonOf(map[string]any{role: c})
	}
	for _, f := range []string{"first_name", "last_name", "email", "phone", "address1", "city", "postal_code", "country"} {
		out = append(out, badCase("admin: billing without "+f, "PUT", path, with("billing", f, nil), "invalid", "billing."+f))
	}
	for _, c := range []struct{ f, v string }{{"phone", "call me"}, {"phone", "12345"}, {"country", "XX"},
		{"country", "USA"}, {"email", "ada@"}, {"email", "@example.com"}, {"city", strings.Repeat("c", 5000)},
		{"first_name", "Ada\x07"}, {"state", ""}} {
		out = append(out, badCase("admin: registrant "+c.f+" "+c.v, "PUT", path, with("registrant", c.f, c.v),
			"invalid", "registrant."+c.f))
	}
	out = append(out, badCase("admin: no contact at all", "PUT", path, `{}`, "invalid", ""))
	out = append(out, badCase("admin: tech as a string", "PUT", path, `{"tech": "Ada"}`, "invalid", "tech"))
	return out
}

// settingsCases are tenant settings out of bounds.
func settingsCases() []bad {
	var out []bad
	add := func(what, body, field string) {
		out = append(out, badCase("admin: settings "+what, "PUT", "/api/v1/settings", body, "invalid", field))
	}
	for _, ip := range []string{"not-an-ip", "256.0.0.1", "192.0.2", "example.com"} {
		add("default_ip "+ip, `{"default_ip": "`+ip+`"}`, "default_ip")
	}
	for _, h := range []string{"not a host", "-mail.example.com", "mail..example.com", "<b>", "http://mail.example.com"} {
		add("mail_host "+h, jsonOf(map[string]any{"mail_host": h}), "mail_host")
	}
	for _, s := range []string{"include:_spf.example.net", "v=spf1 -all\nexample.com. IN A 192.0.2.1", strings.Repeat("v", 5000)} {
		add("spf "+s[:min(len(s), 20)], jsonOf(map[string]any{"spf": s}), "spf")
	}
	for _, t := range []string{"XYZ", "SOA", ""} {
		add("record type "+t, jsonOf(map[string]any{"allowed_record_types": []string{"A", t}}), "allowed_record_types")
	}
	add("record types as a string", `{"allowed_record_types": "A"}`, "allowed_record_types")
	add("ttl min 0", `{"ttl": {"min": 0, "max": 3600}}`, "ttl")
	add("ttl max below min", `{"ttl": {"min": 600, "max": 60}}`, "ttl")
	add("ttl max above a week", `{"ttl": {"min": 60, "max": 604801}}`, "ttl")
	add("ttl min negative", `{"ttl": {"min": -1, "max": 60}}`, "ttl.min")
	add("ttl as text", `{"ttl": "1h"}`, "ttl")
	for _, r := range []string{"up", "0.99"} {
		add("rounding "+r, `{"rounding": "`+r+`"}`, "rounding")
	}
	for _, p := range []string{"maybe", ""} {
		add("premium "+p, `{"premium": "`+p+`"}`, "premium")
	}
	for _, c := range []string{"usd", "US", "EURO", "12A"} {
		add("currency "+c, `{"currency": "`+c+`"}`, "currency")
	}
	for _, p := range []string{"abc", "-5", "1e3", "1/3", "99999999999999999999999"} {
		add("markup percent "+p, `{"markup": {"percent": "`+p+`"}}`, "markup.percent")
	}
	add("markup fixed negative", `{"markup": {"percent": "10", "fixed": {"amount": -1, "currency": "USD"}}}`, "markup.fixed.amount")
	add("markup fixed currency", `{"markup": {"percent": "10", "fixed": {"amount": 1, "currency": "dollars"}}}`, "markup.fixed.currency")
	add("markup fixed as text", `{"markup": {"percent": "10", "fixed": "1.00"}}`, "markup.fixed")
	add("markup fixed in a currency with no rate",
		`{"markup": {"percent": "20", "fixed": {"amount": 100, "currency": "EUR"}}}`, "markup.fixed.currency")
	add("self-service as text", `{"client_self_service": "yes"}`, "client_self_service")
	return out
}

// tldCases are bad markups and switches on one TLD.
func tldCases() []bad {
	var out []bad
	add := func(what, body, field string) {
		out = append(out, badCase("admin: tld "+what, "PUT", "/api/v1/tlds/com", body, "invalid", field))
	}
	for _, p := range []string{"abc", "-5", "1e3", "", "12.5.1"} {
		add("percent "+p, `{"markup": {"percent": "`+p+`"}}`, "markup.percent")
	}
	add("fixed amount as text", `{"markup": {"percent": "10", "fixed": {"amount": "1.00", "currency": "USD"}}}`, "markup.fixed.amount")
	add("fixed amount fractional", `{"markup": {"percent": "10", "fixed": {"amount": 1.5, "currency": "USD"}}}`, "markup.fixed.amount")
	add("fixed negative", `{"markup": {"percent": "10", "fixed": {"amount": -100, "currency": "USD"}}}`, "markup.fixed.amount")
	add("fixed in a currency with no rate", `{"markup": {"percent": "10", "fixed": {"amount": 100, "currency": "EUR"}}}`,
		"markup.fixed.currency")
	add("enabled as text", `{"enabled": "yes"}`, "enabled")
	add("enabled as a number", `{"enabled": 1}`, "enabled")
	add("featured as a list", `{"featured": [true]}`, "featured")
	add("registrar as a number", `{"registrar": 7}`, "registrar")
	return out
}

// switchCases send non-booleans to the on/off routes, and bad name servers.
func switchCases(w *world) []bad {
	var out []bad
	for _, rt := range []struct{ who, path string }{{"owner", "auto-renew"}, {"admin", "privacy"}, {"admin", "lock"}} {
		for _, v := range []string{`"yes"`, `1`, `null`, `[]`, `{}`} {
			out = append(out, badCase(rt.who+": "+rt.path+" enabled "+v, "PUT", "/api/v1/domains/"+w.domain+"/"+rt.path,
				`{"enabled": `+v+`}`, "invalid", "enabled"))
		}
	}
	ns := "/api/v1/domains/" + w.domain + "/nameservers"
	for _, c := range []struct {
		what  string
		list  []any
		field string
	}{
		{"one only", []any{"ns1.example.net"}, "nameservers"},
		{"none", []any{}, "nameservers"},
		{"fourteen", repeatAny("ns.example.net", 14), "nameservers"},
		{"a space", []any{"ns1.example.net", "bad host"}, "nameservers.1"},
		{"an IP", []any{"192.0.2.1", "ns2.example.net"}, "nameservers.0"},
		{"a URL", []any{"ns1.example.net", "http://ns2.example.net"}, "nameservers.1"},
		{"a number", []any{"ns1.example.net", 2}, "nameservers.1"},
		{"underscore", []any{"ns_1.example.net", "ns2.example.net"}, "nameservers.0"},
	} {
		out = append(out, badCase("admin: nameservers "+c.what, "PUT", ns, jsonOf(map[string]any{"nameservers": c.list}),
			"invalid", c.field))
	}
	return out
}

// zoneCases import zone files that hold nothing importable: each must be
// refused whole, not taken as "replace the zone with nothing".
func zoneCases(w *world) []bad {
	path := "/api/v1/domains/" + w.domain + "/zone"
	var out []bad
	for _, z := range []struct{ what, text string }{
		{"empty", ""},
		{"only a comment", "; nothing here\n\n"},
		{"prose", "this is not a zone file\n"},
		{"a bad address", "bad 300 IN A 999.1.1.1\n"},
		{"outside the zone", "www.elsewhere.example. 300 IN A 192.0.2.1\n"},
		{"an include", "$INCLUDE /etc/passwd\n"},
		{"a generate", "$GENERATE 1-3 host$ A 192.0.2.$\n"},
		{"broken UTF-8", "\xff\xfe 300 IN TXT \"x\"\n"},
		{"SOA only", w.domain + ". 300 IN SOA ns1.example.net. host.example.net. 1 7200 3600 1209600 3600\n"},
		{"over 1 MiB", "big 300 IN TXT \"" + strings.Repeat("z", 200) + "\"\n" + strings.Repeat("; padding\n", 120000)},
	} {
		out = append(out, bad{name: "owner: zone " + z.what, method: "PUT", path: path, ctype: zoneType, body: z.text,
			status: 400, code: "invalid", field: "zone"})
	}
	return out
}

// clientCases create clients badly.
func clientCases() []bad {
	var out []bad
	add := func(what string, body map[string]any, field string) {
		out = append(out, badCase("admin: client "+what, "POST", "/api/v1/clients", jsonOf(body), "invalid", field))
	}
	for _, e := range []string{"", "ada", "ada@", "@x.com", "ada example@x.com", "ada@localhost"} {
		add("email "+e, map[string]any{"email": e, "name": "N", "password": "correct horse"}, "email")
	}
	add("short password", map[string]any{"email": "p1@iso.test", "name": "N", "password": "short"}, "password")
	add("no password", map[string]any{"email": "p2@iso.test", "name": "N"}, "password")
	add("currency", map[string]any{"email": "p3@iso.test", "name": "N", "password": "correct horse", "currency": "dollars"}, "currency")
	add("name as a number", map[string]any{"email": "p4@iso.test", "name": 5, "password": "correct horse"}, "name")
	return out
}

func repeatAny(s string, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", s, i)
	}
	return out
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// moreCases is the second half of the corpus.
func moreCases(w *world) []bad {
	var out []bad
	for _, part := range [][]bad{nameCases(), recordCases(w), shapeCases(w), contactCases(w),
		settingsCases(), tldCases(), switchCases(w), clientCases(), zoneCases(w)} {
		out = append(out, part...)
	}
	return out
}
