package ops

import (
	"bytes"
	"context"
	"crypto/md5" //nolint:gosec // OpenSRS's documented signature scheme.
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Endpoints of the OpenSRS reseller API.
const (
	LiveURL = "https://rr-n1-tor.opensrs.net:55443"
	TestURL = "https://horizon.opensrs.net:55443"
)

// maxReply bounds how much of a reply is read.
const maxReply = 16 << 20

// Sign computes the X-Signature header: md5(md5(body + key) + key), each
// step in lower-case hex.
func Sign(body []byte, key string) string {
	inner := md5.Sum(append(append([]byte{}, body...), key...)) //nolint:gosec
	innerHex := hex.EncodeToString(inner[:])
	outer := md5.Sum([]byte(innerHex + key)) //nolint:gosec
	return hex.EncodeToString(outer[:])
}

// Client sends signed OPS commands. The key is unexported and never logged
// or put in an error.
type Client struct {
	// BaseURL is the API endpoint, LiveURL or TestURL or a test server.
	BaseURL string
	// Username is the reseller username sent as X-Username.
	Username string
	// HTTPClient sends the requests.
	HTTPClient *http.Client
	// Logger receives one debug line per command.
	Logger *slog.Logger

	key string
}

// NewClient returns a client for the reseller account.
func NewClient(baseURL, username, key string, hc *http.Client, log *slog.Logger) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 5 * time.Minute}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Client{BaseURL: baseURL, Username: username, HTTPClient: hc, Logger: log, key: key}
}

// Reply is OpenSRS's answer to one command.
type Reply struct {
	Success    bool
	Code       int
	Text       string
	Attributes Assoc
	// Data is the whole data_block, for items outside attributes.
	Data Assoc
}

// HTTPError is a reply with an HTTP status other than 200.
type HTTPError struct {
	Status int
	// Snippet is the start of the body, for logs.
	Snippet string
}

// Error describes the HTTP failure.
func (e *HTTPError) Error() string {
	return fmt.Sprintf("ops: HTTP %d: %s", e.Status, e.Snippet)
}

// ErrTransport marks failures to reach OpenSRS or to read its answer.
var ErrTransport = errors.New("ops: transport")

// Do sends one command and decodes the reply. A reply with is_success=0 is
// returned without error: callers judge the response code.
func (c *Client) Do(ctx context.Context, action, object string, attrs Assoc) (*Reply, error) {
	body, err := EncodeRequest(action, object, attrs)
	if err != nil {
		return nil, err
	}

	start := time.Now()
	raw, err := c.post(ctx, body)
	if err != nil {
		c.Logger.WarnContext(ctx, "opensrs command failed",
			slog.String("action", action), slog.String("error", err.Error()))
		return nil, fmt.Errorf("ops: %s: %w", action, err)
	}

	reply, err := parseReply(raw)
	if err != nil {
		return nil, fmt.Errorf("ops: %s: %w: %w", action, ErrTransport, err)
	}

	c.Logger.DebugContext(ctx, "opensrs command",
		slog.String("action", action),
		slog.Int("response_code", reply.Code),
		slog.Bool("is_success", reply.Success),
		slog.Int64("duration_ms", time.Since(start).Milliseconds()))
	return reply, nil
}

func (c *Client) post(ctx context.Context, body []byte) ([]byte, error) {
	url := strings.TrimRight(c.BaseURL, "/") + "/"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/xml")
	req.Header.Set("X-Username", c.Username)
	req.Header.Set("X-Signature", Sign(body, c.key))

	resp, err := c.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTransport, err)
	}
	defer func() { _ = resp.Body.Close() }()

	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxReply))
	if err != nil {
		return nil, fmt.Errorf("%w: read reply: %w", ErrTransport, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &HTTPError{Status: resp.StatusCode, Snippet: snippet(raw)}
	}
	return raw, nil
}

func parseReply(raw []byte) (*Reply, error) {
	data, err := DecodeBytes(raw)
	if err != nil {
		return nil, err
	}

	code, err := strconv.Atoi(strings.TrimSpace(data.Text("response_code")))
	if err != nil {
		return nil, fmt.Errorf("reply has no numeric response_code (%q)",
			data.Text("response_code"))
	}
	return &Reply{
		Success:    data.Flag("is_success"),
		Code:       code,
		Text:       data.Text("response_text"),
		Attributes: data.Sub("attributes"),
		Data:       data,
	}, nil
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
