package dnsrecord

import (
	"slices"
	"testing"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/validate"
)

var zoneSets = []dnshost.RecordSet{
	{Name: "example.com.", Type: "A", TTL: 3600, Values: []string{"192.0.2.1"}},
	{Name: "example.com.", Type: "NS", TTL: 172800, Values: []string{"ns1.example.net."}},
	{Name: "www.example.com.", Type: "CNAME", TTL: 3600, Values: []string{"example.com."}},
	{Name: "shop.example.com.", Type: "A", TTL: 3600, Values: []string{"192.0.2.2"}},
}

func TestPrepare(t *testing.T) {
	in := Input{Name: "_sip._tcp", Type: "srv", Values: []string{"10 5 5060 sip.example.com"}}
	set, err := Prepare("example.com", in, zoneSets, DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	want := dnshost.RecordSet{Name: "_sip._tcp.example.com.", Type: "SRV", TTL: 3600,
		Values: []string{"10 5 5060 sip.example.com."}}
	if set.Name != want.Name || set.Type != want.Type || set.TTL != want.TTL ||
		!slices.Equal(set.Values, want.Values) {
		t.Errorf("Prepare = %+v, want %+v", set, want)
	}

	txt := Input{Name: "example.com", Type: "TXT", TTL: 300, Values: []string{"v=spf1 -all", "x"}}
	set, err = Prepare("example.com", txt, zoneSets, DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(set.Values, []string{`"v=spf1 -all"`, `"x"`}) || set.TTL != 300 {
		t.Errorf("TXT set = %+v", set)
	}
}

func TestPrepareFieldErrors(t *testing.T) {
	rules := DefaultRules()
	tests := []struct {
		name  string
		in    Input
		field string
	}{
		{"outside zone", Input{Name: "a.example.org.", Type: "A", Values: []string{"192.0.2.1"}}, "name"},
		{"type not allowed", Input{Name: "x", Type: "PTR", Values: []string{"a.example.com."}}, "type"},
		{"apex NS", Input{Name: "@", Type: "NS", Values: []string{"ns.example.net."}}, "type"},
		{"no type", Input{Name: "x", Values: []string{"192.0.2.1"}}, "type"},
		{"ttl low", Input{Name: "x", Type: "A", TTL: 59, Values: []string{"192.0.2.1"}}, "ttl"},
		{"ttl high", Input{Name: "x", Type: "A", TTL: 86401, Values: []string{"192.0.2.1"}}, "ttl"},
		{"no values", Input{Name: "x", Type: "A"}, "values"},
		{"bad second value", Input{Name: "x", Type: "A", Values: []string{"192.0.2.1", "::1"}}, "values.1"},
		{"duplicate", Input{Name: "x", Type: "A", Values: []string{"192.0.2.1", "192.0.2.1"}}, "values.1"},
		{"mx without pref", Input{Name: "@", Type: "MX", Values: []string{"mail.example.com."}}, "values.0"},
		{"cname at apex", Input{Name: "@", Type: "CNAME", Values: []string{"other.example.net"}}, "name"},
		{"cname beside A", Input{Name: "shop", Type: "CNAME", Values: []string{"x.example.net"}}, "name"},
		{"A beside cname", Input{Name: "www", Type: "A", Values: []string{"192.0.2.9"}}, "name"},
		{"two cname values", Input{Name: "x", Type: "CNAME", Values: []string{"a.example.net", "b.example.net"}}, "values"},
	}
	for _, tt := range tests {
		_, err := Prepare("example.com", tt.in, zoneSets, rules)
		fe, ok := validate.As(err)
		if !ok || fe.Field != tt.field || fe.Code != "invalid" {
			t.Errorf("%s: err = %v, want a field error on %q", tt.name, err, tt.field)
		}
	}
}

func TestPrepareReplacesCNAMEWithCNAME(t *testing.T) {
	in := Input{Name: "www", Type: "CNAME", Values: []string{"shop.example.com"}}
	if _, err := Prepare("example.com", in, zoneSets, DefaultRules()); err != nil {
		t.Errorf("replacing a CNAME: %v", err)
	}
}
