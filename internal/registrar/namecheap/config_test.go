package namecheap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigFromEnv(t *testing.T) {
	cfg, err := ConfigFromEnv(envOf(map[string]string{
		EnvAPIUser: "u", EnvAPIKey: "k", EnvUserName: "n", EnvClientIP: "192.0.2.10",
		EnvSandbox: "true",
	}))
	if err != nil {
		t.Fatalf("ConfigFromEnv: %v", err)
	}
	if !cfg.Sandbox || cfg.endpoint() != "https://api.sandbox.namecheap.com/xml.response" {
		t.Errorf("sandbox %v endpoint %s", cfg.Sandbox, cfg.endpoint())
	}

	cfg.Sandbox = false
	if cfg.endpoint() != "https://api.namecheap.com/xml.response" {
		t.Errorf("production endpoint = %s", cfg.endpoint())
	}
	cfg.BaseURL = "http://127.0.0.1:9/xml.response"
	if cfg.endpoint() != cfg.BaseURL {
		t.Errorf("override endpoint = %s", cfg.endpoint())
	}
}

func TestConfigErrorsNameTheVariable(t *testing.T) {
	_, err := New(Config{})
	if err == nil {
		t.Fatal("New with an empty config succeeded")
	}
	for _, env := range []string{EnvAPIUser, EnvAPIKey, EnvUserName, EnvClientIP} {
		if !strings.Contains(err.Error(), env) {
			t.Errorf("error %q does not name %s", err, env)
		}
	}

	base := map[string]string{EnvAPIUser: "u", EnvAPIKey: "k", EnvUserName: "n", EnvClientIP: "192.0.2.10"}
	bad := map[string]map[string]string{
		EnvClientIP: {EnvClientIP: "2001:db8::1"},
		EnvSandbox:  {EnvSandbox: "maybe"},
		EnvAPIURL:   {EnvAPIURL: "ftp://example"},
	}
	for env, override := range bad {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range override {
			m[k] = v
		}
		if _, err := ConfigFromEnv(envOf(m)); err == nil || !strings.Contains(err.Error(), env) {
			t.Errorf("%s=%q: error = %v, want one naming %s", env, override[env], err, env)
		}
	}
}

func TestConfigKeyFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(path, []byte("file-key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := ConfigFromEnv(envOf(map[string]string{EnvAPIUser: "u", EnvAPIKey + "_FILE": path,
		EnvUserName: "n", EnvClientIP: "192.0.2.10"}))
	if err != nil || cfg.APIKey != "file-key" {
		t.Fatalf("key = %q, %v; want file-key", cfg.APIKey, err)
	}
}

func TestSplitName(t *testing.T) {
	cases := map[string][2]string{
		"example.co.uk":     {"example", "co.uk"},
		"Example.COM.":      {"example", "com"},
		"bücher.de":         {"xn--bcher-kva", "de"},
		"shop.example.io":   {"", ""},
		"co.uk":             {"", ""},
		"example.github.io": {"", ""},
	}
	for in, want := range cases {
		n, err := splitName(in)
		if want[0] == "" {
			if err == nil {
				t.Errorf("splitName(%q) = %+v, want an error", in, n)
			}
			continue
		}
		if err != nil || n.SLD != want[0] || n.TLD != want[1] {
			t.Errorf("splitName(%q) = %+v, %v; want %v", in, n, err, want)
		}
	}
}
