package route53

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/proecommerce/domains/internal/registrar"
)

// TestSDKRetryerRidesOutThrottling answers ThrottlingException on every
// fifth call; the real standard retryer (zero backoff, so no test waits)
// retries them and every name gets its answer.
//
// The registrar runs checks one at a time here: with several in flight, a
// retry could meet the next fifth call too and the test would be flaky.
func TestSDKRetryerRidesOutThrottling(t *testing.T) {
	var (
		mu    sync.Mutex
		calls int
	)
	_, url := newServer(t, map[string]handler{
		"CheckDomainAvailability": func(*testing.T, map[string]any) reply {
			mu.Lock()
			defer mu.Unlock()
			calls++
			if calls%5 == 0 {
				return awsError(400, "ThrottlingException", "Rate exceeded")
			}
			return ok(map[string]any{"Availability": "AVAILABLE"})
		},
	})
	cfg := testAWSConfig(t, url)
	cfg.RetryMaxAttempts = 0
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 3
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
		})
	}
	r := newRegistrar(t, cfg)
	r.workers = 1

	names := make([]string, 20)
	for i := range names {
		names[i] = fmt.Sprintf("shop%02d.com", i)
	}
	got, err := r.CheckAvailability(context.Background(), names)
	if err != nil {
		t.Fatalf("CheckAvailability: %v", err)
	}

	for _, a := range got {
		if a.Status != registrar.StatusAvailable {
			t.Errorf("%s = %s", a.Domain, a.Status)
		}
	}
	if calls != 24 {
		t.Errorf("calls = %d, want 20 answers plus 4 throttled", calls)
	}
}
