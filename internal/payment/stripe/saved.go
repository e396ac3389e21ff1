package stripegw

import (
	"context"
	"fmt"

	"github.com/stripe/stripe-go/v84"

	"github.com/proecommerce/domains/internal/payment"
)

// ChargeSaved charges a saved card with the customer absent (renewals):
// off_session=true, confirm=true, captured at once. A bank that wants the
// customer to authenticate answers a decline with Code
// "authentication_required"; the *DeclinedIntentError carries the
// PaymentIntent to confirm on-session.
func (g *Gateway) ChargeSaved(ctx context.Context, req payment.ChargeRequest) (payment.Authorization, error) {
	if err := checkCharge(req); err != nil {
		return payment.Authorization{}, err
	}

	p, err := intentParams(req.Amount, req.IdempotencyKey, req.PaymentMethod, req.Description, req.Metadata)
	if err != nil {
		return payment.Authorization{}, err
	}
	p.Customer = stripe.String(req.Customer)
	p.OffSession = stripe.Bool(true)

	return g.createIntent(ctx, "charge saved card", p)
}

func checkCharge(req payment.ChargeRequest) error {
	if looksLikeCardNumber(req.PaymentMethod) {
		return ErrRawCard
	}
	if req.Customer == "" || req.PaymentMethod == "" {
		return fmt.Errorf("stripe: charge saved card: %w: customer and payment method are required",
			ErrRequestRejected)
	}
	return checkKey(req.IdempotencyKey, "")
}
