package audit

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
)

// Gateway audits the payment calls that move or hold money; Get passes
// through unrecorded.
type Gateway struct {
	payment.Gateway
	w writer
}

// WrapGateway returns g with its money calls audited.
func WrapGateway(g payment.Gateway, rec Recorder, log *slog.Logger) *Gateway {
	return &Gateway{Gateway: g, w: writer{rec: rec, log: log}}
}

// Unwrap returns the gateway inside.
func (g *Gateway) Unwrap() payment.Gateway { return g.Gateway }

// payOutcome says how a call ended: the state and amounts, or a decline
// or error (never the provider's message).
func payOutcome(name string, a payment.Authorization, err error) string {
	if d, declined := payment.IsDecline(err); declined {
		return fmt.Sprintf("%s: declined (%s)", name, d.Code)
	}
	if err != nil {
		return name + ": error"
	}
	return fmt.Sprintf("%s: %s, authorised %s, captured %s, refunded %s", name, a.Status,
		a.Authorized, a.Captured, a.Refunded)
}

func (g *Gateway) record(ctx context.Context, call, subject string, a payment.Authorization, err error) {
	g.w.record(ctx, "payment."+call, subject, payOutcome(g.Name(), a, err))
}

// Authorize audits a hold.
func (g *Gateway) Authorize(ctx context.Context, req payment.AuthorizeRequest) (payment.Authorization, error) {
	a, err := g.Gateway.Authorize(ctx, req)
	g.record(ctx, "authorize", subject(a.ID, req.Amount), a, err)
	return a, err
}

// Capture audits a capture.
func (g *Gateway) Capture(ctx context.Context, id string, amount money.Money, key string) (payment.Authorization, error) {
	a, err := g.Gateway.Capture(ctx, id, amount, key)
	g.record(ctx, "capture", subject(id, amount), a, err)
	return a, err
}

// Void audits a release.
func (g *Gateway) Void(ctx context.Context, id, key string) (payment.Authorization, error) {
	a, err := g.Gateway.Void(ctx, id, key)
	g.record(ctx, "void", id, a, err)
	return a, err
}

// Refund audits a refund.
func (g *Gateway) Refund(ctx context.Context, id string, amount money.Money, key string) (payment.Authorization, error) {
	a, err := g.Gateway.Refund(ctx, id, amount, key)
	g.record(ctx, "refund", subject(id, amount), a, err)
	return a, err
}

// ChargeSaved audits a charge of a saved card.
func (g *Gateway) ChargeSaved(ctx context.Context, req payment.ChargeRequest) (payment.Authorization, error) {
	a, err := g.Gateway.ChargeSaved(ctx, req)
	g.record(ctx, "charge_saved", subject(a.ID, req.Amount), a, err)
	return a, err
}

func subject(id string, amount money.Money) string {
	if id == "" {
		return amount.String()
	}
	return id + " " + amount.String()
}
