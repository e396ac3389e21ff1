// Package domainname normalises domain names (trimming, lower-casing, IDNA
// 2008 A-labels, length, hyphen and script rules) and splits a registrable
// name into its label and its ICANN public suffix.
package domainname

import (
	"errors"
	"fmt"
)

// Rules a refused name can break; Error.Rule holds one of them.
const (
	RuleEmpty            = "empty"
	RuleEmptyLabel       = "empty_label"
	RuleLabelTooLong     = "label_too_long"
	RuleNameTooLong      = "name_too_long"
	RuleLeadingHyphen    = "leading_hyphen"
	RuleTrailingHyphen   = "trailing_hyphen"
	RuleReservedHyphens  = "reserved_hyphens"
	RuleBadXNLabel       = "bad_xn_label"
	RuleMixedScripts     = "mixed_scripts"
	RuleInvalidCharacter = "invalid_character"
	RuleIDNA             = "idna"
	RuleNotRegistrable   = "not_registrable"
)

// Error is a refused name; Rule is a stable snake_case word (one of the Rule
// constants) and Message says what is wrong in words.
type Error struct {
	Input   string
	Rule    string
	Message string
}

// Error returns the message with the component prefix and the input.
func (e *Error) Error() string {
	return fmt.Sprintf("domainname: %q: %s", e.Input, e.Message)
}

func refuse(input, rule, format string, args ...any) *Error {
	return &Error{Input: input, Rule: rule, Message: fmt.Sprintf(format, args...)}
}

// Explain returns what a person is told of err: for a refused name, the
// name and what is wrong with it, without the component prefix of Error;
// any other error as it is.
func Explain(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return fmt.Sprintf("%q: %s", e.Input, e.Message)
	}
	return err.Error()
}
