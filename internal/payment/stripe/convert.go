package stripegw

import (
	"time"

	"github.com/stripe/stripe-go/v84"

	"github.com/proecommerce/domains/internal/payment"
)

// StatusProcessing is a PaymentIntent Stripe is still working on; cards
// rarely show it, other payment methods do. Look again later.
const StatusProcessing payment.Status = "processing"

// defaultHoldLifetime is how long an online card hold lasts when the charge
// does not say (Stripe cancels uncaptured PaymentIntents after 7 days).
const defaultHoldLifetime = 7 * 24 * time.Hour

// authorization reads a PaymentIntent (with latest_charge expanded when
// available) into our payment state.
func (g *Gateway) authorization(pi *stripe.PaymentIntent) payment.Authorization {
	cur := string(pi.Currency)
	a := payment.Authorization{
		ID:         pi.ID,
		Authorized: fromStripe(pi.Amount, cur),
		Captured:   fromStripe(pi.AmountReceived, cur),
		Refunded:   fromStripe(refundedAmount(pi.LatestCharge), cur),
	}
	if pi.Customer != nil {
		a.Customer = pi.Customer.ID
	}
	if pi.PaymentMethod != nil {
		a.PaymentMethod = pi.PaymentMethod.ID
	}

	a.Status = intentStatus(pi)
	switch a.Status {
	case payment.StatusAuthorized:
		if pi.AmountCapturable > 0 {
			a.Authorized = fromStripe(pi.AmountCapturable, cur)
		}
		a.ExpiresAt = g.holdDeadline(pi)
	case payment.StatusRequiresAction:
		a.ClientSecret = pi.ClientSecret
	}
	return a
}

// intentStatus maps a PaymentIntent's status onto ours.
func intentStatus(pi *stripe.PaymentIntent) payment.Status {
	switch pi.Status {
	case stripe.PaymentIntentStatusRequiresCapture:
		return payment.StatusAuthorized
	case stripe.PaymentIntentStatusRequiresAction, stripe.PaymentIntentStatusRequiresConfirmation:
		return payment.StatusRequiresAction
	case stripe.PaymentIntentStatusRequiresPaymentMethod:
		return payment.StatusDeclined
	case stripe.PaymentIntentStatusCanceled:
		return canceledStatus(pi.CancellationReason)
	case stripe.PaymentIntentStatusSucceeded:
		return succeededStatus(pi.Amount, pi.AmountReceived, refundedAmount(pi.LatestCharge))
	default:
		return StatusProcessing
	}
}

// canceledStatus tells a hold that lapsed (Stripe cancelled it) from one we
// or someone released.
func canceledStatus(reason stripe.PaymentIntentCancellationReason) payment.Status {
	switch reason {
	case stripe.PaymentIntentCancellationReasonAutomatic, stripe.PaymentIntentCancellationReasonExpired:
		return payment.StatusExpired
	default:
		return payment.StatusVoided
	}
}

// succeededStatus places a captured payment among captured, partially
// captured and (partially) refunded.
func succeededStatus(amount, received, refunded int64) payment.Status {
	switch {
	case refunded > 0 && refunded >= received:
		return payment.StatusRefunded
	case refunded > 0:
		return payment.StatusPartiallyRefunded
	case received < amount:
		return payment.StatusPartiallyCaptured
	default:
		return payment.StatusCaptured
	}
}

// refundedAmount is what was given back after capture. Stripe counts the
// part of a hold released by a partial capture (or a cancel) in the
// charge's amount_refunded, so that part is taken out.
//
// Limitation: this follows Stripe's documented partial-capture behaviour
// ("the remainder is refunded"); it was not checked against live test mode.
func refundedAmount(ch *stripe.Charge) int64 {
	if ch == nil {
		return 0
	}
	released := ch.Amount
	if ch.Captured {
		released = ch.Amount - ch.AmountCaptured
	}
	return max(ch.AmountRefunded-released, 0)
}

// holdDeadline is when an uncaptured hold lapses: the card's
// capture_before when the charge reports it, else seven days after the
// PaymentIntent was made.
func (g *Gateway) holdDeadline(pi *stripe.PaymentIntent) time.Time {
	ch := pi.LatestCharge
	if ch != nil && ch.PaymentMethodDetails != nil && ch.PaymentMethodDetails.Card != nil &&
		ch.PaymentMethodDetails.Card.CaptureBefore > 0 {
		return time.Unix(ch.PaymentMethodDetails.Card.CaptureBefore, 0).UTC()
	}

	created := g.clock.Now()
	if pi.Created > 0 {
		created = time.Unix(pi.Created, 0).UTC()
	}
	return created.Add(defaultHoldLifetime)
}
