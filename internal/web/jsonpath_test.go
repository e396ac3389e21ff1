package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/validate"
)

func TestDecodeJSONNamesTheField(t *testing.T) {
	cases := []struct {
		body, field string
	}{
		{`{"items": [{"type": "register", "domain": "a.com", "years": "two"}]}`, "items.0.years"},
		{`{"items": [{"domain": "a.com", "years": 1}, {"domain": "b.com", "years": 1.5}]}`, "items.1.years"},
		{`{"items": [{"domain": "a.com", "yeras": 1}]}`, "items.0.yeras"},
		{`{"items": {"domain": "a.com"}}`, "items"},
		{`{"items": ["a.com"]}`, "items.0"},
		{`{"contact": {"phone": 2065550119}}`, "contact.phone"},
		{`{"contact": "Ada"}`, "contact"},
		{`{"payment": {"card": 4242424242424242}}`, "payment.card"},
		{`{"payment": {"cvc": "123"}}`, "payment.cvc"},
		{`{"surprise": true}`, "surprise"},
		{`{"client_id": ["c1"]}`, "client_id"},
	}
	for _, c := range cases {
		var body orderBody
		err := decodeJSON(httptest.NewRequest("POST", "/", strings.NewReader(c.body)), &body)
		fe, ok := validate.As(err)
		if !ok || fe.Field != c.field {
			t.Errorf("%s: %v (field %q), want field %q", c.body, err, fieldOf(fe, ok), c.field)
		}
	}
}

func TestDecodeJSONRefusesBadBodies(t *testing.T) {
	for name, body := range map[string]string{
		"empty": "", "not JSON": "items=1", "two objects": `{} {}`, "truncated": `{"items": [`,
		"too large": `{"client_id": "` + strings.Repeat("x", maxBody) + `"}`, "broken UTF-8 in a key": "{\"\xff\": 1}",
	} {
		var v orderBody
		err := decodeJSON(httptest.NewRequest("POST", "/", strings.NewReader(body)), &v)
		if _, ok := validate.As(err); !ok {
			t.Errorf("%s: %v, want a field error", name, err)
		}
	}
}

func fieldOf(fe *validate.FieldError, ok bool) string {
	if !ok {
		return ""
	}
	return fe.Field
}
