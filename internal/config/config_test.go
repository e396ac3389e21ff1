package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) Getenv { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := LoadFrom(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:8080" || c.Registrar != "sandbox" || c.DNS != "sandbox" ||
		c.Payments != "sandbox" || c.SandboxDNSListen != "127.0.0.1:8053" {
		t.Errorf("defaults = %+v", c)
	}
	if c.SandboxRegisterDelay != 3*time.Second || c.SandboxTransferDelay != 2*time.Minute ||
		c.SandboxAuthTTL != 168*time.Hour || c.SandboxPoll != time.Second {
		t.Errorf("sandbox timings = %+v", c)
	}
	if c.SQLitePath() != filepath.Join("data", "proecommerce.db") {
		t.Errorf("sqlite path %s", c.SQLitePath())
	}
}

func TestErrorsNameTheVariable(t *testing.T) {
	cases := map[string]map[string]string{
		"PROECOMMERCE_REGISTRAR":    {"PROECOMMERCE_REGISTRAR": "godaddy"},
		"PROECOMMERCE_SANDBOX_POLL": {"PROECOMMERCE_SANDBOX_POLL": "soon"},
		"PROECOMMERCE_DATABASE_URL": {"PROECOMMERCE_DATABASE_URL": "mysql://x"},
		"PROECOMMERCE_SECRET_KEY":   {"PROECOMMERCE_DATABASE_URL": "postgres://x"},
		"STRIPE_SECRET_KEY":         {"PROECOMMERCE_PAYMENTS": "stripe"},
		"PROECOMMERCE_LISTEN":       {"PROECOMMERCE_LISTEN": "nonsense"},
	}
	for name, vars := range cases {
		_, err := LoadFrom(env(vars))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%v: error %v does not name %s", vars, err, name)
		}
	}
}

func TestSecretFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(path, []byte("s3cret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := LoadFrom(env(map[string]string{"PROECOMMERCE_SECRET_KEY_FILE": path}))
	if err != nil {
		t.Fatal(err)
	}
	if string(c.SecretKey) != "s3cret" {
		t.Errorf("key = %q", c.SecretKey)
	}
	for _, kv := range c.Redacted() {
		if strings.Contains(kv[1], "s3cret") {
			t.Errorf("%s shows the secret", kv[0])
		}
	}
}

func TestEnsureSecretIsStable(t *testing.T) {
	c := Config{DataDir: t.TempDir()}
	if err := c.EnsureSecret(); err != nil {
		t.Fatal(err)
	}
	first := string(c.SecretKey)
	c2 := Config{DataDir: c.DataDir}
	if err := c2.EnsureSecret(); err != nil {
		t.Fatal(err)
	}
	if string(c2.SecretKey) != first || len(first) != 64 {
		t.Errorf("keys differ or short: %q %q", first, c2.SecretKey)
	}
}
