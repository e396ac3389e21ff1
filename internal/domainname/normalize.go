package domainname

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

const (
	maxLabelOctets = 63
	maxNameOctets  = 253
	acePrefix      = "xn--"
)

// dots are the ideographic and full-width full stops that people type for
// "." (UTS 46 maps them; the Registration profile does not, so we do).
var dots = strings.NewReplacer("\u3002", ".", "\uff0e", ".", "\uff61", ".")

// labelProfile is IDNA 2008's Registration profile without its length
// check, so that an over-long label is reported as such rather than as a
// generic IDNA error.
var labelProfile = idna.New(idna.ValidateForRegistration(), idna.VerifyDNSLength(false))

// Normalize trims the input, lower-cases it, strips one trailing dot and
// returns the name in lower-case A-label form ("xn--bcher-kva.example").
// It refuses empty labels, labels over 63 octets, names over 253 octets,
// leading or trailing hyphens, "--" in the third and fourth position of a
// label that is not an A-label, A-labels that do not decode, labels that mix
// scripts, underscores and any character IDNA 2008 (Registration profile)
// refuses. A refusal is an *Error whose Rule names the rule broken.
func Normalize(input string) (string, error) {
	s := strings.TrimSpace(input)
	if !utf8.ValidString(s) {
		return "", refuse(input, RuleInvalidCharacter, "is not valid UTF-8")
	}

	s = strings.TrimSuffix(dots.Replace(strings.ToLower(s)), ".")
	if s == "" {
		return "", refuse(input, RuleEmpty, "is empty")
	}

	labels := strings.Split(s, ".")
	ascii := make([]string, len(labels))
	for i, label := range labels {
		a, err := normalizeLabel(input, label)
		if err != nil {
			return "", err
		}
		ascii[i] = a
	}

	name := strings.Join(ascii, ".")
	if len(name) > maxNameOctets {
		return "", refuse(input, RuleNameTooLong,
			"is %d octets long; a name may have at most %d", len(name), maxNameOctets)
	}

	// The whole name goes through IDNA once more: the bidi rule applies
	// across labels, so checking label by label is not enough.
	checked, err := idna.Registration.ToASCII(name)
	if err != nil {
		return "", refuse(input, RuleIDNA, "is refused by IDNA 2008: %v", err)
	}
	if checked != name {
		return "", refuse(input, RuleIDNA, "is changed by IDNA 2008 to %q", checked)
	}
	return name, nil
}

// normalizeLabel checks one lower-cased label and returns its A-label.
func normalizeLabel(input, label string) (string, error) {
	if err := checkShape(input, label); err != nil {
		return "", err
	}

	if isASCII(label) {
		return asciiLabel(input, label)
	}

	if err := checkULabel(input, label); err != nil {
		return "", err
	}

	a, err := labelProfile.ToASCII(label)
	if err != nil {
		return "", refuse(input, RuleIDNA, "label %q is refused by IDNA 2008: %v", label, err)
	}
	return a, checkLength(input, a)
}

// checkShape applies the rules that hold for U-labels and A-labels alike.
func checkShape(input, label string) error {
	switch {
	case label == "":
		return refuse(input, RuleEmptyLabel, "has an empty label")
	case strings.Contains(label, "_"):
		return refuse(input, RuleInvalidCharacter,
			"label %q contains an underscore, which domain names may not", label)
	case strings.HasPrefix(label, "-"):
		return refuse(input, RuleLeadingHyphen, "label %q starts with a hyphen", label)
	case strings.HasSuffix(label, "-"):
		return refuse(input, RuleTrailingHyphen, "label %q ends with a hyphen", label)
	}
	return nil
}

// asciiLabel checks an all-ASCII label, decoding it when it is an A-label.
func asciiLabel(input, label string) (string, error) {
	for i := 0; i < len(label); i++ {
		if !isLDH(label[i]) {
			return "", refuse(input, RuleInvalidCharacter,
				"label %q contains %q; only letters, digits and hyphens are allowed",
				label, label[i])
		}
	}

	if err := checkLength(input, label); err != nil {
		return "", err
	}

	if strings.HasPrefix(label, acePrefix) {
		return label, checkALabel(input, label)
	}
	if len(label) >= 4 && label[2:4] == "--" {
		return "", refuse(input, RuleReservedHyphens,
			"label %q has hyphens in the third and fourth position, "+
				"which is reserved for A-labels (xn--)", label)
	}
	return label, nil
}

// checkALabel requires an xn-- label to decode to a valid U-label that
// encodes back to the same A-label and does not mix scripts.
func checkALabel(input, label string) error {
	u, err := labelProfile.ToUnicode(label)
	if err != nil {
		return refuse(input, RuleBadXNLabel, "label %q does not decode: %v", label, err)
	}

	back, err := labelProfile.ToASCII(u)
	if err != nil || back != label {
		return refuse(input, RuleBadXNLabel,
			"label %q does not encode back to itself", label)
	}
	return checkULabel(input, u)
}

// checkULabel applies our script rule and RFC 5892's character rule.
func checkULabel(input, label string) error {
	if err := checkScripts(input, label); err != nil {
		return err
	}
	return checkCharacters(input, label)
}

func checkLength(input, aLabel string) error {
	if len(aLabel) > maxLabelOctets {
		return refuse(input, RuleLabelTooLong,
			"label %q is %d octets long; a label may have at most %d",
			aLabel, len(aLabel), maxLabelOctets)
	}
	return nil
}

func isLDH(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
