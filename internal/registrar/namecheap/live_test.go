package namecheap

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

// TestLiveSandbox talks to Namecheap's sandbox, and only when every
// Namecheap variable is set and NAMECHEAP_SANDBOX is true; it never calls
// production. It makes read-only calls.
func TestLiveSandbox(t *testing.T) {
	cfg, err := ConfigFromEnv(os.Getenv)
	if err != nil || !cfg.Sandbox {
		t.Skip("live test needs NAMECHEAP_API_USER, NAMECHEAP_API_KEY, NAMECHEAP_USERNAME, " +
			"NAMECHEAP_CLIENT_IP and NAMECHEAP_SANDBOX=true")
	}
	cfg.BaseURL = ""

	r, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	got, err := r.CheckAvailability(ctx, []string{"google.com", "proecommerce-live-test-4f1c.com"})
	if err != nil {
		t.Fatalf("CheckAvailability: %v", err)
	}
	if got[0].Status != registrar.StatusTaken {
		t.Errorf("google.com = %s, want taken", got[0].Status)
	}

	if _, err := r.ListDomains(ctx, ""); err != nil {
		t.Errorf("ListDomains: %v", err)
	}
}
