// Package config reads the product's settings from environment variables
// once at start-up into a validated struct.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Config is every setting of the product.
type Config struct {
	Listen      string
	DataDir     string
	DatabaseURL string
	BaseURL     string
	SecretKey   []byte
	// SecretGenerated is true when no key was configured and one was made
	// in the data folder (only acceptable for a single SQLite process).
	SecretGenerated bool

	Registrar string
	DNS       string
	Payments  string

	SandboxDNSListen     string
	SandboxAuthTTL       time.Duration
	SandboxPoll          time.Duration
	SandboxRegisterDelay time.Duration
	SandboxTransferDelay time.Duration
	// RegistrarPoll is how often a real registrar's operations are looked at.
	RegistrarPoll time.Duration
	// SandboxDNSDelay is how long a sandbox DNS change stays pending; zero
	// or less puts it in sync at once.
	SandboxDNSDelay time.Duration

	StripeSecretKey      string
	StripePublishableKey string
	StripeWebhookSecret  string
	StripeAPIURL         string

	SMTPURL string
	// MailFrom is the sender of the product's e-mail.
	MailFrom string
	// LogFormat is "json" or "text"; empty picks text in a terminal.
	LogFormat string
}

// Getenv reads one variable; tests pass a map-backed one.
type Getenv func(string) string

// Load reads the configuration from the environment.
func Load() (Config, error) { return LoadFrom(os.Getenv) }

// LoadFrom reads the configuration with getenv and validates it. Errors
// name the variable at fault.
func LoadFrom(getenv Getenv) (Config, error) {
	g := envReader{getenv: getenv}
	c := Config{
		Listen:               g.str("PROECOMMERCE_LISTEN", "127.0.0.1:8080"),
		DataDir:              g.str("PROECOMMERCE_DATA_DIR", "./data"),
		DatabaseURL:          g.secret("PROECOMMERCE_DATABASE_URL"),
		BaseURL:              g.str("PROECOMMERCE_BASE_URL", ""),
		Registrar:            g.str("PROECOMMERCE_REGISTRAR", "sandbox"),
		DNS:                  g.str("PROECOMMERCE_DNS", "sandbox"),
		Payments:             g.str("PROECOMMERCE_PAYMENTS", "sandbox"),
		SandboxDNSListen:     g.str("PROECOMMERCE_SANDBOX_DNS_LISTEN", "127.0.0.1:8053"),
		SandboxAuthTTL:       g.duration("PROECOMMERCE_SANDBOX_AUTH_TTL", 168*time.Hour),
		SandboxPoll:          g.duration("PROECOMMERCE_SANDBOX_POLL", time.Second),
		SandboxRegisterDelay: g.duration("PROECOMMERCE_SANDBOX_REGISTER_DELAY", 3*time.Second),
		SandboxTransferDelay: g.duration("PROECOMMERCE_SANDBOX_TRANSFER_DELAY", 2*time.Minute),
		SandboxDNSDelay:      g.duration("PROECOMMERCE_SANDBOX_DNS_DELAY", 2*time.Second),
		RegistrarPoll:        g.duration("PROECOMMERCE_REGISTRAR_POLL", 30*time.Second),
		StripeSecretKey:      g.secret("STRIPE_SECRET_KEY"),
		StripePublishableKey: g.str("STRIPE_PUBLISHABLE_KEY", ""),
		StripeWebhookSecret:  g.secret("STRIPE_WEBHOOK_SECRET"),
		StripeAPIURL:         g.str("PROECOMMERCE_STRIPE_API_URL", ""),
		SMTPURL:              g.secret("PROECOMMERCE_SMTP_URL"),
		MailFrom:             g.str("PROECOMMERCE_MAIL_FROM", "domains@localhost"),
		LogFormat:            g.str("PROECOMMERCE_LOG_FORMAT", ""),
	}
	if key := g.secret("PROECOMMERCE_SECRET_KEY"); key != "" {
		c.SecretKey = []byte(key)
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Listen
	}

	if err := errors.Join(append(g.errs, c.validate()...)...); err != nil {
		return Config{}, err
	}
	return c, nil
}

func (c Config) validate() []error {
	var errs []error
	check := func(name, value string, allowed ...string) {
		for _, a := range allowed {
			if value == a {
				return
			}
		}
		errs = append(errs, fmt.Errorf("config: %s=%q: must be one of %s",
			name, value, strings.Join(allowed, ", ")))
	}
	check("PROECOMMERCE_REGISTRAR", c.Registrar, "sandbox", "route53", "namecheap", "opensrs")
	check("PROECOMMERCE_DNS", c.DNS, "sandbox", "route53")
	check("PROECOMMERCE_PAYMENTS", c.Payments, "sandbox", "stripe")
	if c.LogFormat != "" {
		check("PROECOMMERCE_LOG_FORMAT", c.LogFormat, "json", "text")
	}

	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		errs = append(errs, fmt.Errorf("config: PROECOMMERCE_LISTEN=%q: %w", c.Listen, err))
	}
	if _, _, err := net.SplitHostPort(c.SandboxDNSListen); err != nil {
		errs = append(errs, fmt.Errorf("config: PROECOMMERCE_SANDBOX_DNS_LISTEN=%q: %w",
			c.SandboxDNSListen, err))
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") &&
		!strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		errs = append(errs, errors.New("config: PROECOMMERCE_DATABASE_URL: must be a postgres:// URL (leave empty for SQLite)"))
	}
	if c.DatabaseURL != "" && len(c.SecretKey) == 0 {
		errs = append(errs, errors.New("config: PROECOMMERCE_SECRET_KEY: required with PostgreSQL, so every process shares one key"))
	}
	if c.Payments == "stripe" && c.StripeSecretKey == "" {
		errs = append(errs, errors.New("config: STRIPE_SECRET_KEY: required when PROECOMMERCE_PAYMENTS=stripe"))
	}
	if c.RegistrarPoll <= 0 {
		errs = append(errs, errors.New("config: PROECOMMERCE_REGISTRAR_POLL: must be positive"))
	}
	if c.SandboxPoll <= 0 {
		errs = append(errs, errors.New("config: PROECOMMERCE_SANDBOX_POLL: must be positive"))
	}
	return errs
}

