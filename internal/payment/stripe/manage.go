package stripegw

import (
	"context"
	"fmt"

	"github.com/stripe/stripe-go/v84"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
)

// Capture takes amount from the hold with amount_to_capture; Stripe
// releases the rest. A second capture, or one after the hold lapsed, is
// payment.ErrInvalidState.
func (g *Gateway) Capture(
	ctx context.Context, id string, amount money.Money, key string,
) (payment.Authorization, error) {
	value, err := positiveAmount("capture", amount)
	if err != nil {
		return payment.Authorization{}, err
	}
	if err := checkKey(key, ""); err != nil {
		return payment.Authorization{}, err
	}

	p := &stripe.PaymentIntentCaptureParams{AmountToCapture: stripe.Int64(value)}
	p.AddExpand(expandCharge)
	p.SetIdempotencyKey(key)

	pi, err := g.sc.V1PaymentIntents.Capture(ctx, id, p)
	return g.answer(ctx, "capture", key, pi, err)
}

// Void cancels the PaymentIntent, releasing the whole hold.
func (g *Gateway) Void(ctx context.Context, id, key string) (payment.Authorization, error) {
	if err := checkKey(key, ""); err != nil {
		return payment.Authorization{}, err
	}

	p := &stripe.PaymentIntentCancelParams{}
	p.AddExpand(expandCharge)
	p.SetIdempotencyKey(key)

	pi, err := g.sc.V1PaymentIntents.Cancel(ctx, id, p)
	return g.answer(ctx, "void", key, pi, err)
}

// Refund gives amount of a captured PaymentIntent back to the card, then
// reads the PaymentIntent again to report the refunded total.
func (g *Gateway) Refund(
	ctx context.Context, id string, amount money.Money, key string,
) (payment.Authorization, error) {
	value, err := positiveAmount("refund", amount)
	if err != nil {
		return payment.Authorization{}, err
	}
	if err := checkKey(key, ""); err != nil {
		return payment.Authorization{}, err
	}

	p := &stripe.RefundCreateParams{PaymentIntent: stripe.String(id), Amount: stripe.Int64(value)}
	p.SetIdempotencyKey(key)

	re, err := g.sc.V1Refunds.Create(ctx, p)
	if err != nil {
		err = mapError("refund "+id, err)
		g.logFailure(ctx, "refund", key, err)
		return payment.Authorization{}, err
	}
	if re.Status == stripe.RefundStatusFailed || re.Status == stripe.RefundStatusCanceled {
		return payment.Authorization{}, fmt.Errorf("stripe: refund %s: refund %s ended %s (%s)",
			id, re.ID, re.Status, re.FailureReason)
	}

	g.log.InfoContext(ctx, "stripe refund created", "payment_intent", id, "refund", re.ID,
		"status", string(re.Status), "amount", amount.String(), "idempotency_key", key)
	return g.Get(ctx, id)
}

// Get reads the PaymentIntent and its latest charge.
func (g *Gateway) Get(ctx context.Context, id string) (payment.Authorization, error) {
	p := &stripe.PaymentIntentRetrieveParams{}
	p.AddExpand(expandCharge)

	pi, err := g.sc.V1PaymentIntents.Retrieve(ctx, id, p)
	if err != nil {
		return payment.Authorization{}, mapError("get "+id, err)
	}
	return g.authorization(pi), nil
}

// answer maps the result of a call on an existing PaymentIntent and logs it.
func (g *Gateway) answer(
	ctx context.Context, op, key string, pi *stripe.PaymentIntent, err error,
) (payment.Authorization, error) {
	if err != nil {
		err = mapError(op, err)
		g.logFailure(ctx, op, key, err)
		return payment.Authorization{}, err
	}

	a := g.authorization(pi)
	g.log.InfoContext(ctx, "stripe "+op, "payment_intent", pi.ID, "status", string(a.Status),
		"captured", a.Captured.String(), "idempotency_key", key)
	return a, nil
}

// positiveAmount converts a capture or refund amount, which must be above
// zero (a zero capture is a void).
func positiveAmount(op string, amount money.Money) (int64, error) {
	if amount.Amount <= 0 {
		return 0, fmt.Errorf("stripe: %s: %w: amount %s must be positive", op, ErrRequestRejected, amount)
	}
	v, _, err := toStripe(amount)
	return v, err
}
