// Package route53 is the DNS host adapter for AWS Route 53 hosted zones,
// built on the official aws-sdk-go-v2 client (REST-XML API 2013-04-01).
package route53

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/smithy-go/middleware"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/dnshost"
)

// signingRegion is the region Route 53's global endpoint signs with.
const signingRegion = "us-east-1"

// Compile-time proof that the adapter satisfies the contract.
var _ dnshost.Host = (*Host)(nil)

// Config configures the adapter. Every field is optional.
type Config struct {
	// AWS is a ready SDK configuration (tests pass one with static
	// credentials). When nil, New loads the default chain (environment,
	// shared profile, roles); endpoint overrides then come only from the
	// SDK's own AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_ROUTE_53.
	AWS    *aws.Config
	Logger *slog.Logger
	Clock  clock.Clock
	// Comment is written on hosted zones this adapter creates.
	Comment string
	// Limiter, when set, is waited on before every attempt of every call
	// (retries too), so the account stays under Route 53's request rate;
	// the product passes one counted in the database, shared by every
	// process.
	Limiter Waiter
}

// Waiter blocks until a call may be made under the account's rate limit.
type Waiter interface {
	Wait(ctx context.Context) error
}

// Host is a Route 53 account's hosted zones.
type Host struct {
	api     *route53.Client
	log     *slog.Logger
	clock   clock.Clock
	comment string
}

// New builds the adapter.
func New(ctx context.Context, cfg Config) (*Host, error) {
	awsCfg, err := loadAWS(ctx, cfg.AWS)
	if err != nil {
		return nil, err
	}

	h := &Host{
		api:     route53.NewFromConfig(awsCfg, withLimiter(cfg.Limiter)),
		log:     cfg.Logger,
		clock:   cfg.Clock,
		comment: cfg.Comment,
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.clock == nil {
		h.clock = clock.System{}
	}
	if h.comment == "" {
		h.comment = "managed by ProEcommerce Domains"
	}
	h.log = h.log.With("component", "dnshost.route53")
	return h, nil
}

func loadAWS(ctx context.Context, given *aws.Config) (aws.Config, error) {
	if given != nil {
		c := given.Copy()
		if c.Region == "" {
			c.Region = signingRegion
		}
		return c, nil
	}

	c, err := config.LoadDefaultConfig(ctx, config.WithRegion(signingRegion))
	if err != nil {
		return aws.Config{}, fmt.Errorf("route53 dns: load AWS config: %w", err)
	}
	return c, nil
}

// Name returns "route53".
func (h *Host) Name() string { return "route53" }

// bareID strips Route 53's "/hostedzone/" or "/change/" prefix.
func bareID(id string) string {
	if i := strings.LastIndexByte(id, '/'); i >= 0 {
		return id[i+1:]
	}
	return id
}

// fqdn lower-cases a name and gives it its trailing dot.
func fqdn(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if !strings.HasSuffix(name, ".") {
		name += "."
	}
	return name
}

// withLimiter makes every attempt of a call wait on w first. It runs after
// the SDK's retry step, so a retried throttled call waits again.
func withLimiter(w Waiter) func(*route53.Options) {
	return func(o *route53.Options) {
		if w == nil {
			return
		}
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			return s.Finalize.Insert(middleware.FinalizeMiddlewareFunc("ProEcommerceRateLimit",
				func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
					middleware.FinalizeOutput, middleware.Metadata, error) {
					if err := w.Wait(ctx); err != nil {
						return middleware.FinalizeOutput{}, middleware.Metadata{},
							fmt.Errorf("route53 dns: rate limiter: %w", err)
					}
					return next.HandleFinalize(ctx, in)
				}), "Retry", middleware.After)
		})
	}
}
