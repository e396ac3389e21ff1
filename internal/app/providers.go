package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"time"

	"github.com/proecommerce/domains/internal/audit"
	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/config"
	"github.com/proecommerce/domains/internal/dnshost"
	dnsroute53 "github.com/proecommerce/domains/internal/dnshost/route53"
	dnssandbox "github.com/proecommerce/domains/internal/dnshost/sandbox"
	"github.com/proecommerce/domains/internal/payment"
	paysandbox "github.com/proecommerce/domains/internal/payment/sandbox"
	stripegw "github.com/proecommerce/domains/internal/payment/stripe"
	"github.com/proecommerce/domains/internal/ratelimit"
	"github.com/proecommerce/domains/internal/registrar"
	regroute53 "github.com/proecommerce/domains/internal/registrar/route53"
	regsandbox "github.com/proecommerce/domains/internal/registrar/sandbox"
	"github.com/proecommerce/domains/internal/sqldb"
)

// The request rates of the AWS accounts, counted in the database so that
// every process of an installation shares them. Route 53 Domains publishes
// no number: three a second keeps its writes slow and serial. Route 53's
// DNS API allows five a second per account.
var (
	route53DomainsRate = []ratelimit.Window{{Period: time.Second, Limit: regroute53.DefaultBurst}}
	route53Rate        = []ratelimit.Window{{Period: time.Second, Limit: 5}}
)

// Providers are the registrar accounts, the DNS host and the payment
// gateway the configuration selects.
type Providers struct {
	registrars map[string]registrar.Registrar
	defaultReg string
	DNS        dnshost.Host
	Gateway    payment.Gateway
	// SandboxRegistrar and SandboxDNS are set in sandbox mode.
	SandboxRegistrar *regsandbox.Registrar
	SandboxDNS       *dnssandbox.Host
	// Stripe is set when payments go through Stripe (webhooks need it).
	Stripe *stripegw.Gateway
}

// Registrar returns a configured registrar by name.
func (p *Providers) Registrar(name string) (registrar.Registrar, bool) {
	r, ok := p.registrars[name]
	return r, ok
}

// Default names the default registrar.
func (p *Providers) Default() string { return p.defaultReg }

// Names lists the configured registrars, the default first.
func (p *Providers) Names() []string {
	names := []string{p.defaultReg}
	var rest []string
	for n := range p.registrars {
		if n != p.defaultReg {
			rest = append(rest, n)
		}
	}
	sort.Strings(rest)
	return append(names, rest...)
}

// IsSandbox reports whether any provider is a sandbox.
func (p *Providers) IsSandbox() bool {
	return p.SandboxRegistrar != nil || p.SandboxDNS != nil || p.Gateway.Name() == "sandbox"
}

func newProviders(ctx context.Context, cfg config.Config, db *sqldb.DB, clk clock.Clock, logger *slog.Logger) (*Providers, error) {
	p := &Providers{registrars: map[string]registrar.Registrar{}, defaultReg: cfg.Registrar}
	if err := p.addRegistrars(ctx, cfg, db, clk, logger); err != nil {
		return nil, err
	}
	if err := p.addDNS(ctx, cfg, db, clk, logger); err != nil {
		return nil, err
	}
	if err := p.addGateway(cfg, db, clk, logger); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Providers) addRegistrars(ctx context.Context, cfg config.Config, db *sqldb.DB, clk clock.Clock, logger *slog.Logger) error {
	if cfg.Registrar == "sandbox" {
		r, err := regsandbox.New(db, clk, regsandbox.Options{RegisterDelay: cfg.SandboxRegisterDelay,
			TransferDelay: cfg.SandboxTransferDelay, Logger: logger})
		if err != nil {
			return fmt.Errorf("app: sandbox registrar: %w", err)
		}
		p.registrars["sandbox"], p.SandboxRegistrar = r, r
		// The sandbox runs alone: credentials of a real registrar in the
		// environment must not let a sandbox order reach it.
		return nil
	}

	if cfg.Registrar == "route53" || os.Getenv("PROECOMMERCE_ROUTE53_DOMAINS") == "true" {
		lim, err := ratelimit.New(db, "route53domains", route53DomainsRate)
		if err != nil {
			return fmt.Errorf("app: route53 registrar: %w", err)
		}
		r, err := regroute53.New(ctx, regroute53.Config{Logger: logger.With("registrar", "route53"),
			Clock: clk, Limiter: lim})
		if err != nil {
			return fmt.Errorf("app: route53 registrar: %w", err)
		}
		p.registrars["route53"] = r
	}
	if err := p.addOptionalRegistrars(cfg, db, clk, logger); err != nil {
		return err
	}
	if _, ok := p.registrars[cfg.Registrar]; !ok {
		return fmt.Errorf("app: PROECOMMERCE_REGISTRAR=%s is not configured", cfg.Registrar)
	}
	return nil
}

func (p *Providers) addDNS(ctx context.Context, cfg config.Config, db *sqldb.DB, clk clock.Clock, logger *slog.Logger) error {
	if cfg.DNS == "route53" {
		lim, err := ratelimit.New(db, "route53", route53Rate)
		if err != nil {
			return fmt.Errorf("app: route53 dns: %w", err)
		}
		h, err := dnsroute53.New(ctx, dnsroute53.Config{Logger: logger.With("dns", "route53"), Clock: clk,
			Limiter: lim})
		if err != nil {
			return fmt.Errorf("app: route53 dns: %w", err)
		}
		p.DNS = h
		return nil
	}
	delay := cfg.SandboxDNSDelay
	if delay <= 0 {
		delay = -1 // the sandbox reads a negative delay as "in sync at once"
	}
	h := dnssandbox.New(db, clk, dnssandbox.Options{PropagationDelay: delay,
		Logger: logger.With("dns", "sandbox")})
	p.DNS, p.SandboxDNS = h, h
	return nil
}

func (p *Providers) addGateway(cfg config.Config, db *sqldb.DB, clk clock.Clock, logger *slog.Logger) error {
	if cfg.Payments == "stripe" {
		return p.addStripe(cfg, clk, logger)
	}
	p.Gateway = paysandbox.New(db, clk, paysandbox.Options{AuthTTL: cfg.SandboxAuthTTL})
	return nil
}

// audited puts every registrar and the payment gateway behind the audit
// log, so each call that changes something there is recorded for the
// tenant it was made for. The sandbox's own controls (SandboxRegistrar)
// and the Stripe webhook handler stay direct.
func (p *Providers) audited(rec audit.Recorder, logger *slog.Logger) {
	for name, r := range p.registrars {
		p.registrars[name] = audit.WrapRegistrar(r, rec, logger)
	}
	p.Gateway = audit.WrapGateway(p.Gateway, rec, logger)
}
