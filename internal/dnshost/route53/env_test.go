package route53

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
)

// TestDefaultConfigTakesEndpointFromSDKEnv builds the adapter with no AWS
// config, as production does, and points it at the fake only through the
// SDK's own AWS_ENDPOINT_URL_ROUTE_53.
func TestDefaultConfigTakesEndpointFromSDKEnv(t *testing.T) {
	f, url := newServer(t, map[string]route{
		"GET /2013-04-01/change/{id}": func(*testing.T, *http.Request, string) (int, string) {
			return 200, fmt.Sprintf(`<GetChangeResponse %s><ChangeInfo><Id>/change/C9</Id><Status>PENDING</Status>`+
				`<SubmittedAt>2026-12-01T10:00:00Z</SubmittedAt></ChangeInfo></GetChangeResponse>`, xmlns)
		},
	})
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_ENDPOINT_URL", "")
	t.Setenv("AWS_ENDPOINT_URL_ROUTE_53", url)

	h, err := New(context.Background(), Config{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	info, err := h.ChangeStatus(context.Background(), "C9")
	if err != nil {
		t.Fatalf("ChangeStatus: %v", err)
	}

	if info.ID != "C9" || info.Status != "pending" || len(f.list()) != 1 {
		t.Errorf("info = %+v after %v", info, f.list())
	}
}
