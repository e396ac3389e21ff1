package sandbox

import (
	"context"
	"fmt"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/sqldb"
)

// Capture takes amount from an authorisation once and releases the rest:
// the payment is then captured (all of it) or partially_captured. A capture
// of zero is refused (void instead), as are a second capture and a capture
// of an expired authorisation (payment.ErrInvalidState). The card
// 4000 0000 0000 0341 fails here with a *payment.DeclineError of code
// "capture_failed" and stays authorised, so it can still be voided.
func (g *Gateway) Capture(ctx context.Context, id string, amount money.Money,
	key string) (payment.Authorization, error) {
	if amount.Amount <= 0 {
		return payment.Authorization{}, &stateError{msg: "a capture must be of more than zero; void instead"}
	}

	params := struct {
		Op, ID string
		Amount money.Money
	}{"capture", id, amount}
	return g.once(ctx, key, params, func(tx *sqldb.Tx) (payment.Authorization, error) {
		p, err := g.capturable(ctx, tx, id, amount)
		if err != nil {
			return payment.Authorization{}, err
		}
		if p.Behaviour == cardCaptureFails {
			return payment.Authorization{}, &payment.DeclineError{Code: "capture_failed",
				Reason: "the card issuer refused the capture"}
		}

		next := p
		next.Captured, next.Status = amount.Amount, payment.StatusCaptured
		if amount.Amount < p.Authorized {
			next.Status = payment.StatusPartiallyCaptured
		}
		if err := updateAmounts(ctx, tx, p, next); err != nil {
			return payment.Authorization{}, err
		}
		return next.toAuthorization(g.now()), nil
	})
}

// capturable reads a payment that can be captured for amount now.
func (g *Gateway) capturable(ctx context.Context, tx *sqldb.Tx, id string, amount money.Money) (paymentRow, error) {
	p, err := getPayment(ctx, tx, id)
	if err != nil {
		return p, err
	}
	if amount.Currency != p.Currency {
		return p, &stateError{msg: fmt.Sprintf("the payment is in %s, not %s", p.Currency, amount.Currency)}
	}
	if st := p.state(g.now()); st != payment.StatusAuthorized {
		return p, &stateError{msg: fmt.Sprintf("the payment is %s and cannot be captured", st)}
	}
	if amount.Amount > p.Authorized {
		return p, &stateError{msg: fmt.Sprintf("cannot capture %s: %s is authorised",
			amount, money.New(p.Authorized, p.Currency))}
	}
	return p, nil
}

// Void releases a whole authorisation that is still held.
func (g *Gateway) Void(ctx context.Context, id, key string) (payment.Authorization, error) {
	params := struct{ Op, ID string }{"void", id}
	return g.once(ctx, key, params, func(tx *sqldb.Tx) (payment.Authorization, error) {
		p, err := getPayment(ctx, tx, id)
		if err != nil {
			return payment.Authorization{}, err
		}
		if st := p.state(g.now()); st != payment.StatusAuthorized {
			return payment.Authorization{}, &stateError{msg: fmt.Sprintf("the payment is %s and cannot be voided", st)}
		}

		next := p
		next.Status = payment.StatusVoided
		if err := updateAmounts(ctx, tx, p, next); err != nil {
			return payment.Authorization{}, err
		}
		return next.toAuthorization(g.now()), nil
	})
}

// Refund returns amount of what was captured: the payment becomes refunded
// when all of it is returned, else partially_refunded.
func (g *Gateway) Refund(ctx context.Context, id string, amount money.Money,
	key string) (payment.Authorization, error) {
	if amount.Amount <= 0 {
		return payment.Authorization{}, &stateError{msg: "a refund must be of more than zero"}
	}

	params := struct {
		Op, ID string
		Amount money.Money
	}{"refund", id, amount}
	return g.once(ctx, key, params, func(tx *sqldb.Tx) (payment.Authorization, error) {
		p, err := getPayment(ctx, tx, id)
		if err != nil {
			return payment.Authorization{}, err
		}
		if err := refundable(p, amount); err != nil {
			return payment.Authorization{}, err
		}

		next := p
		next.Refunded += amount.Amount
		next.Status = payment.StatusPartiallyRefunded
		if next.Refunded == p.Captured {
			next.Status = payment.StatusRefunded
		}
		if err := updateAmounts(ctx, tx, p, next); err != nil {
			return payment.Authorization{}, err
		}
		return next.toAuthorization(g.now()), nil
	})
}

// refundable checks that amount can be refunded from p.
func refundable(p paymentRow, amount money.Money) error {
	switch p.Status {
	case payment.StatusCaptured, payment.StatusPartiallyCaptured, payment.StatusPartiallyRefunded:
	default:
		return &stateError{msg: fmt.Sprintf("the payment is %s and cannot be refunded", p.Status)}
	}
	if amount.Currency != p.Currency {
		return &stateError{msg: fmt.Sprintf("the payment is in %s, not %s", p.Currency, amount.Currency)}
	}
	if left := p.Captured - p.Refunded; amount.Amount > left {
		return &stateError{msg: fmt.Sprintf("cannot refund %s: %s is left to refund",
			amount, money.New(left, p.Currency))}
	}
	return nil
}

// Get reads a payment as of now; an uncaptured authorisation past its
// deadline reads as expired.
func (g *Gateway) Get(ctx context.Context, id string) (payment.Authorization, error) {
	p, err := getPayment(ctx, g.db, id)
	if err != nil {
		return payment.Authorization{}, err
	}
	return p.toAuthorization(g.now()), nil
}
