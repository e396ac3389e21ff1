// Package route53 is the registrar adapter for AWS Route 53 Domains, built
// on the official aws-sdk-go-v2 client. The Route 53 Domains API lives in
// us-east-1 only, so the client is always pinned to that region.
package route53

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/route53domains"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/registrar"
)

// Region is the only region the Route 53 Domains API is offered in.
const Region = "us-east-1"

// Defaults applied by New when a Config field is zero.
const (
	DefaultAvailabilityRetries = 3
	DefaultConcurrency         = 4
	DefaultRequestsPerSecond   = 3
	DefaultBurst               = 3
)

// Compile-time proof that the adapter satisfies the contracts.
var (
	_ registrar.Registrar = (*Registrar)(nil)
	_ registrar.Suggester = (*Registrar)(nil)
)

// Config configures the adapter. Every field is optional.
type Config struct {
	// AWS is a ready SDK configuration (tests pass one with static
	// credentials). When nil, New loads the default chain (environment,
	// shared profile, roles); endpoint overrides then come only from the
	// SDK's own AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_ROUTE_53_DOMAINS.
	AWS    *aws.Config
	Logger *slog.Logger
	Clock  clock.Clock
	// AvailabilityRetries is how many more times a DONT_KNOW or PENDING
	// answer is asked again before it is reported as unknown.
	AvailabilityRetries int
	// RetryWait is the pause between those retries; zero retries at once,
	// which is what Route 53 advises for PENDING.
	RetryWait time.Duration
	// Concurrency bounds the availability checks run at once.
	Concurrency int
	// RequestsPerSecond and Burst size the token bucket every call passes
	// when no Limiter is given.
	RequestsPerSecond float64
	Burst             int
	// Limiter, when set, is waited on before every call instead of the
	// in-process bucket: the product passes one counted in the database,
	// so every process of an installation shares the account's rate.
	Limiter Waiter
}

// Waiter blocks until a call may be made under the account's rate limit.
type Waiter interface {
	Wait(ctx context.Context) error
}

// Registrar is a Route 53 Domains account.
type Registrar struct {
	api     *route53domains.Client
	log     *slog.Logger
	clock   clock.Clock
	limiter Waiter
	retries int
	wait    time.Duration
	workers int
}

// New builds the adapter.
func New(ctx context.Context, cfg Config) (*Registrar, error) {
	awsCfg, err := loadAWS(ctx, cfg.AWS)
	if err != nil {
		return nil, err
	}

	r := &Registrar{
		api: route53domains.NewFromConfig(awsCfg, func(o *route53domains.Options) {
			o.Region = Region
		}),
		log:     cfg.Logger,
		clock:   cfg.Clock,
		limiter: cfg.Limiter,
		retries: orInt(cfg.AvailabilityRetries, DefaultAvailabilityRetries),
		wait:    cfg.RetryWait,
		workers: orInt(cfg.Concurrency, DefaultConcurrency),
	}
	if r.limiter == nil {
		r.limiter = NewLimiter(orFloat(cfg.RequestsPerSecond, DefaultRequestsPerSecond), orInt(cfg.Burst, DefaultBurst))
	}
	if r.log == nil {
		r.log = slog.Default()
	}
	if r.clock == nil {
		r.clock = clock.System{}
	}
	r.log = r.log.With("component", "registrar.route53")
	return r, nil
}

func loadAWS(ctx context.Context, given *aws.Config) (aws.Config, error) {
	if given != nil {
		c := given.Copy()
		c.Region = Region
		return c, nil
	}

	c, err := config.LoadDefaultConfig(ctx, config.WithRegion(Region))
	if err != nil {
		return aws.Config{}, fmt.Errorf("route53 registrar: load AWS config: %w", err)
	}
	return c, nil
}

// Name returns "route53".
func (r *Registrar) Name() string { return "route53" }

// Capabilities says what Route 53 Domains supports.
func (r *Registrar) Capabilities() registrar.Capabilities {
	return registrar.Capabilities{
		Privacy:               true,
		TransferLock:          true,
		AuthCode:              true,
		Suggestions:           true,
		PremiumPricing:        false,
		TransferIn:            true,
		Renew:                 true,
		CreatesZoneOnRegister: true,
		Notes: map[string]string{
			"premium": "Route 53 Domains does not sell premium names " +
				"(UNAVAILABLE_PREMIUM cannot be registered) and reports no premium price",
		},
	}
}

// before waits for the shared rate limiter; every API call goes through it.
func (r *Registrar) before(ctx context.Context) error {
	if err := r.limiter.Wait(ctx); err != nil {
		return fmt.Errorf("route53 registrar: rate limiter: %w", err)
	}
	return nil
}

func orInt(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

func orFloat(v, def float64) float64 {
	if v <= 0 {
		return def
	}
	return v
}
