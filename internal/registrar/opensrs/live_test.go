package opensrs

import (
	"context"
	"os"
	"testing"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

// EnvLiveTest turns on the live test against OpenSRS's test environment.
const EnvLiveTest = "OPENSRS_LIVE_TEST"

// TestLiveHorizon runs read-only calls against the OpenSRS test
// environment (never the live one) when OPENSRS_LIVE_TEST=1 and test
// credentials are set.
func TestLiveHorizon(t *testing.T) {
	if os.Getenv(EnvLiveTest) != "1" {
		t.Skipf("set %s=1 with %s and %s of an OpenSRS test account to run",
			EnvLiveTest, EnvUsername, EnvAPIKey)
	}

	cfg, err := ConfigFromEnv(os.Getenv)
	if err != nil {
		t.Skipf("live credentials incomplete: %v", err)
	}
	cfg.Test = true
	cfg.BaseURL = ops.TestURL
	cfg.ProfileSecret = "live-test"
	cfg.PriceTLDs = []string{"ca"}

	reg, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	got, err := reg.CheckAvailability(ctx, []string{"proecommerce-live-check-7f3a.ca"})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Status != registrar.StatusAvailable && got[0].Status != registrar.StatusTaken {
		t.Fatalf("lookup: %+v", got[0])
	}

	prices, err := reg.Prices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("prices: %+v", prices)
}
