package app

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/config"
	stripegw "github.com/proecommerce/domains/internal/payment/stripe"
	"github.com/proecommerce/domains/internal/registrar/namecheap"
	"github.com/proecommerce/domains/internal/registrar/opensrs"
)

// addOptionalRegistrars adds Namecheap and OpenSRS when they are the
// default or their credentials are present, so an operator can route some
// TLDs to them.
func (p *Providers) addOptionalRegistrars(cfg config.Config, clk clock.Clock, logger *slog.Logger) error {
	if cfg.Registrar == "namecheap" || os.Getenv("NAMECHEAP_API_USER") != "" {
		nc, err := namecheap.ConfigFromEnv(os.Getenv)
		if err != nil {
			return fmt.Errorf("app: namecheap: %w", err)
		}
		nc.Logger, nc.Clock = logger.With("registrar", "namecheap"), clk
		r, err := namecheap.New(nc)
		if err != nil {
			return fmt.Errorf("app: namecheap: %w", err)
		}
		p.registrars["namecheap"] = r
	}

	if cfg.Registrar == "opensrs" || os.Getenv("OPENSRS_USERNAME") != "" {
		oc, err := opensrs.ConfigFromEnv(os.Getenv)
		if err != nil {
			return fmt.Errorf("app: opensrs: %w", err)
		}
		if oc.ProfileSecret == "" {
			oc.ProfileSecret = string(cfg.SecretKey)
		}
		oc.Logger, oc.Clock = logger.With("registrar", "opensrs"), clk
		r, err := opensrs.New(oc)
		if err != nil {
			return fmt.Errorf("app: opensrs: %w", err)
		}
		p.registrars["opensrs"] = r
	}
	return nil
}

func (p *Providers) addStripe(cfg config.Config, clk clock.Clock, logger *slog.Logger) error {
	gw, err := stripegw.New(stripegw.Config{SecretKey: cfg.StripeSecretKey,
		PublishableKey: cfg.StripePublishableKey, WebhookSecret: cfg.StripeWebhookSecret,
		APIURL: cfg.StripeAPIURL, Logger: logger.With("gateway", "stripe"), Clock: clk})
	if err != nil {
		return fmt.Errorf("app: stripe: %w", err)
	}
	p.Gateway, p.Stripe = gw, gw
	return nil
}
