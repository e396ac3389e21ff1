package dnsrecord

import (
	"strings"
	"testing"
)

func TestToRDataAndBack(t *testing.T) {
	long := strings.Repeat("a", 300)
	tests := []struct {
		typ, value, rdata, back string
	}{
		{"TXT", "v=spf1 -all", `"v=spf1 -all"`, ""},
		{"txt", `say "hi" \ ok`, `"say \"hi\" \\ ok"`, ""},
		{"TXT", long, `"` + long[:255] + `" "` + long[255:] + `"`, ""},
		{"TXT", "Bücher", `"B\195\188cher"`, ""},
		{"TXT", "", `""`, ""},
		{"A", "192.0.2.1", "192.0.2.1", ""},
		{"AAAA", "2001:DB8::1", "2001:db8::1", "2001:db8::1"},
		{"MX", "10 Mail.Example.com", "10 mail.example.com.", "10 mail.example.com."},
		{"MX", "10 mail.example.com.", "10 mail.example.com.", ""},
		{"MX", "0 .", "0 .", ""},
		{"CNAME", "example.com", "example.com.", "example.com."},
		{"CNAME", "bücher.example", "xn--bcher-kva.example.", "xn--bcher-kva.example."},
		{"SRV", "10 5 5060 sip.example.com", "10 5 5060 sip.example.com.", "10 5 5060 sip.example.com."},
		{"CAA", `0 issue "ca.example.net"`, `0 issue "ca.example.net"`, ""},
		{"CAA", `0 issue ca.example.net`, `0 issue "ca.example.net"`, `0 issue "ca.example.net"`},
		{"CAA", `0 issuewild ";"`, `0 issuewild ";"`, ""},
		{"CAA", `128 iodef "mailto:sec@example.com"`, `128 iodef "mailto:sec@example.com"`, ""},
	}
	for _, tt := range tests {
		got, err := ToRData(tt.typ, tt.value)
		if err != nil {
			t.Errorf("ToRData(%s, %q): %v", tt.typ, tt.value, err)
			continue
		}
		if got != tt.rdata {
			t.Errorf("ToRData(%s, %q) = %q, want %q", tt.typ, tt.value, got, tt.rdata)
		}

		back, _ := FromRData(tt.typ, got)
		want := tt.back
		if want == "" {
			want = tt.value
		}
		if back != want {
			t.Errorf("FromRData(%s, %q) = %q, want %q", tt.typ, got, back, want)
		}
	}
}

func TestTXTSplitCountsBytes(t *testing.T) {
	text := strings.Repeat("ü", 200) // 400 bytes
	rdata, err := ToRData("TXT", text)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(rdata, `" "`); n != 1 {
		t.Fatalf("want two strings, got %d separators in %q", n, rdata)
	}
	back, _ := FromRData("TXT", rdata)
	if back != text {
		t.Errorf("round trip changed the text: %q", back)
	}
}

func TestFromRDataTXTForms(t *testing.T) {
	tests := map[string]string{
		`"v=DKIM1; p=abc" "def"`:         "v=DKIM1; p=abcdef",
		`"ask \"Dana\""`:                 `ask "Dana"`,
		`"Willkommen bei B\195\188cher"`: "Willkommen bei Bücher",
		`bare words`:                     "barewords",
	}
	for rdata, want := range tests {
		if got, _ := FromRData("TXT", rdata); got != want {
			t.Errorf("FromRData(TXT, %q) = %q, want %q", rdata, got, want)
		}
	}
}

func TestToRDataRefuses(t *testing.T) {
	tests := []struct{ typ, value string }{
		{"A", "203.0.113.300"},
		{"A", "2001:db8::1"},
		{"A", ""},
		{"AAAA", "192.0.2.1"},
		{"MX", "mail.example.com."},
		{"MX", "70000 mail.example.com."},
		{"MX", "10 mail"},
		{"CNAME", "www"},
		{"CNAME", "*.example.com"},
		{"SRV", "10 5 sip.example.com."},
		{"SRV", "10 5 99999 sip.example.com."},
		{"CAA", `0 bogus "x"`},
		{"CAA", `5 issue "ca.example.net"`},
		{"CAA", `0 iodef "security@example.com"`},
		{"CAA", `0 issue`},
		{"TXT", strings.Repeat("x", 4000)},
	}
	for _, tt := range tests {
		if got, err := ToRData(tt.typ, tt.value); err == nil {
			t.Errorf("ToRData(%s, %q) = %q, want an error", tt.typ, tt.value, got)
		}
	}
}
