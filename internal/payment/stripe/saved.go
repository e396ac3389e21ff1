package stripegw

import (
	"context"
	"fmt"

	"github.com/stripe/stripe-go/v84"

	"github.com/proecommerce/domains/internal/payment"
)

// ChargeSaved charges a saved card, captured at once (renewals). With the
// customer absent it is off_session=true, confirm=true, and a bank that
// wants the customer to authenticate answers a decline with Code
// "authentication_required" (the *DeclinedIntentError carries the
// PaymentIntent). With req.OnSession the customer is in the portal: the
// intent is confirmed without off_session and such a bank answers
// requires_action with the client secret to finish in the browser.
func (g *Gateway) ChargeSaved(ctx context.Context, req payment.ChargeRequest) (payment.Authorization, error) {
	if err := checkCharge(req); err != nil {
		return payment.Authorization{}, err
	}

	p, err := intentParams(req.Amount, req.IdempotencyKey, req.PaymentMethod, req.Description, req.Metadata)
	if err != nil {
		return payment.Authorization{}, err
	}
	p.Customer = stripe.String(req.Customer)
	if !req.OnSession {
		p.OffSession = stripe.Bool(true)
	}

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
