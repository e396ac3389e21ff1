package domainname

import (
	"fmt"
	"unicode"
)

// x/net/idna implements UTS 46, whose tables still accept characters that
// IDNA 2008 (RFC 5892) disallows: symbols and punctuation such as "☃" or
// emoji are "valid, NV8" there. We add RFC 5892's own test on top.

// pvalidExceptions are the characters RFC 5892 section 2.6 makes PVALID
// (or CONTEXTO) although their general category alone would not.
var pvalidExceptions = map[rune]bool{
	0x00DF: true, 0x03C2: true, 0x06FD: true, 0x06FE: true, 0x0F0B: true,
	0x3007: true, 0x00B7: true, 0x0375: true, 0x05F3: true, 0x05F4: true,
	0x30FB: true, 0x200C: true, 0x200D: true,
}

// disallowedExceptions are letters RFC 5892 section 2.6 disallows.
var disallowedExceptions = map[rune]bool{
	0x0640: true, 0x07FA: true, 0x302E: true, 0x302F: true, 0x3031: true,
	0x3032: true, 0x3033: true, 0x3034: true, 0x3035: true, 0x303B: true,
}

// letterDigits is RFC 5892's LetterDigits category (Lu is left out: upper
// case is unstable under case folding and never reaches this check).
var letterDigits = []*unicode.RangeTable{
	unicode.Ll, unicode.Lo, unicode.Lm, unicode.Mn, unicode.Mc, unicode.Nd,
}

// oldHangulJamo is RFC 5892's OldHangulJamo category, which is disallowed.
var oldHangulJamo = &unicode.RangeTable{R16: []unicode.Range16{
	{Lo: 0x1100, Hi: 0x11FF, Stride: 1},
	{Lo: 0xA960, Hi: 0xA97F, Stride: 1},
	{Lo: 0xD7B0, Hi: 0xD7FF, Stride: 1},
}}

// idna2008Allowed reports whether r may appear in a U-label under RFC 5892
// (leaving the contextual rules to x/net/idna).
func idna2008Allowed(r rune) bool {
	switch {
	case r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z':
		return true
	case pvalidExceptions[r]:
		return true
	case disallowedExceptions[r] || unicode.Is(oldHangulJamo, r):
		return false
	}
	return unicode.IsOneOf(letterDigits, r)
}

// checkCharacters refuses a U-label holding a character IDNA 2008 disallows.
func checkCharacters(input, label string) error {
	for _, r := range label {
		if !idna2008Allowed(r) {
			return refuse(input, RuleIDNA,
				"label %q contains %s, which IDNA 2008 does not allow", label, describe(r))
		}
	}
	return nil
}

func describe(r rune) string {
	if unicode.IsPrint(r) {
		return fmt.Sprintf("%q (U+%04X)", r, r)
	}
	return fmt.Sprintf("U+%04X", r)
}
