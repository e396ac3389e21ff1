package stripegw

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/clock"
)

// Config configures a Stripe gateway. Build it from the environment at the
// edge (STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET,
// PROECOMMERCE_STRIPE_API_URL) and hand it to New.
type Config struct {
	// SecretKey is the API key (STRIPE_SECRET_KEY): "sk_…" or a restricted
	// "rk_…" key. Required.
	SecretKey string
	// PublishableKey (STRIPE_PUBLISHABLE_KEY) is handed to the browser for
	// the Payment Element; optional here, "pk_…" when set.
	PublishableKey string
	// WebhookSecret (STRIPE_WEBHOOK_SECRET, "whsec_…") verifies webhook
	// signatures; VerifyEvent refuses every event without it.
	WebhookSecret string
	// APIURL (PROECOMMERCE_STRIPE_API_URL) replaces https://api.stripe.com,
	// e.g. stripe-mock or a test server. Optional.
	APIURL string
	// HTTPClient makes the API calls; stripe-go's default (80 s timeout)
	// when nil.
	HTTPClient *http.Client
	// MaxNetworkRetries is how often stripe-go retries a call that failed
	// on the network, with the same idempotency key. 0 means stripe-go's
	// default (2); a negative value disables retries.
	MaxNetworkRetries int
	// WebhookTolerance is how far a webhook's signed timestamp may be from
	// now (default 5 minutes).
	WebhookTolerance time.Duration
	// Logger receives one line per call; slog.Default() when nil.
	Logger *slog.Logger
	// Clock tells the time for webhook tolerance and hold deadlines;
	// clock.System when nil.
	Clock clock.Clock

	// retrySleepOff removes stripe-go's back-off between retries (tests).
	retrySleepOff bool
}

// defaultWebhookTolerance matches stripe-go's own default.
const defaultWebhookTolerance = 5 * time.Minute

func (c *Config) setDefaults() {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Clock == nil {
		c.Clock = clock.System{}
	}
	if c.WebhookTolerance <= 0 {
		c.WebhookTolerance = defaultWebhookTolerance
	}
}

// validate rejects a missing or malformed setting, naming its variable and
// never echoing a secret.
func (c *Config) validate() error {
	var errs []error

	switch {
	case c.SecretKey == "":
		errs = append(errs, errors.New("STRIPE_SECRET_KEY (SecretKey) is required"))
	case !strings.HasPrefix(c.SecretKey, "sk_") && !strings.HasPrefix(c.SecretKey, "rk_"):
		errs = append(errs, errors.New(
			"STRIPE_SECRET_KEY (SecretKey) must be a secret key (sk_…) or restricted key (rk_…)"))
	}

	if c.PublishableKey != "" && !strings.HasPrefix(c.PublishableKey, "pk_") {
		errs = append(errs, errors.New("STRIPE_PUBLISHABLE_KEY (PublishableKey) must start with pk_"))
	}

	if c.WebhookSecret != "" && !strings.HasPrefix(c.WebhookSecret, "whsec_") {
		errs = append(errs, errors.New("STRIPE_WEBHOOK_SECRET (WebhookSecret) must start with whsec_"))
	}

	if c.APIURL != "" {
		u, err := url.Parse(c.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, errors.New(
				"PROECOMMERCE_STRIPE_API_URL (APIURL) is not an http(s) URL"))
		}
	}

	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("stripe: config: %w", err)
	}
	return nil
}
