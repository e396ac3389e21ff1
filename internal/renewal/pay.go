package renewal

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/store"
)

// Card is a card the client gives to pay an invoice now instead of the
// saved one: a raw test card number (sandbox gateway only) or a provider
// payment method id. The zero Card means the saved card.
type Card struct {
	Number        string
	PaymentMethod string
}

// Given reports whether a card was given.
func (c Card) Given() bool { return c.Number != "" || c.PaymentMethod != "" }

// attempt is one charge of an invoice: its amount is taken once under Key,
// whatever the number of calls.
type attempt struct {
	Key         string
	Amount      money.Money
	Description string
	Metadata    map[string]string
	OnSession   bool
	Card        Card
}

// take charges an attempt. A given card is authorised then captured at
// once, under keys derived from the attempt's, and once captured saved
// for later renewals, as checkout does; held is called with the
// authorisation before the capture, so the caller records the provider's
// id first.
// A given card the bank asks to confirm (requires_action) is saved when
// the confirmed payment is read back (completeHold).
// Without a card the client's saved card is charged. A refusal is a
// *payment.DeclineError; no card given nor saved is ErrNoSavedCard. The
// answer is captured, or requires_action when the bank asks the card
// holder to confirm.
func (s *Service) take(ctx context.Context, u store.User, a attempt,
	held func(payment.Authorization) error) (payment.Authorization, error) {
	if !a.Card.Given() {
		if u.PaymentCustomer == "" || u.PaymentMethod == "" {
			return payment.Authorization{}, ErrNoSavedCard
		}
		return s.gateway.ChargeSaved(ctx, payment.ChargeRequest{Amount: a.Amount,
			IdempotencyKey: a.Key, Customer: u.PaymentCustomer, PaymentMethod: u.PaymentMethod,
			Description: a.Description, OnSession: a.OnSession, Metadata: a.Metadata})
	}

	auth, err := s.gateway.Authorize(ctx, payment.AuthorizeRequest{Amount: a.Amount,
		IdempotencyKey: a.Key + ":authorize", Card: a.Card.Number,
		PaymentMethod: a.Card.PaymentMethod, Customer: u.PaymentCustomer, Email: u.Email,
		Description: a.Description, SaveForRenewals: true, Metadata: a.Metadata})
	if err != nil || auth.Status != payment.StatusAuthorized {
		return auth, err
	}
	if err := held(auth); err != nil {
		return auth, err
	}
	captured, err := s.gateway.Capture(ctx, auth.ID, a.Amount, captureKey(a.Key))
	if err == nil && captured.Status == payment.StatusCaptured {
		s.saveCard(ctx, u, auth)
	}
	return captured, err
}

// captureKey is the idempotency key of the capture of an attempt's hold.
func captureKey(attemptKey string) string { return attemptKey + ":capture" }

// completeHold finishes an attempt read back from the gateway: a hold
// whose capture was not answered (or that the bank just confirmed) is
// captured under the attempt's key, and the card of a captured payment is
// the client's saved card from then on (it is the saved card already
// unless one was given). A payment in any other state comes back as it is.
func (s *Service) completeHold(ctx context.Context, u store.User, auth payment.Authorization,
	a attempt) (payment.Authorization, error) {
	if auth.Status == payment.StatusAuthorized {
		captured, err := s.gateway.Capture(ctx, auth.ID, a.Amount, captureKey(a.Key))
		if err != nil {
			return captured, err
		}
		auth.Status, auth.Captured = captured.Status, captured.Captured
	}
	if auth.Status == payment.StatusCaptured {
		s.saveCard(ctx, u, auth)
	}
	return auth, nil
}

// saveCard keeps a card the client gave for their later renewals.
func (s *Service) saveCard(ctx context.Context, u store.User, auth payment.Authorization) {
	if auth.Customer == "" || auth.PaymentMethod == "" {
		return
	}
	if err := s.store.SetPaymentProfile(ctx, u.ID, auth.Customer, auth.PaymentMethod); err != nil {
		s.logger.Warn("card not saved for renewals", slog.String("client_id", u.ID),
			slog.Any("err", fmt.Errorf("renewal: %w", err)))
	}
}
