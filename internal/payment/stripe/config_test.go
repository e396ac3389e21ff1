package stripegw

import (
	"strings"
	"testing"
)

func TestConfigValidation(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"missing key", Config{}, "STRIPE_SECRET_KEY (SecretKey) is required"},
		{"publishable as secret", Config{SecretKey: "pk_test_abc"}, "STRIPE_SECRET_KEY (SecretKey) must be"},
		{"bad publishable", Config{SecretKey: "sk_test_abc", PublishableKey: "sk_test_x"}, "STRIPE_PUBLISHABLE_KEY"},
		{"bad webhook secret", Config{SecretKey: "sk_test_abc", WebhookSecret: "abc"}, "STRIPE_WEBHOOK_SECRET"},
		{"bad url", Config{SecretKey: "rk_test_abc", APIURL: "localhost:12111"}, "PROECOMMERCE_STRIPE_API_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "_abc") || strings.Contains(err.Error(), "sk_test_x") {
				t.Errorf("error echoes a secret: %v", err)
			}
		})
	}
}

func TestConfigAcceptsRestrictedKeyAndDefaults(t *testing.T) {
	gw, err := New(Config{SecretKey: "rk_live_abc", PublishableKey: "pk_live_x", WebhookSecret: "whsec_x",
		APIURL: "http://127.0.0.1:12111"})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if gw.Name() != "stripe" || gw.PublishableKey() != "pk_live_x" || gw.tolerance != defaultWebhookTolerance {
		t.Errorf("name %q, publishable %q, tolerance %v", gw.Name(), gw.PublishableKey(), gw.tolerance)
	}
}
