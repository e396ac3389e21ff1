package api

import (
	"errors"
	"fmt"
	"strings"
)

// ErrThrottled is returned when Namecheap refuses a call for exceeding its
// rate limit (HTTP 405, or an error text saying so).
var ErrThrottled = errors.New("namecheap api: rate limit exceeded")

// Problem is one entry of the envelope's Errors list.
type Problem struct {
	Number string
	Text   string
}

// Error is an answer with Status="ERROR".
type Error struct {
	Command  string
	Problems []Problem
}

func (e *Error) Error() string {
	parts := make([]string, 0, len(e.Problems))
	for _, p := range e.Problems {
		parts = append(parts, fmt.Sprintf("%s %s", p.Number, p.Text))
	}
	return fmt.Sprintf("namecheap api: %s: %s", e.Command, strings.Join(parts, "; "))
}

// First returns the first problem, or a zero Problem.
func (e *Error) First() Problem {
	if len(e.Problems) == 0 {
		return Problem{}
	}
	return e.Problems[0]
}

// HTTPError is an answer with an unexpected HTTP status and no readable
// envelope.
type HTTPError struct {
	Command string
	Status  int
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("namecheap api: %s: http status %d", e.Command, e.Status)
}

// TransportError is a failure to reach Namecheap or to read its answer. Its
// text is redacted of the API key and it keeps no reference to the original
// error, whose text could carry request details.
type TransportError struct {
	Command string
	Msg     string
	Timeout bool
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("namecheap api: %s: %s", e.Command, e.Msg)
}
