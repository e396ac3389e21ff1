package namecheap

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/registrar/namecheap/internal/api"
)

// Environment variables read by ConfigFromEnv.
const (
	EnvAPIUser  = "NAMECHEAP_API_USER"
	EnvAPIKey   = "NAMECHEAP_API_KEY"
	EnvUserName = "NAMECHEAP_USERNAME"
	EnvClientIP = "NAMECHEAP_CLIENT_IP"
	EnvSandbox  = "NAMECHEAP_SANDBOX"
	EnvAPIURL   = "PROECOMMERCE_NAMECHEAP_API_URL"
)

// Config configures the Namecheap adapter.
type Config struct {
	// APIUser, APIKey, UserName and ClientIP are Namecheap's global
	// parameters; ClientIP is the whitelisted IPv4 address of this server.
	APIUser  string
	APIKey   string
	UserName string
	ClientIP string
	// Sandbox selects Namecheap's sandbox endpoint.
	Sandbox bool
	// BaseURL overrides the endpoint (a test server); it wins over Sandbox.
	BaseURL string

	// HTTPClient, Logger, Clock and Limiter default to a 60-second client,
	// a discarding logger, the system clock and the process-wide limiter of
	// the account at its endpoint (SharedLimiter).
	HTTPClient *http.Client
	Logger     *slog.Logger
	Clock      clock.Clock
	Limiter    *Limiter
	// ListPageSize is the page size of domains.getList (10–100, default 100).
	ListPageSize int
}

// ConfigFromEnv reads the configuration from environment variables through
// getenv. The API key may also come from the file named by
// NAMECHEAP_API_KEY_FILE.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		APIUser:  strings.TrimSpace(getenv(EnvAPIUser)),
		APIKey:   strings.TrimSpace(getenv(EnvAPIKey)),
		UserName: strings.TrimSpace(getenv(EnvUserName)),
		ClientIP: strings.TrimSpace(getenv(EnvClientIP)),
		BaseURL:  strings.TrimSpace(getenv(EnvAPIURL)),
	}

	if file := strings.TrimSpace(getenv(EnvAPIKey + "_FILE")); cfg.APIKey == "" && file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return Config{}, fmt.Errorf("namecheap: %s_FILE: %w", EnvAPIKey, err)
		}
		cfg.APIKey = strings.TrimSpace(string(b))
	}

	if v := strings.TrimSpace(getenv(EnvSandbox)); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return Config{}, fmt.Errorf("namecheap: %s must be true or false, got %q", EnvSandbox, v)
		}
		cfg.Sandbox = b
	}
	return cfg, cfg.validate()
}

// validate checks every required field and names the variable that sets it.
func (c Config) validate() error {
	var errs []error
	required := []struct{ value, env string }{
		{c.APIUser, EnvAPIUser}, {c.APIKey, EnvAPIKey},
		{c.UserName, EnvUserName}, {c.ClientIP, EnvClientIP},
	}
	for _, r := range required {
		if r.value == "" {
			errs = append(errs, fmt.Errorf("namecheap: %s is required", r.env))
		}
	}

	if c.ClientIP != "" {
		ip, err := netip.ParseAddr(c.ClientIP)
		if err != nil || !ip.Is4() {
			errs = append(errs, fmt.Errorf("namecheap: %s must be an IPv4 address, got %q",
				EnvClientIP, c.ClientIP))
		}
	}

	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("namecheap: %s must be an http(s) URL", EnvAPIURL))
		}
	}

	if c.ListPageSize != 0 && (c.ListPageSize < 10 || c.ListPageSize > 100) {
		errs = append(errs, errors.New("namecheap: ListPageSize must be within 10–100"))
	}
	return errors.Join(errs...)
}

// account names the account whose limits a call counts against: the API
// user at its endpoint, since Namecheap's sandbox and production are
// separate systems with separate accounts and limits (and each test server
// its own).
func (c Config) account() string {
	return c.endpoint() + " " + c.APIUser
}

// endpoint returns the API URL the configuration selects.
func (c Config) endpoint() string {
	switch {
	case c.BaseURL != "":
		return c.BaseURL
	case c.Sandbox:
		return api.Sandbox
	}
	return api.Production
}
