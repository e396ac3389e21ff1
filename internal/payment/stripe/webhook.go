package stripegw

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v84"
	"github.com/stripe/stripe-go/v84/webhook"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
)

// Event types the gateway reads; subscribe the webhook endpoint to these.
const (
	EventIntentSucceeded         = "payment_intent.succeeded"
	EventIntentCapturableUpdated = "payment_intent.amount_capturable_updated"
	EventIntentCanceled          = "payment_intent.canceled"
	EventIntentPaymentFailed     = "payment_intent.payment_failed"
	EventChargeRefunded          = "charge.refunded"
	EventChargeExpired           = "charge.expired"
)

// EventTypes lists the events the gateway understands, in the order the
// README should list them.
var EventTypes = []string{
	EventIntentCapturableUpdated, EventIntentSucceeded, EventIntentCanceled,
	EventIntentPaymentFailed, EventChargeRefunded, EventChargeExpired,
}

// Event is a verified Stripe event about one of our PaymentIntents.
// Delivery is at least once and in any order: dedupe on ID and re-read the
// PaymentIntent (Gateway.Get) before acting on Status.
type Event struct {
	ID              string
	Type            string
	Created         time.Time
	Livemode        bool
	PaymentIntentID string
	// Status is what the event says the payment became; empty for an event
	// type the gateway does not read.
	Status payment.Status
	// Amount is the event's amount: received for a succeeded intent,
	// capturable for an authorised one, refunded for a refund, else the
	// intent's amount.
	Amount money.Money
}

// Supported reports whether the gateway reads this event type.
func (e Event) Supported() bool { return e.Status != "" }

// VerifyEvent checks the Stripe-Signature header against the raw body
// with the webhook secret and a tolerance on the signed timestamp (from
// the gateway's clock), then parses the event. A missing, malformed, wrong
// or stale signature is ErrBadSignature.
func (g *Gateway) VerifyEvent(payload []byte, sigHeader string) (Event, error) {
	if g.webhookSecret == "" {
		return Event{}, fmt.Errorf("%w: STRIPE_WEBHOOK_SECRET is not configured", ErrBadSignature)
	}
	if err := g.checkTimestamp(sigHeader); err != nil {
		return Event{}, err
	}

	opts := webhook.ConstructEventOptions{IgnoreTolerance: true, IgnoreAPIVersionMismatch: true}
	se, err := webhook.ConstructEventWithOptions(payload, sigHeader, g.webhookSecret, opts)
	switch err {
	case nil:
	case webhook.ErrNotSigned, webhook.ErrInvalidHeader, webhook.ErrNoValidSignature, webhook.ErrTooOld:
		return Event{}, fmt.Errorf("%w: %w", ErrBadSignature, err)
	default:
		return Event{}, fmt.Errorf("stripe: webhook: %w", err)
	}

	return parseEvent(se)
}

// checkTimestamp refuses a signature whose t= is further than the
// tolerance from now, either way. stripe-go's own check reads the wall
// clock, so the gateway's clock is used here instead.
//
// Limitation: the API version of the event is not compared with
// stripe-go's (IgnoreAPIVersionMismatch): only ids, statuses and amounts
// are read, which every version carries, and the intent is re-read anyway.
func (g *Gateway) checkTimestamp(header string) error {
	if header == "" {
		return fmt.Errorf("%w: %w", ErrBadSignature, webhook.ErrNotSigned)
	}

	var ts int64 = -1
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok && k == "t" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return fmt.Errorf("%w: %w", ErrBadSignature, webhook.ErrInvalidHeader)
			}
			ts = n
		}
	}
	if ts < 0 {
		return fmt.Errorf("%w: %w", ErrBadSignature, webhook.ErrInvalidHeader)
	}

	age := g.clock.Now().Sub(time.Unix(ts, 0))
	if age > g.tolerance || age < -g.tolerance {
		return fmt.Errorf("%w: %w (signed %s ago)", ErrBadSignature, webhook.ErrTooOld, age.Round(time.Second))
	}
	return nil
}

// parseEvent reads the PaymentIntent or charge an event carries.
func parseEvent(se stripe.Event) (Event, error) {
	ev := Event{
		ID:       se.ID,
		Type:     string(se.Type),
		Created:  time.Unix(se.Created, 0).UTC(),
		Livemode: se.Livemode,
	}
	if se.Data == nil || len(se.Data.Raw) == 0 {
		return ev, nil
	}

	var err error
	switch ev.Type {
	case EventIntentSucceeded, EventIntentCapturableUpdated, EventIntentCanceled, EventIntentPaymentFailed:
		err = fillFromIntent(&ev, se.Data.Raw)
	case EventChargeRefunded, EventChargeExpired:
		err = fillFromCharge(&ev, se.Data.Raw)
	}
	if err != nil {
		return Event{}, fmt.Errorf("stripe: webhook %s (%s): %w", ev.ID, ev.Type, err)
	}
	return ev, nil
}

func fillFromIntent(ev *Event, raw json.RawMessage) error {
	var pi stripe.PaymentIntent
	if err := json.Unmarshal(raw, &pi); err != nil {
		return err
	}
	cur := string(pi.Currency)
	ev.PaymentIntentID = pi.ID

	switch ev.Type {
	case EventIntentSucceeded:
		// latest_charge is not expanded in events, so refunds are not seen.
		ev.Status = succeededStatus(pi.Amount, pi.AmountReceived, 0)
		ev.Amount = fromStripe(pi.AmountReceived, cur)
	case EventIntentCapturableUpdated:
		ev.Status = payment.StatusAuthorized
		ev.Amount = fromStripe(pi.AmountCapturable, cur)
	case EventIntentCanceled:
		ev.Status = canceledStatus(pi.CancellationReason)
		ev.Amount = fromStripe(pi.Amount, cur)
	case EventIntentPaymentFailed:
		ev.Status = payment.StatusDeclined
		ev.Amount = fromStripe(pi.Amount, cur)
	}
	return nil
}

func fillFromCharge(ev *Event, raw json.RawMessage) error {
	var ch stripe.Charge
	if err := json.Unmarshal(raw, &ch); err != nil {
		return err
	}
	cur := string(ch.Currency)
	if ch.PaymentIntent != nil {
		ev.PaymentIntentID = ch.PaymentIntent.ID
	}

	switch ev.Type {
	case EventChargeExpired:
		ev.Status = payment.StatusExpired
		ev.Amount = fromStripe(ch.Amount, cur)
	case EventChargeRefunded:
		refunded := refundedAmount(&ch)
		ev.Status = payment.StatusPartiallyRefunded
		if refunded >= ch.AmountCaptured {
			ev.Status = payment.StatusRefunded
		}
		ev.Amount = fromStripe(refunded, cur)
	}
	return nil
}
