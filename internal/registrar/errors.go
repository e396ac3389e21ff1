package registrar

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies a registrar error so callers can decide what to do
// without knowing the provider.
type Kind string

// Error kinds.
const (
	// KindUnavailable: the name is taken or cannot be registered.
	KindUnavailable Kind = "unavailable"
	// KindInvalid: the registrar refused the input; Field names it when known.
	KindInvalid Kind = "invalid"
	// KindUnsupportedTLD: the registrar does not sell the TLD.
	KindUnsupportedTLD Kind = "unsupported_tld"
	// KindThrottled: slow down; RetryAfter says for how long when known.
	KindThrottled Kind = "throttled"
	// KindDuplicate: the same request is already in progress.
	KindDuplicate Kind = "duplicate"
	// KindProviderDown: the provider failed or did not answer; the call may
	// or may not have taken effect.
	KindProviderDown Kind = "provider_down"
	// KindNotFound: the domain or operation is not in this account.
	KindNotFound Kind = "not_found"
	// KindUnsupported: the adapter or TLD cannot do this operation.
	KindUnsupported Kind = "unsupported"
)

// Error is a registrar failure mapped to a Kind.
type Error struct {
	Kind       Kind
	Field      string
	Message    string
	RetryAfter time.Duration
	// Code is the provider's own error code, for logs.
	Code string
	Err  error
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Code != "" {
		return fmt.Sprintf("registrar %s (%s): %s", e.Kind, e.Code, msg)
	}
	return fmt.Sprintf("registrar %s: %s", e.Kind, msg)
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of err, or "" when err is not a registrar error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// IsKind reports whether err is a registrar error of kind k.
func IsKind(err error, k Kind) bool { return KindOf(err) == k }

// Errorf builds an Error of the kind with a formatted message.
func Errorf(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// Retryable reports whether the same call may succeed later without change.
func Retryable(err error) bool {
	switch KindOf(err) {
	case KindThrottled, KindProviderDown, KindDuplicate:
		return true
	}
	return false
}
