package opensrs

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

// Environment variables read by ConfigFromEnv.
const (
	EnvUsername      = "OPENSRS_USERNAME"
	EnvAPIKey        = "OPENSRS_API_KEY"
	EnvTest          = "OPENSRS_TEST"
	EnvAPIURL        = "PROECOMMERCE_OPENSRS_API_URL"
	EnvPriceTLDs     = "OPENSRS_PRICE_TLDS"
	EnvProfileSecret = "OPENSRS_PROFILE_SECRET"
	EnvSecretKey     = "PROECOMMERCE_SECRET_KEY"
)

// DefaultPriceTLDs are TLDs Route 53 does not sell that OpenSRS commonly
// does; Prices asks GET_PRICE for each, as OpenSRS has no price-list call.
var DefaultPriceTLDs = []string{
	"ca", "us", "eu", "de", "fr", "nl", "dev", "app", "shop", "store", "ai",
}

// Config configures the OpenSRS adapter.
type Config struct {
	// Username is the reseller username (X-Username).
	Username string
	// APIKey is the reseller's private key; it signs every request.
	APIKey string
	// Test selects the OpenSRS test environment (horizon).
	Test bool
	// BaseURL overrides the endpoint chosen by Test.
	BaseURL string

	// ProfileSecret derives each domain's reg_username and reg_password,
	// so the same domain always gets the same profile credentials.
	ProfileSecret string
	// Currency of the reseller account's prices (USD).
	Currency string
	// PriceTLDs are the TLDs Prices asks about (DefaultPriceTLDs).
	PriceTLDs []string
	// SuggestTLDs are added to the searched name's TLD in Suggest.
	SuggestTLDs []string
	// SuggestWait is NAME_SUGGEST's max_wait_time (3s).
	SuggestWait time.Duration
	// PriceProbeLabel is the second-level label GET_PRICE is asked about
	// for a TLD's list price ("proecommerce-price-probe").
	PriceProbeLabel string
	// Concurrency bounds parallel LOOKUP and GET_PRICE calls (4).
	Concurrency int
	// PageSize is GET_DOMAINS_BY_EXPIREDATE's limit (100).
	PageSize int
	// ListFrom and ListTo bound ListDomains' expiry range
	// (1990-01-01 to 2099-12-31), fixed so paging stays stable.
	ListFrom, ListTo string
	// RetryAfter is the wait hinted with throttle codes and code 486 (30s).
	RetryAfter time.Duration

	HTTPClient *http.Client
	Logger     *slog.Logger
	Clock      clock.Clock
}

// ConfigFromEnv reads the adapter's settings from environment variables.
// Secrets are expected resolved already (the config layer reads _FILE
// variants). Errors name the variable at fault.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		Username: strings.TrimSpace(getenv(EnvUsername)),
		APIKey:   strings.TrimSpace(getenv(EnvAPIKey)),
		BaseURL:  strings.TrimSpace(getenv(EnvAPIURL)),
	}
	if cfg.Username == "" {
		return Config{}, fmt.Errorf("opensrs: %s is not set", EnvUsername)
	}
	if cfg.APIKey == "" {
		return Config{}, fmt.Errorf("opensrs: %s is not set", EnvAPIKey)
	}

	if s := strings.TrimSpace(getenv(EnvTest)); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return Config{}, fmt.Errorf("opensrs: %s=%q is not a boolean", EnvTest, s)
		}
		cfg.Test = b
	}
	if cfg.BaseURL != "" {
		if err := checkURL(cfg.BaseURL); err != nil {
			return Config{}, fmt.Errorf("opensrs: %s: %w", EnvAPIURL, err)
		}
	}

	if s := strings.TrimSpace(getenv(EnvPriceTLDs)); s != "" {
		cfg.PriceTLDs = splitTLDs(s)
	}
	cfg.ProfileSecret = getenv(EnvProfileSecret)
	if cfg.ProfileSecret == "" {
		cfg.ProfileSecret = getenv(EnvSecretKey)
	}
	return cfg, nil
}

func (c Config) withDefaults() Config {
	if c.BaseURL == "" {
		c.BaseURL = ops.LiveURL
		if c.Test {
			c.BaseURL = ops.TestURL
		}
	}
	if c.Currency == "" {
		c.Currency = "USD"
	}
	c.Currency = strings.ToUpper(c.Currency)
	if c.PriceTLDs == nil {
		c.PriceTLDs = DefaultPriceTLDs
	}
	if c.SuggestWait == 0 {
		c.SuggestWait = 3 * time.Second
	}
	if c.PriceProbeLabel == "" {
		c.PriceProbeLabel = "proecommerce-price-probe"
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 4
	}
	if c.PageSize <= 0 {
		c.PageSize = 100
	}
	if c.ListFrom == "" {
		c.ListFrom = "1990-01-01"
	}
	if c.ListTo == "" {
		c.ListTo = "2099-12-31"
	}
	if c.RetryAfter == 0 {
		c.RetryAfter = 30 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Clock == nil {
		c.Clock = clock.System{}
	}
	return c
}

func (c Config) validate() error {
	if c.Username == "" {
		return errors.New("opensrs: config: Username is empty")
	}
	if c.APIKey == "" {
		return errors.New("opensrs: config: APIKey is empty")
	}
	if c.ProfileSecret == "" {
		return fmt.Errorf("opensrs: config: ProfileSecret is empty (set %s or %s)",
			EnvProfileSecret, EnvSecretKey)
	}
	if err := checkURL(c.BaseURL); err != nil {
		return fmt.Errorf("opensrs: config: BaseURL: %w", err)
	}
	if !money.ValidCurrency(c.Currency) {
		return fmt.Errorf("opensrs: config: Currency %q is not an ISO 4217 code", c.Currency)
	}
	return nil
}

func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a URL", s)
	}
	if u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL with a host", s)
	}
	return nil
}

func splitTLDs(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		tld := strings.Trim(strings.ToLower(strings.TrimSpace(part)), ".")
		if tld != "" {
			out = append(out, tld)
		}
	}
	return out
}
