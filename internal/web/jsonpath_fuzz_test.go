package web

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/validate"
)

var orderKeys = map[string]bool{"client_id": true, "items": true, "contact": true, "payment": true}

// FuzzDecodeOrderBody feeds the order decoder anything: it must not panic,
// must answer a field error or a body, and a field it names must start at
// a key of the body (or of the order).
func FuzzDecodeOrderBody(f *testing.F) {
	for _, s := range []string{
		`{"items": [{"type": "register", "domain": "a.com", "years": 1}], "contact": {"phone": "+1 206 555 0119"},
			"payment": {"card": "4242424242424242"}}`,
		`{"items": [{"years": "two"}]}`, `{"items": [{}, {"years": 1.5}]}`, `{"items": {"0": {}}}`,
		`{"contact": {"fax": 1}}`, `{"client_id": null}`, `{"items": [null]}`, `[]`, `null`, `"x"`, `{`,
		`{"items": [{"domain": "\ud800"}]}`, "{\"\xff\": 1}", `{"ITEMS": []}`, `{"items": [{"Years": 1}]}`,
		`{"payment": {"card": 4242}}`, `{} {}`, `{"items": [[[[[[[]]]]]]]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var v orderBody
		err := decodeJSON(httptest.NewRequest("POST", "/", strings.NewReader(body)), &v)
		if err == nil {
			return
		}
		fe, ok := validate.As(err)
		if !ok {
			t.Fatalf("%q: %v is not a field error", body, err)
		}
		if fe.Field == "" {
			return
		}
		var doc map[string]any
		_ = json.NewDecoder(strings.NewReader(body)).Decode(&doc) // the first value, as decodeJSON reads
		named := false
		for k := range doc {
			named = named || fe.Field == k || strings.HasPrefix(fe.Field, k+".")
		}
		if top, _, _ := strings.Cut(fe.Field, "."); !named && !orderKeys[strings.ToLower(top)] {
			t.Fatalf("%q: field %q names nothing in the body", body, fe.Field)
		}
	})
}
