package domainname

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeAccepts(t *testing.T) {
	long := strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." +
		strings.Repeat("c", 63) + "." + strings.Repeat("d", 61)

	cases := []struct{ in, want string }{
		{"EXAMPLE.COM.", "example.com"},
		{"  example.com  ", "example.com"},
		{"Bücher.Example", "xn--bcher-kva.example"},
		{"xn--bcher-kva.example", "xn--bcher-kva.example"},
		{"bücher。example", "xn--bcher-kva.example"},
		{"a-b.com", "a-b.com"},
		{"123.com", "123.com"},
		{"東京.jp", "xn--1lqs71d.jp"},
		{"ひらがな漢字abc.jp", "xn--abc-o73b4fvb9jq026a6htb.jp"},
		{long, long},
		{long + ".", long},
		{strings.Repeat("a", 63) + ".com", strings.Repeat("a", 63) + ".com"},
	}
	for _, c := range cases {
		got, err := Normalize(c.in)
		if err != nil {
			t.Errorf("Normalize(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if len(long) != 253 {
		t.Fatalf("test name is %d octets, want 253", len(long))
	}
}

func TestNormalizeRefuses(t *testing.T) {
	n255 := strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." +
		strings.Repeat("c", 63) + "." + strings.Repeat("d", 63)

	cases := []struct{ in, rule string }{
		{"", RuleEmpty},
		{"   ", RuleEmpty},
		{".", RuleEmpty},
		{"example..com", RuleEmptyLabel},
		{".example.com", RuleEmptyLabel},
		{"example.com..", RuleEmptyLabel},
		{strings.Repeat("a", 64) + ".com", RuleLabelTooLong},
		{strings.Repeat("ü", 60) + ".com", RuleLabelTooLong},
		{n255, RuleNameTooLong},
		{"-bad.com", RuleLeadingHyphen},
		{"bad-.com", RuleTrailingHyphen},
		{"bad.-com", RuleLeadingHyphen},
		{"ab--cd.com", RuleReservedHyphens},
		{"my_shop.com", RuleInvalidCharacter},
		{"_dmarc.example.com", RuleInvalidCharacter},
		{"exa mple.com", RuleInvalidCharacter},
		{"shop!.com", RuleInvalidCharacter},
		{"a\u0440\u0440le.com", RuleMixedScripts},
		{"xn--ale-0eda.com", RuleMixedScripts},
		{"pαypal.com", RuleMixedScripts},
		{"xn--zz.com", RuleBadXNLabel},
		{"xn--abc.com", RuleBadXNLabel},
		{"xn--.com", RuleTrailingHyphen},
		{"xn--n3h.com", RuleIDNA},
		{"shop\U0001F600.com", RuleIDNA},
		{"xn--pypal-d9d.com", RuleMixedScripts},
		{"☃.com", RuleIDNA},
		{"ﬀ.com", RuleIDNA},
		{"\xff.com", RuleInvalidCharacter},
	}
	for _, c := range cases {
		got, err := Normalize(c.in)
		if err == nil {
			t.Errorf("Normalize(%q) = %q, want rule %s", c.in, got, c.rule)
			continue
		}
		assertRule(t, c.in, err, c.rule)
	}
}

func assertRule(t *testing.T, in string, err error, rule string) {
	t.Helper()

	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%q: error %v is not *Error", in, err)
		return
	}
	if e.Rule != rule {
		t.Errorf("%q: rule %q (%s), want %q", in, e.Rule, e.Message, rule)
	}
	if e.Input != in || e.Message == "" {
		t.Errorf("%q: error has input %q, message %q", in, e.Input, e.Message)
	}
	if !strings.HasPrefix(err.Error(), "domainname: ") {
		t.Errorf("%q: error %q lacks the component prefix", in, err)
	}
}

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		want Name
	}{
		{"example.co.uk", Name{"example.co.uk", "example.co.uk", "example", "co.uk"}},
		{"example.com.au", Name{"example.com.au", "example.com.au", "example", "com.au"}},
		{"Bücher.Example", Name{"xn--bcher-kva.example", "bücher.example", "xn--bcher-kva", "example"}},
		{"EXAMPLE.COM.", Name{"example.com", "example.com", "example", "com"}},
		{"github.io", Name{"github.io", "github.io", "github", "io"}},
		{"münchen.de", Name{"xn--mnchen-3ya.de", "münchen.de", "xn--mnchen-3ya", "de"}},
		{"例え.テスト", Name{"xn--r8jz45g.xn--zckzah", "例え.テスト", "xn--r8jz45g", "xn--zckzah"}},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("Parse(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	cases := []struct{ in, rule string }{
		{"foo.github.io", RuleNotRegistrable},
		{"shop.example.co.uk", RuleNotRegistrable},
		{"www.example.com", RuleNotRegistrable},
		{"com", RuleNotRegistrable},
		{"co.uk", RuleNotRegistrable},
		{"COM.", RuleNotRegistrable},
		{"-bad.com", RuleLeadingHyphen},
		{"", RuleEmpty},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want rule %s", c.in, got, c.rule)
			continue
		}
		assertRule(t, c.in, err, c.rule)
	}
}

func TestSplitTLD(t *testing.T) {
	label, tld, err := SplitTLD("example.co.uk")
	if err != nil || label != "example" || tld != "co.uk" {
		t.Errorf("SplitTLD(example.co.uk) = %q, %q, %v", label, tld, err)
	}

	label, tld, err = SplitTLD("xn--bcher-kva.com")
	if err != nil || label != "xn--bcher-kva" || tld != "com" {
		t.Errorf("SplitTLD(xn--bcher-kva.com) = %q, %q, %v", label, tld, err)
	}

	for _, in := range []string{"foo.github.io", "co.uk", ""} {
		if _, _, err := SplitTLD(in); err == nil {
			t.Errorf("SplitTLD(%q) succeeded, want an error", in)
		}
	}
}

func TestToUnicode(t *testing.T) {
	cases := map[string]string{
		"xn--bcher-kva.example": "bücher.example",
		"example.com":           "example.com",
		"xn--zz.com":            "xn--zz.com",
	}
	for in, want := range cases {
		if got := ToUnicode(in); got != want {
			t.Errorf("ToUnicode(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"example.com", "Bücher.Example.", "xn--zz.com", "a\u0440\u0440le.com",
		"my_shop.com", "-bad.com", "東京.jp", "example.co.uk", "ab--cd.com",
		"\u0627\u0644\u0639\u0631\u0628\u064a\u0629.com", "1.2.3.4",
	} {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, in string) {
		out, err := Normalize(in)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Rule == "" {
				t.Fatalf("Normalize(%q): error %v has no rule", in, err)
			}
			return
		}

		again, err := Normalize(out)
		if err != nil || again != out {
			t.Fatalf("Normalize(%q) = %q, which normalises to %q, %v", in, out, again, err)
		}
		if len(out) > maxNameOctets || out != strings.ToLower(out) || !isASCII(out) {
			t.Fatalf("Normalize(%q) = %q is not a short lower-case ASCII name", in, out)
		}
	})
}

func TestExplainLeavesThePrefixOut(t *testing.T) {
	_, err := Parse("bad..name")
	if got := Explain(err); got != `"bad..name": has an empty label` {
		t.Errorf("Explain = %q", got)
	}
	if got := Explain(errors.New("other")); got != "other" {
		t.Errorf("Explain of another error = %q", got)
	}
}
