package dnsrecord

import (
	"testing"

	"github.com/proecommerce/domains/internal/validate"
)

func TestNormalizeName(t *testing.T) {
	tests := []struct {
		input, want string
	}{
		{"", "example.com."},
		{"@", "example.com."},
		{"www", "www.example.com."},
		{"WWW", "www.example.com."},
		{"www.example.com", "www.example.com."},
		{"www.example.com.", "www.example.com."},
		{"example.com", "example.com."},
		{"example.com.", "example.com."},
		{"_dmarc", "_dmarc.example.com."},
		{"_sip._tcp", "_sip._tcp.example.com."},
		{"selector1._domainkey", "selector1._domainkey.example.com."},
		{"*", "*.example.com."},
		{"*.shop", "*.shop.example.com."},
		{`\052.example.com.`, "*.example.com."},
		{"café", "xn--caf-dma.example.com."},
		{"mail.other.org", "mail.other.org.example.com."},
	}
	for _, tt := range tests {
		got, err := NormalizeName("Example.COM.", tt.input)
		if err != nil {
			t.Errorf("NormalizeName(%q): %v", tt.input, err)
			continue
		}
		if got != tt.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tt.input, got, tt.want)
		}
	}
}

func TestNormalizeNameRefuses(t *testing.T) {
	for _, input := range []string{
		"mail.other.org.", // absolute and outside the zone
		"a.*",             // wildcard not first
		"a..b",
		"-bad",
		"sp ace",
		"a/b",
		"x" + string(make([]byte, 64)),
	} {
		_, err := NormalizeName("example.com", input)
		fe, ok := validate.As(err)
		if !ok || fe.Field != "name" {
			t.Errorf("NormalizeName(%q) = %v, want a field error on name", input, err)
		}
	}
}

func TestAPIName(t *testing.T) {
	tests := map[string]string{
		"www.example.com.":  "www.example.com",
		`\052.example.com.`: "*.example.com",
		"Example.COM.":      "example.com",
		"example.com":       "example.com",
	}
	for in, want := range tests {
		if got := APIName(in); got != want {
			t.Errorf("APIName(%q) = %q, want %q", in, got, want)
		}
	}
}
