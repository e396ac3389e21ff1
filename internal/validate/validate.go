// Package validate carries input errors that name the field at fault, so
// every layer (forms, the JSON API, the CLI) can tell the user exactly what
// to fix.
package validate

import (
	"errors"
	"fmt"
)

// FieldError is bad input in one field. Field is a dotted path into the
// request ("contact.phone", "items.1.years"); Code is a stable word for
// programs ("invalid", "unsupported_tld"); Message is for people.
type FieldError struct {
	Field   string
	Code    string
	Message string
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// Invalid returns a FieldError with code "invalid".
func Invalid(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Code: "invalid", Message: fmt.Sprintf(format, args...)}
}

// As returns the FieldError inside err, if any.
func As(err error) (*FieldError, bool) {
	var fe *FieldError
	ok := errors.As(err, &fe)
	return fe, ok
}

// Prefix returns a copy of err with its field placed under prefix
// ("phone" under "contact" is "contact.phone"). Other errors pass through.
func Prefix(prefix string, err error) error {
	fe, ok := As(err)
	if !ok {
		return err
	}
	out := *fe
	if out.Field == "" {
		out.Field = prefix
	} else {
		out.Field = prefix + "." + out.Field
	}
	return &out
}
