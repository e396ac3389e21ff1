package route53

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/proecommerce/domains/internal/dnshost"
)

// TestSDKRetryerRidesOutPriorRequestNotComplete drives the real standard
// retryer (with a zero backoff so no test waits) through a
// PriorRequestNotComplete and a Throttling answer: the change is applied
// once the batch goes through, and nothing else is sent.
func TestSDKRetryerRidesOutPriorRequestNotComplete(t *testing.T) {
	answers := []string{
		xmlError("PriorRequestNotComplete", "The request was rejected because Route 53 was still processing a prior request."),
		xmlError("Throttling", "Rate exceeded"),
	}
	var got changeRequest
	success := changeOK(&got)
	calls := 0
	_, srv := newServer(t, map[string]route{
		changeRoute: func(t *testing.T, r *http.Request, body string) (int, string) {
			calls++
			if calls <= len(answers) {
				return 400, answers[calls-1]
			}
			return success(t, r, body)
		},
	})

	cfg := retryingConfig(t, srv, 5)
	h := newHost(t, cfg)

	info, err := h.Apply(context.Background(), "Z1", []dnshost.Change{{Action: dnshost.Upsert,
		Set: dnshost.RecordSet{Name: "www.example.com.", Type: "A", TTL: 300, Values: []string{"192.0.2.1"}}}})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}

	if calls != 3 || info.ID != "C2" || len(got.Changes) != 1 {
		t.Errorf("calls = %d, info = %+v, changes = %+v", calls, info, got)
	}
}

// countingWaiter counts the waits it is asked for and refuses once closed.
type countingWaiter struct {
	waits  int
	closed bool
}

func (w *countingWaiter) Wait(context.Context) error {
	if w.closed {
		return context.DeadlineExceeded
	}
	w.waits++
	return nil
}

// TestLimiterWaitsBeforeEveryAttempt: with a limiter given, each attempt
// of a call (the retry after a Throttling answer too) waits on it first,
// and a limiter that refuses stops the call before anything is sent.
func TestLimiterWaitsBeforeEveryAttempt(t *testing.T) {
	var got changeRequest
	success := changeOK(&got)
	calls := 0
	_, srv := newServer(t, map[string]route{
		changeRoute: func(t *testing.T, r *http.Request, body string) (int, string) {
			calls++
			if calls == 1 {
				return 400, xmlError("Throttling", "Rate exceeded")
			}
			return success(t, r, body)
		},
	})
	cfg := retryingConfig(t, srv, 3)
	w := &countingWaiter{}
	h, err := New(context.Background(), Config{AWS: &cfg, Limiter: w})
	if err != nil {
		t.Fatal(err)
	}
	change := []dnshost.Change{{Action: dnshost.Upsert,
		Set: dnshost.RecordSet{Name: "www.example.com.", Type: "A", TTL: 300, Values: []string{"192.0.2.1"}}}}

	if _, err := h.Apply(context.Background(), "Z1", change); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if calls != 2 || w.waits != 2 {
		t.Fatalf("%d requests, %d waits; want 2 and 2 (one per attempt)", calls, w.waits)
	}

	w.closed = true
	if _, err := h.Apply(context.Background(), "Z1", change); err == nil {
		t.Fatal("Apply went through a limiter that refused")
	}
	if calls != 2 {
		t.Errorf("%d requests after the limiter refused, want none more", calls-2)
	}
}

// retryingConfig is an SDK configuration for the server at url with the
// standard retryer making up to attempts attempts, with no backoff so no
// test waits.
func retryingConfig(t *testing.T, url string, attempts int) aws.Config {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", "")),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = attempts
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			})
		}))
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseEndpoint = aws.String(url)
	return cfg
}
