// Package payment defines the contract of a payment gateway: authorise a
// card, capture part or all of it once, void the rest, refund, and charge a
// saved card off-session for renewals.
package payment

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/proecommerce/domains/internal/money"
)

// Gateway is a payment provider account.
//
// Every call that moves money carries an idempotency key derived by the
// caller from its own record and the step ("item_123:capture"); a retry
// with the same key must return the first answer and never move money
// twice. A key is never reused with other parameters.
type Gateway interface {
	// Name is the adapter's identifier: "sandbox" or "stripe".
	Name() string
	// Authorize places a hold for the amount on the payment method.
	// A declined card returns a *DeclineError.
	Authorize(ctx context.Context, req AuthorizeRequest) (Authorization, error)
	// Capture takes amount (at most the authorised amount) from the
	// authorisation and releases the rest. An authorisation is captured at
	// most once.
	Capture(ctx context.Context, id string, amount money.Money, key string) (Authorization, error)
	// Void releases the whole authorisation.
	Void(ctx context.Context, id, key string) (Authorization, error)
	// Refund returns amount of a captured payment to the card.
	Refund(ctx context.Context, id string, amount money.Money, key string) (Authorization, error)
	// Get reads the authorisation's current state at the provider.
	Get(ctx context.Context, id string) (Authorization, error)
	// ChargeSaved charges a saved payment method without the customer
	// present (renewals), capturing at once.
	ChargeSaved(ctx context.Context, req ChargeRequest) (Authorization, error)
}

// Status is the state of a payment, as the JSON API names it.
type Status string

// Payment statuses.
const (
	StatusAuthorized        Status = "authorized"
	StatusCaptured          Status = "captured"
	StatusPartiallyCaptured Status = "partially_captured"
	StatusVoided            Status = "voided"
	StatusRefunded          Status = "refunded"
	StatusPartiallyRefunded Status = "partially_refunded"
	StatusDeclined          Status = "declined"
	StatusExpired           Status = "expired"
	// StatusRequiresAction: the customer must authenticate (3-D Secure)
	// before the authorisation holds.
	StatusRequiresAction Status = "requires_action"
)

// AuthorizeRequest asks for a hold.
type AuthorizeRequest struct {
	Amount         money.Money
	IdempotencyKey string
	// Card is a raw test card number; only the sandbox accepts it.
	Card string
	// PaymentMethod is a provider payment method id ("pm_…").
	PaymentMethod string
	// Customer is the provider's customer id, when known.
	Customer    string
	Email       string
	Description string
	// SaveForRenewals asks the provider to keep the method for off-session
	// charges.
	SaveForRenewals bool
	// ReturnURL is where the customer returns after authentication.
	ReturnURL string
	Metadata  map[string]string
}

// ChargeRequest charges a saved method off-session.
type ChargeRequest struct {
	Amount         money.Money
	IdempotencyKey string
	Customer       string
	PaymentMethod  string
	Description    string
	Metadata       map[string]string
	// OnSession is set when the customer is present (paying in the
	// portal): the bank may then ask them to authenticate, answered as
	// StatusRequiresAction with a ClientSecret. Otherwise the charge is
	// off session and such a bank declines.
	OnSession bool
}

// Authorization is a payment's state at the provider.
type Authorization struct {
	ID         string
	Status     Status
	Authorized money.Money
	Captured   money.Money
	Refunded   money.Money
	// ExpiresAt is when an uncaptured hold lapses, as the provider reports it.
	ExpiresAt time.Time
	Customer  string
	// PaymentMethod is the method used, for saving.
	PaymentMethod string
	// ClientSecret lets the browser finish authentication when Status is
	// StatusRequiresAction.
	ClientSecret string
}

// DeclineError is a refusal by the card issuer or the gateway.
type DeclineError struct {
	Code   string
	Reason string
}

func (e *DeclineError) Error() string {
	return fmt.Sprintf("payment declined: %s", e.Reason)
}

// Errors gateways return; wrap them with context.
var (
	// ErrNotFound: no such payment at the provider.
	ErrNotFound = errors.New("payment: not found")
	// ErrInvalidState: the payment cannot do that now (capture after void,
	// a second capture, an expired authorisation).
	ErrInvalidState = errors.New("payment: invalid state")
	// ErrProviderDown: the provider failed or did not answer; the call may
	// or may not have taken effect.
	ErrProviderDown = errors.New("payment: provider unavailable")
)

// IsDecline reports whether err is a card refusal and returns it.
func IsDecline(err error) (*DeclineError, bool) {
	var d *DeclineError
	ok := errors.As(err, &d)
	return d, ok
}
