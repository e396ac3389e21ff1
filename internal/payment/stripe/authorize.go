package stripegw

import (
	"context"
	"fmt"
	"strings"

	"github.com/stripe/stripe-go/v84"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
)

// maxKeyLen is Stripe's limit on an Idempotency-Key.
const maxKeyLen = 255

// expandCharge asks Stripe to embed the latest charge, which carries
// capture_before and the refunded amount.
const expandCharge = "latest_charge"

// Authorize creates and confirms a PaymentIntent with manual capture for
// the payment method the browser collected. The result is authorized
// (with the hold's deadline), requires_action (3-D Secure; finish it in
// the browser with ClientSecret), or a *payment.DeclineError.
func (g *Gateway) Authorize(
	ctx context.Context, req payment.AuthorizeRequest,
) (payment.Authorization, error) {
	if err := checkAuthorize(req); err != nil {
		return payment.Authorization{}, err
	}

	params, err := authorizeParams(req)
	if err != nil {
		return payment.Authorization{}, err
	}

	if params.Customer == nil && req.SaveForRenewals {
		cus, err := g.createCustomer(ctx, req)
		if err != nil {
			return payment.Authorization{}, err
		}
		params.Customer = stripe.String(cus)
	}

	return g.createIntent(ctx, "authorize", params)
}

// checkAuthorize refuses what must never reach Stripe.
func checkAuthorize(req payment.AuthorizeRequest) error {
	if req.Card != "" || looksLikeCardNumber(req.PaymentMethod) {
		return ErrRawCard
	}
	if req.PaymentMethod == "" {
		return fmt.Errorf("stripe: authorize: %w: a payment method (pm_…) is required", ErrRequestRejected)
	}
	return checkKey(req.IdempotencyKey, ":customer")
}

// looksLikeCardNumber reports a string of 12 or more digits (spaces and
// dashes aside), which is a card number and not a payment method id.
func looksLikeCardNumber(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-':
		default:
			return false
		}
	}
	return digits >= 12
}

// checkKey requires a caller's idempotency key that still fits Stripe's
// limit once suffix is added for a derived call.
func checkKey(key, suffix string) error {
	if strings.TrimSpace(key) == "" {
		return fmt.Errorf("stripe: %w: an idempotency key is required", ErrRequestRejected)
	}
	if len(key)+len(suffix) > maxKeyLen {
		return fmt.Errorf("stripe: %w: idempotency key longer than %d bytes",
			ErrRequestRejected, maxKeyLen-len(suffix))
	}
	return nil
}

// authorizeParams builds the PaymentIntent of a checkout.
func authorizeParams(req payment.AuthorizeRequest) (*stripe.PaymentIntentCreateParams, error) {
	p, err := intentParams(req.Amount, req.IdempotencyKey, req.PaymentMethod, req.Description, req.Metadata)
	if err != nil {
		return nil, err
	}

	p.CaptureMethod = stripe.String(string(stripe.PaymentIntentCaptureMethodManual))
	if req.Customer != "" {
		p.Customer = stripe.String(req.Customer)
	}
	if req.SaveForRenewals {
		p.SetupFutureUsage = stripe.String(string(stripe.PaymentIntentSetupFutureUsageOffSession))
	}
	if req.ReturnURL != "" {
		p.ReturnURL = stripe.String(req.ReturnURL)
	}
	return p, nil
}

// intentParams holds what every PaymentIntent we create shares: confirmed
// at once, card only, our idempotency key.
//
// Limitation: only cards are offered (payment_method_types=card); manual
// capture and the hold deadline (capture_before) are card concepts, so the
// Payment Element must be set up with paymentMethodTypes ['card'].
func intentParams(
	amount money.Money, key, pm, desc string, meta map[string]string,
) (*stripe.PaymentIntentCreateParams, error) {
	if amount.Amount <= 0 {
		return nil, fmt.Errorf("stripe: %w: amount %s must be positive", ErrRequestRejected, amount)
	}
	value, cur, err := toStripe(amount)
	if err != nil {
		return nil, err
	}

	p := &stripe.PaymentIntentCreateParams{
		Amount:             stripe.Int64(value),
		Currency:           stripe.String(cur),
		PaymentMethod:      stripe.String(pm),
		PaymentMethodTypes: stripe.StringSlice([]string{"card"}),
		Confirm:            stripe.Bool(true),
		Metadata:           meta,
	}
	if desc != "" {
		p.Description = stripe.String(desc)
	}
	p.AddExpand(expandCharge)
	p.SetIdempotencyKey(key)
	return p, nil
}

// createCustomer makes the Stripe customer a card is saved on. Its key is
// derived from the authorisation's, so a retry finds the same customer.
//
// Limitation: no lookup by e-mail; the caller must store the returned
// Authorization.Customer and pass it as AuthorizeRequest.Customer next
// time, or each checkout that saves a card makes a new customer.
func (g *Gateway) createCustomer(ctx context.Context, req payment.AuthorizeRequest) (string, error) {
	p := &stripe.CustomerCreateParams{Metadata: req.Metadata}
	if req.Email != "" {
		p.Email = stripe.String(req.Email)
	}
	p.SetIdempotencyKey(req.IdempotencyKey + ":customer")

	cus, err := g.sc.V1Customers.Create(ctx, p)
	if err != nil {
		return "", mapError("create customer", err)
	}

	g.log.InfoContext(ctx, "stripe customer created", "customer", cus.ID)
	return cus.ID, nil
}

// createIntent sends a PaymentIntent create and reads the answer. A
// confirmation that ends in requires_payment_method is a decline even
// when Stripe answered 200.
func (g *Gateway) createIntent(
	ctx context.Context, op string, p *stripe.PaymentIntentCreateParams,
) (payment.Authorization, error) {
	pi, err := g.sc.V1PaymentIntents.Create(ctx, p)
	if err != nil {
		err = mapError(op, err)
		g.logFailure(ctx, op, *p.IdempotencyKey, err)
		return payment.Authorization{}, err
	}

	if pi.Status == stripe.PaymentIntentStatusRequiresPaymentMethod {
		err := fmt.Errorf("stripe: %s: %w", op, lastDecline(pi))
		g.logFailure(ctx, op, *p.IdempotencyKey, err)
		return payment.Authorization{}, err
	}

	a := g.authorization(pi)
	g.log.InfoContext(ctx, "stripe payment intent created", "op", op, "payment_intent", pi.ID,
		"status", string(a.Status), "amount", a.Authorized.String(), "idempotency_key", *p.IdempotencyKey)
	return a, nil
}

// lastDecline reads the decline a PaymentIntent records.
func lastDecline(pi *stripe.PaymentIntent) error {
	d := &payment.DeclineError{Code: "card_declined", Reason: "the payment method was declined"}
	if e := pi.LastPaymentError; e != nil {
		if e.DeclineCode != "" {
			d.Code = string(e.DeclineCode)
		} else if e.Code != "" {
			d.Code = string(e.Code)
		}
		if e.Msg != "" {
			d.Reason = e.Msg
		}
	}
	return &DeclinedIntentError{PaymentIntentID: pi.ID, ClientSecret: pi.ClientSecret, Decline: d}
}
