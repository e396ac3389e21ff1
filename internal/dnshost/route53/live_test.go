package route53

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/dnshost"
)

// TestLiveReadOnly looks up a zone the account cannot hold; it makes only
// read-only calls and skips, saying why, without PROECOMMERCE_LIVE_AWS=1
// and credentials.
func TestLiveReadOnly(t *testing.T) {
	if os.Getenv("PROECOMMERCE_LIVE_AWS") != "1" {
		t.Skip("live AWS test: set PROECOMMERCE_LIVE_AWS=1 and AWS credentials to run")
	}
	if os.Getenv("AWS_ACCESS_KEY_ID") == "" && os.Getenv("AWS_PROFILE") == "" {
		t.Skip("live AWS test: no AWS_ACCESS_KEY_ID or AWS_PROFILE in the environment")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	h, err := New(ctx, Config{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	_, err = h.FindZone(ctx, "no-such-zone.invalid")
	if !errors.Is(err, dnshost.ErrZoneNotFound) {
		t.Fatalf("FindZone = %v, want zone not found", err)
	}
}
