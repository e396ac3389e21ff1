// Package api is a small client for Namecheap's XML API: it signs every call
// with the account's credentials, waits on the shared rate limiter, and reads
// the ApiResponse envelope in one place.
//
// Calls are sent as POST forms, so the API key never appears in a URL; any
// error text is still scrubbed of the key before it leaves this package.
package api

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Production and Sandbox are Namecheap's endpoints.
const (
	Production = "https://api.namecheap.com/xml.response"
	Sandbox    = "https://api.sandbox.namecheap.com/xml.response"
)

// maxBody bounds how much of an answer is read; a full price list is a few
// megabytes.
const maxBody = 32 << 20

// Credentials are the global parameters every call carries.
type Credentials struct {
	APIUser  string
	APIKey   string
	UserName string
	ClientIP string
}

// Waiter blocks until a call may be made under the rate limit.
type Waiter interface {
	Wait(ctx context.Context) error
}

// Client calls Namecheap's API.
type Client struct {
	baseURL string
	creds   Credentials
	http    *http.Client
	waiter  Waiter
	log     *slog.Logger
}

// New returns a client for baseURL. A nil waiter disables rate limiting and a
// nil logger discards logs.
func New(baseURL string, creds Credentials, hc *http.Client, w Waiter, log *slog.Logger) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Client{baseURL: baseURL, creds: creds, http: hc, waiter: w, log: log}
}

// Call runs command ("namecheap.domains.check") with params and returns the
// CommandResponse element of a Status="OK" answer.
func (c *Client) Call(ctx context.Context, command string, params url.Values) (Node, error) {
	if c.waiter != nil {
		if err := c.waiter.Wait(ctx); err != nil {
			return Node{}, fmt.Errorf("namecheap api: %s: rate limiter: %w", command, err)
		}
	}

	start := time.Now()
	status, body, err := c.post(ctx, command, params)
	if err != nil {
		c.log.WarnContext(ctx, "namecheap call failed", "command", command, "error", err.Error())
		return Node{}, err
	}

	resp, err := c.read(command, status, body)
	c.logResult(ctx, command, status, time.Since(start), err)
	return resp, err
}

func (c *Client) post(ctx context.Context, command string, params url.Values) (int, []byte, error) {
	form := c.form(command, params)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.baseURL,
		strings.NewReader(form.Encode()))
	if err != nil {
		return 0, nil, &TransportError{Command: command, Msg: "bad base url"}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")

	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, c.transportError(ctx, command, err)
	}
	defer resp.Body.Close()

	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, c.transportError(ctx, command, err)
	}
	return resp.StatusCode, body, nil
}

func (c *Client) form(command string, params url.Values) url.Values {
	form := url.Values{}
	for k, v := range params {
		form[k] = v
	}
	form.Set("ApiUser", c.creds.APIUser)
	form.Set("ApiKey", c.creds.APIKey)
	form.Set("UserName", c.creds.UserName)
	form.Set("ClientIp", c.creds.ClientIP)
	form.Set("Command", command)
	return form
}

func (c *Client) transportError(ctx context.Context, command string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("namecheap api: %s: %w", command, ctxErr)
	}

	var ue *url.Error
	timeout := errors.As(err, &ue) && ue.Timeout()
	msg := err.Error()
	if ue != nil {
		msg = ue.Err.Error()
	}
	return &TransportError{Command: command, Msg: c.redact(msg), Timeout: timeout}
}

// redact removes the API key from s.
func (c *Client) redact(s string) string {
	if c.creds.APIKey == "" {
		return s
	}
	return strings.ReplaceAll(s, c.creds.APIKey, "[redacted]")
}

func (c *Client) logResult(
	ctx context.Context, command string, status int, d time.Duration, err error,
) {
	if err != nil {
		c.log.WarnContext(ctx, "namecheap call refused", "command", command,
			"http_status", status, "duration_ms", d.Milliseconds(), "error", err.Error())
		return
	}
	c.log.DebugContext(ctx, "namecheap call", "command", command,
		"http_status", status, "duration_ms", d.Milliseconds())
}

// read is the one place that interprets an answer: the HTTP status, then the
// envelope's Status attribute and its Errors list.
func (c *Client) read(command string, status int, body []byte) (Node, error) {
	if status == http.StatusMethodNotAllowed || status == http.StatusTooManyRequests {
		return Node{}, fmt.Errorf("namecheap api: %s: http %d: %w", command, status, ErrThrottled)
	}

	var root Node
	err := xml.Unmarshal(body, &root)
	if err != nil || !strings.EqualFold(root.Name(), "ApiResponse") {
		if status < 200 || status > 299 {
			return Node{}, &HTTPError{Command: command, Status: status}
		}
		return Node{}, &TransportError{Command: command, Msg: "answer is not an ApiResponse"}
	}

	if !strings.EqualFold(root.Attr("Status"), "OK") {
		return Node{}, c.envelopeError(command, root)
	}

	resp, ok := root.Child("CommandResponse")
	if !ok {
		return Node{}, &TransportError{Command: command, Msg: "answer has no CommandResponse"}
	}
	return resp, nil
}

func (c *Client) envelopeError(command string, root Node) error {
	e := &Error{Command: command}
	if errs, ok := root.Child("Errors"); ok {
		for _, p := range errs.All("Error") {
			e.Problems = append(e.Problems, Problem{
				Number: p.Attr("Number"),
				Text:   c.redact(strings.TrimSpace(p.Text)),
			})
		}
	}

	if throttledText(e) {
		return fmt.Errorf("%w: %w", ErrThrottled, e)
	}
	return e
}

// throttledText reports whether an error answer speaks of the rate limit.
func throttledText(e *Error) bool {
	for _, p := range e.Problems {
		t := strings.ToLower(p.Text)
		if strings.Contains(t, "too many requests") || strings.Contains(t, "rate limit") {
			return true
		}
	}
	return false
}
