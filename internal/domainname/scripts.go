package domainname

import (
	"sort"
	"strings"
	"unicode"
)

// allowedMixes are the script combinations one label may use, after UTS 39's
// "highly restrictive" level: Japanese, Chinese and Korean writing mix Han
// with their own scripts, and Latin may join each of them. Any other mix
// (Latin with Cyrillic, Greek with Latin, ...) is refused: it is the stuff of
// look-alike names such as "аpple".
var allowedMixes = [][]string{
	{"Latin", "Han", "Hiragana", "Katakana"},
	{"Latin", "Han", "Bopomofo"},
	{"Latin", "Han", "Hangul"},
}

// scriptNames lists the scripts of the unicode package in a fixed order, so
// that a rune is looked up the same way every time.
var scriptNames = sortedScripts()

func sortedScripts() []string {
	names := make([]string, 0, len(unicode.Scripts))
	for name := range unicode.Scripts {
		if name != "Common" && name != "Inherited" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// checkScripts refuses a U-label whose letters come from scripts that may
// not be mixed. Digits, hyphens, combining marks and other characters of the
// Common and Inherited scripts are neutral.
// Limitation: a label written wholly in one script that looks like another
// ("аррӏе", all Cyrillic) passes; catching it needs UTS 39 confusable data,
// which neither the standard library nor x/net ships.
func checkScripts(input, label string) error {
	scripts := labelScripts(label)
	if len(scripts) <= 1 || mixAllowed(scripts) {
		return nil
	}
	return refuse(input, RuleMixedScripts,
		"label %q mixes the scripts %s", label, strings.Join(scripts, ", "))
}

// labelScripts returns the sorted, distinct scripts of the label's runes.
func labelScripts(label string) []string {
	seen := map[string]bool{}
	for _, r := range label {
		if name := scriptOf(r); name != "" {
			seen[name] = true
		}
	}

	out := make([]string, 0, len(seen))
	for name := range seen {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func scriptOf(r rune) string {
	if r < 0x80 {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return "Latin"
		}
		return ""
	}
	for _, name := range scriptNames {
		if unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	return ""
}

func mixAllowed(scripts []string) bool {
	for _, mix := range allowedMixes {
		if subset(scripts, mix) {
			return true
		}
	}
	return false
}

func subset(scripts, of []string) bool {
	for _, s := range scripts {
		found := false
		for _, o := range of {
			found = found || s == o
		}
		if !found {
			return false
		}
	}
	return true
}
