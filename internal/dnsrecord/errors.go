package dnsrecord

import (
	"errors"
	"fmt"

	"github.com/proecommerce/domains/internal/validate"
)

// ErrNoSuchSet means the zone holds no record set of that name and type.
var ErrNoSuchSet = errors.New("dnsrecord: no such record set")

// errorf builds a message for a client; callers place it in a field error.
func errorf(format string, args ...any) error {
	return fmt.Errorf(format, args...)
}

// fieldMessage returns a field error's message without its field name.
func fieldMessage(err error) string {
	if fe, ok := validate.As(err); ok {
		return fe.Message
	}
	return err.Error()
}
