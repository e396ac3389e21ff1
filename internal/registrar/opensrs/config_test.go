package opensrs

import (
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigFromEnv(t *testing.T) {
	cfg, err := ConfigFromEnv(envOf(map[string]string{
		EnvUsername:      "reseller",
		EnvAPIKey:        "key",
		EnvTest:          "true",
		EnvAPIURL:        "http://127.0.0.1:9999",
		EnvPriceTLDs:     " .CA, de ,,ai",
		EnvProfileSecret: "s",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Test || cfg.BaseURL != "http://127.0.0.1:9999" ||
		strings.Join(cfg.PriceTLDs, ",") != "ca,de,ai" || cfg.ProfileSecret != "s" {
		t.Fatalf("config: %+v", cfg)
	}

	cfg, err = ConfigFromEnv(envOf(map[string]string{
		EnvUsername: "reseller", EnvAPIKey: "key", EnvSecretKey: "fallback",
	}))
	if err != nil || cfg.ProfileSecret != "fallback" {
		t.Fatalf("secret fallback: %+v %v", cfg, err)
	}
}

func TestConfigFromEnvErrorsNameTheVariable(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{EnvAPIKey: "k"}, EnvUsername},
		{map[string]string{EnvUsername: "u"}, EnvAPIKey},
		{map[string]string{EnvUsername: "u", EnvAPIKey: "k", EnvTest: "maybe"}, EnvTest},
		{map[string]string{EnvUsername: "u", EnvAPIKey: "k", EnvAPIURL: "ftp://x"}, EnvAPIURL},
	}

	for _, c := range cases {
		_, err := ConfigFromEnv(envOf(c.env))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want an error naming %s, got %v", c.want, err)
		}
		if err != nil && strings.Contains(err.Error(), "k\"") {
			t.Errorf("error quotes the key: %v", err)
		}
	}
}

func TestNewChoosesEndpointAndValidates(t *testing.T) {
	base := Config{Username: "u", APIKey: "k", ProfileSecret: "s"}

	live, err := New(base)
	if err != nil || live.client.BaseURL != ops.LiveURL {
		t.Fatalf("live: %v %v", live, err)
	}

	test := base
	test.Test = true
	horizon, err := New(test)
	if err != nil || horizon.client.BaseURL != ops.TestURL {
		t.Fatalf("test: %v", err)
	}

	noSecret := base
	noSecret.ProfileSecret = ""
	if _, err := New(noSecret); err == nil || !strings.Contains(err.Error(), EnvProfileSecret) {
		t.Fatalf("want an error naming %s, got %v", EnvProfileSecret, err)
	}

	badCurrency := base
	badCurrency.Currency = "dollars"
	if _, err := New(badCurrency); err == nil {
		t.Fatal("want an error for a bad currency")
	}

	if live.Name() != "opensrs" || !live.Capabilities().TransferIn {
		t.Fatalf("name/capabilities: %s %+v", live.Name(), live.Capabilities())
	}
}
