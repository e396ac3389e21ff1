package stripegw

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/stripe/stripe-go/v84"

	"github.com/proecommerce/domains/internal/payment"
)

// Errors of this gateway beside the payment package's sentinels.
var (
	// ErrRawCard: a raw card number reached the Stripe gateway. Raw card
	// numbers are never accepted in Stripe mode; the browser turns the card
	// into a payment method (pm_…) with Stripe's Payment Element.
	ErrRawCard = errors.New(
		"stripe: raw card numbers are never accepted in Stripe mode; send a payment method id (pm_…)")
	// ErrRequestRejected: Stripe refused the request as invalid (a bad
	// parameter, an unknown payment method); retrying will not help.
	ErrRequestRejected = errors.New("stripe: request rejected")
	// ErrIdempotencyConflict: an idempotency key was reused with other
	// parameters, a bug in the caller's key derivation.
	ErrIdempotencyConflict = errors.New("stripe: idempotency key reused with different parameters")
	// ErrBadSignature: a webhook's Stripe-Signature header is missing,
	// malformed, wrong or outside the tolerance.
	ErrBadSignature = errors.New("stripe: bad webhook signature")
)

// DeclinedIntentError is a card decline that left a PaymentIntent behind
// (status requires_payment_method); with its client secret the customer can
// come back on-session and confirm it, e.g. after authentication_required.
// It unwraps to the *payment.DeclineError, so payment.IsDecline finds it.
type DeclinedIntentError struct {
	PaymentIntentID string
	ClientSecret    string
	Decline         *payment.DeclineError
}

// Error returns the decline's text; the client secret stays out of it.
func (e *DeclinedIntentError) Error() string { return e.Decline.Error() }

// Unwrap returns the decline.
func (e *DeclinedIntentError) Unwrap() error { return e.Decline }

// invalidStateCodes are Stripe error codes that mean "not in this state".
var invalidStateCodes = map[stripe.ErrorCode]bool{
	stripe.ErrorCodePaymentIntentUnexpectedState:       true,
	stripe.ErrorCodeChargeExpiredForCapture:            true,
	stripe.ErrorCodeCaptureChargeAuthorizationExpired:  true,
	stripe.ErrorCodeChargeAlreadyCaptured:              true,
	stripe.ErrorCodeChargeAlreadyRefunded:              true,
	stripe.ErrorCodeIntentInvalidState:                 true,
	stripe.ErrorCodeCaptureUnauthorizedPayment:         true,
	stripe.ErrorCodePaymentIntentPaymentAttemptExpired: true,
}

// mapError turns a stripe-go error into the payment package's kinds,
// prefixed with the operation. The text never holds the API key or a
// client secret.
func mapError(op string, err error) error {
	var se *stripe.Error
	if !errors.As(err, &se) {
		return fmt.Errorf("stripe: %s: %w: %w", op, payment.ErrProviderDown, err)
	}

	detail := describe(se)
	switch {
	case se.Type == stripe.ErrorTypeCard:
		return fmt.Errorf("stripe: %s: %w", op, declineFrom(se))
	case se.HTTPStatusCode >= 500 || se.HTTPStatusCode == http.StatusTooManyRequests ||
		se.Code == stripe.ErrorCodeIdempotencyKeyInUse || se.Code == stripe.ErrorCodeLockTimeout:
		return fmt.Errorf("stripe: %s: %w: %s", op, payment.ErrProviderDown, detail)
	case se.Type == stripe.ErrorTypeIdempotency:
		return fmt.Errorf("stripe: %s: %w: %s", op, ErrIdempotencyConflict, detail)
	case se.HTTPStatusCode == http.StatusNotFound ||
		(se.Code == stripe.ErrorCodeResourceMissing && se.Param == ""):
		return fmt.Errorf("stripe: %s: %w: %s", op, payment.ErrNotFound, detail)
	case invalidStateCodes[se.Code]:
		return fmt.Errorf("stripe: %s: %w: %s", op, payment.ErrInvalidState, detail)
	case se.HTTPStatusCode == http.StatusUnauthorized || se.HTTPStatusCode == http.StatusForbidden:
		return fmt.Errorf("stripe: %s: %w: the API key was refused (check STRIPE_SECRET_KEY), request %s",
			op, ErrRequestRejected, se.RequestID)
	default:
		return fmt.Errorf("stripe: %s: %w: %s", op, ErrRequestRejected, detail)
	}
}

// describe is a one-line summary of a Stripe error without secrets.
func describe(se *stripe.Error) string {
	s := fmt.Sprintf("%s (http %d, type %s", se.Msg, se.HTTPStatusCode, se.Type)
	if se.Code != "" {
		s += ", code " + string(se.Code)
	}
	if se.Param != "" {
		s += ", param " + se.Param
	}
	if se.RequestID != "" {
		s += ", request " + se.RequestID
	}
	return s + ")"
}

// declineFrom builds the decline of a card error; the code is the issuer's
// decline code when given ("insufficient_funds"), else Stripe's error code
// ("authentication_required", "card_declined").
func declineFrom(se *stripe.Error) error {
	code := string(se.DeclineCode)
	if code == "" {
		code = string(se.Code)
	}
	if se.Code == stripe.ErrorCodeAuthenticationRequired {
		code = string(stripe.ErrorCodeAuthenticationRequired)
	}
	reason := se.Msg
	if reason == "" {
		reason = code
	}

	d := &payment.DeclineError{Code: code, Reason: reason}
	if se.PaymentIntent == nil || se.PaymentIntent.ID == "" {
		return d
	}
	return &DeclinedIntentError{
		PaymentIntentID: se.PaymentIntent.ID,
		ClientSecret:    se.PaymentIntent.ClientSecret,
		Decline:         d,
	}
}