// SQLitePath is the embedded database file in the data folder.
func (c Config) SQLitePath() string {
	return filepath.Join(c.DataDir, "proecommerce.db")
}

// DatabaseTarget is what to open: the PostgreSQL URL or the SQLite file.
func (c Config) DatabaseTarget() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return c.SQLitePath()
}

// EnsureSecret loads or creates the key in the data folder when none was
// configured.
func (c *Config) EnsureSecret() error {
	if len(c.SecretKey) > 0 {
		return nil
	}
	path := filepath.Join(c.DataDir, "secret.key")
	if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
		c.SecretKey, c.SecretGenerated = []byte(strings.TrimSpace(string(b))), true
		return nil
	}

	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return fmt.Errorf("config: generate secret key: %w", err)
	}
	key := hex.EncodeToString(b[:])
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return fmt.Errorf("config: data folder: %w", err)
	}
	if err := os.WriteFile(path, []byte(key+"\n"), 0o600); err != nil {
		return fmt.Errorf("config: write secret key: %w", err)
	}
	c.SecretKey, c.SecretGenerated = []byte(key), true
	return nil
}

// Redacted lists the effective settings with secrets hidden, for the admin
// pages.
func (c Config) Redacted() [][2]string {
	hide := func(s string) string {
		if s == "" {
			return ""
		}
		return "(set, hidden)"
	}
	db := "SQLite " + c.SQLitePath()
	if c.DatabaseURL != "" {
		db = "PostgreSQL " + hide(c.DatabaseURL)
	}
	return [][2]string{
		{"PROECOMMERCE_LISTEN", c.Listen},
		{"PROECOMMERCE_DATA_DIR", c.DataDir},
		{"database", db},
		{"PROECOMMERCE_BASE_URL", c.BaseURL},
		{"PROECOMMERCE_SECRET_KEY", hide(string(c.SecretKey))},
		{"PROECOMMERCE_REGISTRAR", c.Registrar},
		{"PROECOMMERCE_DNS", c.DNS},
		{"PROECOMMERCE_PAYMENTS", c.Payments},
		{"PROECOMMERCE_SANDBOX_DNS_LISTEN", c.SandboxDNSListen},
		{"PROECOMMERCE_REGISTRAR_POLL", c.RegistrarPoll.String()},
		{"PROECOMMERCE_SANDBOX_POLL", c.SandboxPoll.String()},
		{"PROECOMMERCE_SANDBOX_REGISTER_DELAY", c.SandboxRegisterDelay.String()},
		{"PROECOMMERCE_SANDBOX_TRANSFER_DELAY", c.SandboxTransferDelay.String()},
		{"PROECOMMERCE_SANDBOX_DNS_DELAY", c.SandboxDNSDelay.String()},
		{"PROECOMMERCE_SANDBOX_AUTH_TTL", c.SandboxAuthTTL.String()},
		{"STRIPE_SECRET_KEY", hide(c.StripeSecretKey)},
		{"STRIPE_WEBHOOK_SECRET", hide(c.StripeWebhookSecret)},
		{"PROECOMMERCE_SMTP_URL", hide(c.SMTPURL)},
		{"PROECOMMERCE_MAIL_FROM", c.MailFrom},
	}
}

type envReader struct {
	getenv Getenv
	errs   []error
}

func (g *envReader) str(name, def string) string {
	if v := strings.TrimSpace(g.getenv(name)); v != "" {
		return v
	}
	return def
}

// secret reads NAME, or the file named by NAME_FILE.
func (g *envReader) secret(name string) string {
	if v := strings.TrimSpace(g.getenv(name)); v != "" {
		return v
	}
	path := strings.TrimSpace(g.getenv(name + "_FILE"))
	if path == "" {
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		g.errs = append(g.errs, fmt.Errorf("config: %s_FILE: %w", name, err))
		return ""
	}
	return strings.TrimSpace(string(b))
}

func (g *envReader) duration(name string, def time.Duration) time.Duration {
	v := strings.TrimSpace(g.getenv(name))
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		g.errs = append(g.errs, fmt.Errorf("config: %s=%q: not a duration like 3s or 2m", name, v))
		return def
	}
	return d
}
