package route53

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

// liveRegistrar returns an adapter on the real account, or skips saying
// why. Only read-only calls are made.
func liveRegistrar(t *testing.T) *Registrar {
	t.Helper()
	if os.Getenv("PROECOMMERCE_LIVE_AWS") != "1" {
		t.Skip("live AWS test: set PROECOMMERCE_LIVE_AWS=1 and AWS credentials to run")
	}
	if os.Getenv("AWS_ACCESS_KEY_ID") == "" && os.Getenv("AWS_PROFILE") == "" {
		t.Skip("live AWS test: no AWS_ACCESS_KEY_ID or AWS_PROFILE in the environment")
	}

	r, err := New(context.Background(), Config{RetryWait: time.Second})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

func TestLiveReadOnly(t *testing.T) {
	r := liveRegistrar(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	got, err := r.CheckAvailability(ctx, []string{"example.com"})
	if err != nil {
		t.Fatalf("CheckAvailability: %v", err)
	}
	if got[0].Status != registrar.StatusTaken && got[0].Status != registrar.StatusReserved {
		t.Errorf("example.com = %+v", got[0])
	}

	prices, err := r.Prices(ctx)
	if err != nil {
		t.Fatalf("Prices: %v", err)
	}
	if len(prices) < 100 {
		t.Errorf("only %d TLDs priced", len(prices))
	}

	if _, err := r.ListDomains(ctx, ""); err != nil {
		t.Fatalf("ListDomains: %v", err)
	}
}
