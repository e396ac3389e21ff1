// Package stripegw is the Stripe payment gateway: a PaymentIntent per
// order with manual capture, capture of part of the hold, void, refund,
// off-session charges of a saved card, and signed webhooks, on stripe-go.
package stripegw

import (
	"log/slog"
	"time"

	"github.com/stripe/stripe-go/v84"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/payment"
)

// Name is the gateway's identifier in configuration (PROECOMMERCE_PAYMENTS).
const Name = "stripe"

var _ payment.Gateway = (*Gateway)(nil)

// Gateway is a Stripe account used through its PaymentIntents API.
type Gateway struct {
	sc             *stripe.Client
	publishableKey string
	webhookSecret  string
	tolerance      time.Duration
	log            *slog.Logger
	clock          clock.Clock
}

// New validates cfg and returns a gateway that talks to Stripe (or to
// cfg.APIURL).
func New(cfg Config) (*Gateway, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cfg.setDefaults()

	backends := stripe.NewBackendsWithConfig(backendConfig(cfg))
	if impl, ok := backends.API.(*stripe.BackendImplementation); ok && cfg.retrySleepOff {
		impl.SetNetworkRetriesSleep(false)
	}

	return &Gateway{
		sc:             stripe.NewClient(cfg.SecretKey, stripe.WithBackends(backends)),
		publishableKey: cfg.PublishableKey,
		webhookSecret:  cfg.WebhookSecret,
		tolerance:      cfg.WebhookTolerance,
		log:            cfg.Logger.With("component", "stripe"),
		clock:          cfg.Clock,
	}, nil
}

// backendConfig turns our settings into stripe-go's. stripe-go's own
// logger is silenced: it can print response bodies holding client
// secrets; the gateway logs each call itself.
func backendConfig(cfg Config) *stripe.BackendConfig {
	bc := &stripe.BackendConfig{
		HTTPClient:    cfg.HTTPClient,
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	}
	if cfg.APIURL != "" {
		bc.URL = stripe.String(cfg.APIURL)
	}
	switch {
	case cfg.MaxNetworkRetries < 0:
		bc.MaxNetworkRetries = stripe.Int64(0)
	case cfg.MaxNetworkRetries > 0:
		bc.MaxNetworkRetries = stripe.Int64(int64(cfg.MaxNetworkRetries))
	}
	return bc
}

// Name returns "stripe".
func (g *Gateway) Name() string { return Name }

// PublishableKey returns the key the checkout page gives Stripe.js.
func (g *Gateway) PublishableKey() string { return g.publishableKey }
