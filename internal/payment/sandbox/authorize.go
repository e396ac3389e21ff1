package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/sqldb"
)

// Authorize places a hold for the amount on a raw test card or a payment
// method id. Declined cards return a *payment.DeclineError. With
// SaveForRenewals the card is saved for ChargeSaved and the customer and
// payment method ids come back in the authorisation.
func (g *Gateway) Authorize(ctx context.Context, req payment.AuthorizeRequest) (payment.Authorization, error) {
	if err := checkAmount(req.Amount); err != nil {
		return payment.Authorization{}, err
	}
	if (req.Card == "") == (req.PaymentMethod == "") {
		return payment.Authorization{}, errors.New("payment sandbox: give either a card or a payment method")
	}

	params := struct {
		Op string
		payment.AuthorizeRequest
	}{"authorize", req}
	return g.once(ctx, req.IdempotencyKey, params, func(tx *sqldb.Tx) (payment.Authorization, error) {
		m, err := resolveMethod(ctx, tx, req.Card, req.PaymentMethod, req.Customer)
		if err != nil {
			return payment.Authorization{}, err
		}
		if err := m.B.decline(); err != nil {
			return payment.Authorization{}, err
		}
		if req.SaveForRenewals {
			if m, err = g.save(ctx, tx, m, req.Customer); err != nil {
				return payment.Authorization{}, err
			}
		}

		p := g.newPayment(req.IdempotencyKey, req.Amount, m, payment.StatusAuthorized)
		if err := insertPayment(ctx, tx, p); err != nil {
			return payment.Authorization{}, err
		}
		return p.toAuthorization(g.now()), nil
	})
}

// ChargeSaved charges a saved payment method, or one of Stripe's test
// method ids, and captures at once. The card that fails at capture
// (4000 0000 0000 0341) is declined here with code "card_declined".
func (g *Gateway) ChargeSaved(ctx context.Context, req payment.ChargeRequest) (payment.Authorization, error) {
	if err := checkAmount(req.Amount); err != nil {
		return payment.Authorization{}, err
	}
	if req.Customer == "" || req.PaymentMethod == "" {
		return payment.Authorization{}, errors.New("payment sandbox: a customer and a payment method are required")
	}

	params := struct {
		Op string
		payment.ChargeRequest
	}{"charge_saved", req}
	return g.once(ctx, req.IdempotencyKey, params, func(tx *sqldb.Tx) (payment.Authorization, error) {
		m, err := resolveMethod(ctx, tx, "", req.PaymentMethod, req.Customer)
		if err != nil {
			return payment.Authorization{}, err
		}
		if m.B == cardCaptureFails {
			m.B = cardDeclined
		}
		if err := m.B.decline(); err != nil {
			return payment.Authorization{}, err
		}

		m.Customer = req.Customer
		p := g.newPayment(req.IdempotencyKey, req.Amount, m, payment.StatusCaptured)
		p.Captured = p.Authorized
		if err := insertPayment(ctx, tx, p); err != nil {
			return payment.Authorization{}, err
		}
		return p.toAuthorization(g.now()), nil
	})
}

// resolveMethod finds what a card or payment method id does. A saved
// method must belong to the customer when one is given.
func resolveMethod(ctx context.Context, tx *sqldb.Tx, card, pm, customer string) (savedMethod, error) {
	if card != "" {
		b, last4 := readCard(card)
		return savedMethod{B: b, Last4: last4, Customer: customer}, nil
	}
	if t, ok := testMethods[pm]; ok {
		return savedMethod{ID: pm, B: t.b, Last4: t.last4, Customer: customer}, nil
	}

	m, err := getMethod(ctx, tx, pm)
	if err != nil {
		return m, err
	}
	if customer != "" && m.Customer != customer {
		return m, fmt.Errorf("payment sandbox: payment method %q of another customer: %w", pm, payment.ErrNotFound)
	}
	return m, nil
}

// save keeps the card for off-session charges under the customer (a new
// one when none is given). An already saved method is kept as it is.
func (g *Gateway) save(ctx context.Context, tx *sqldb.Tx, m savedMethod, customer string) (savedMethod, error) {
	if m.Customer == "" {
		m.Customer = customer
	}
	if m.Customer == "" {
		m.Customer = newID("cus_sbx_")
	}
	if _, isTest := testMethods[m.ID]; m.ID != "" && !isTest {
		return m, nil
	}

	m.ID = newID("pm_sbx_")
	return m, insertMethod(ctx, tx, m, g.now())
}

// newPayment builds a payment row for the method.
func (g *Gateway) newPayment(key string, amount money.Money, m savedMethod, status payment.Status) paymentRow {
	now := g.now()
	return paymentRow{
		ID:         newID("pay_sbx_"),
		Key:        sql.NullString{String: key, Valid: key != ""},
		Status:     status,
		Currency:   amount.Currency,
		Authorized: amount.Amount,
		Last4:      m.Last4,
		Behaviour:  m.B,
		Customer:   m.Customer,
		Method:     m.ID,
		Expires:    now.Add(g.opts.AuthTTL),
		Created:    now,
	}
}

// checkAmount refuses amounts that are not positive or have no currency.
func checkAmount(m money.Money) error {
	if m.Amount <= 0 || !money.ValidCurrency(m.Currency) {
		return fmt.Errorf("payment sandbox: amount %s must be positive in an ISO currency", m)
	}
	return nil
}
