package route53

import (
	"context"
	"path/filepath"
	"testing"
)

// TestDefaultConfigTakesEndpointFromSDKEnv builds the adapter with no AWS
// config, as production does, and points it at the fake only through the
// SDK's own AWS_ENDPOINT_URL_ROUTE_53_DOMAINS.
func TestDefaultConfigTakesEndpointFromSDKEnv(t *testing.T) {
	f, url := newServer(t, map[string]handler{
		"CheckDomainAvailability": fixed(ok(map[string]any{"Availability": "AVAILABLE"})),
	})
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_REGION", "eu-central-1")
	t.Setenv("AWS_ENDPOINT_URL", "")
	t.Setenv("AWS_ENDPOINT_URL_ROUTE_53_DOMAINS", url)

	r, err := New(context.Background(), Config{RequestsPerSecond: 1000, Burst: 10})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	got, err := r.CheckAvailability(context.Background(), []string{"free.com"})
	if err != nil {
		t.Fatalf("CheckAvailability: %v", err)
	}

	if got[0].Status != "available" || len(f.ops()) != 1 {
		t.Errorf("got %+v after %v", got, f.ops())
	}
}
