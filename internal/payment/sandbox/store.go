package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/sqldb"
)

// paymentRow is one row of sandbox_payments. Amounts are minor units.
type paymentRow struct {
	ID         string
	Key        sql.NullString
	Status     payment.Status
	Currency   string
	Authorized int64
	Captured   int64
	Refunded   int64
	Last4      string
	Behaviour  behaviour
	Customer   string
	Method     string
	Expires    time.Time
	Created    time.Time
}

const paymentColumns = `id, idempotency_key, status, currency, authorized, captured, refunded,
	card_last4, behaviour, customer, payment_method, expires_at, created_at`

// rowQuerier is what both *sqldb.DB and *sqldb.Tx offer for reads.
type rowQuerier interface {
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
}

// getPayment reads one payment; a missing one wraps payment.ErrNotFound.
func getPayment(ctx context.Context, tx rowQuerier, id string) (paymentRow, error) {
	var p paymentRow
	err := tx.QueryRow(ctx, `SELECT `+paymentColumns+` FROM sandbox_payments WHERE id = ?`, id).
		Scan(&p.ID, &p.Key, &p.Status, &p.Currency, &p.Authorized, &p.Captured, &p.Refunded,
			&p.Last4, &p.Behaviour, &p.Customer, &p.Method, &p.Expires, &p.Created)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("payment sandbox: payment %q: %w", id, payment.ErrNotFound)
	}
	if err != nil {
		return p, fmt.Errorf("payment sandbox: read payment %s: %w", id, err)
	}
	p.Expires, p.Created = p.Expires.UTC(), p.Created.UTC()
	return p, nil
}

func insertPayment(ctx context.Context, tx *sqldb.Tx, p paymentRow) error {
	_, err := tx.Exec(ctx, `INSERT INTO sandbox_payments (`+paymentColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.Key, string(p.Status), p.Currency, p.Authorized, p.Captured, p.Refunded,
		p.Last4, string(p.Behaviour), p.Customer, p.Method, p.Expires, p.Created)
	if err != nil {
		return fmt.Errorf("payment sandbox: insert payment: %w", err)
	}
	return nil
}

// updateAmounts writes a new status and amounts if the row still holds the
// status and refunded amount it was read with; else another call won.
func updateAmounts(ctx context.Context, tx *sqldb.Tx, old, p paymentRow) error {
	res, err := tx.Exec(ctx, `UPDATE sandbox_payments SET status = ?, captured = ?, refunded = ?
		WHERE id = ? AND status = ? AND refunded = ?`,
		string(p.Status), p.Captured, p.Refunded, p.ID, string(old.Status), old.Refunded)
	if err != nil {
		return fmt.Errorf("payment sandbox: update payment %s: %w", p.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return &stateError{msg: "the payment changed meanwhile; read it again"}
	}
	return nil
}

// state is the row's status as of now: an uncaptured authorisation past its
// deadline reads as expired.
//
// Limitation: expiry is worked out on every read and never written back, so
// the stored status of a lapsed hold stays "authorized"; read payments
// through the gateway, not the table.
func (p paymentRow) state(now time.Time) payment.Status {
	if p.Status == payment.StatusAuthorized && !now.Before(p.Expires) {
		return payment.StatusExpired
	}
	return p.Status
}

// toAuthorization converts a row as of now.
func (p paymentRow) toAuthorization(now time.Time) payment.Authorization {
	return payment.Authorization{
		ID:            p.ID,
		Status:        p.state(now),
		Authorized:    money.New(p.Authorized, p.Currency),
		Captured:      money.New(p.Captured, p.Currency),
		Refunded:      money.New(p.Refunded, p.Currency),
		ExpiresAt:     p.Expires,
		Customer:      p.Customer,
		PaymentMethod: p.Method,
	}
}

// savedMethod is one row of sandbox_payment_methods.
type savedMethod struct {
	ID       string
	Customer string
	B        behaviour
	Last4    string
}

func getMethod(ctx context.Context, tx rowQuerier, id string) (savedMethod, error) {
	var m savedMethod
	err := tx.QueryRow(ctx, `SELECT id, customer, behaviour, card_last4
		FROM sandbox_payment_methods WHERE id = ?`, id).Scan(&m.ID, &m.Customer, &m.B, &m.Last4)
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("payment sandbox: payment method %q: %w", id, payment.ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("payment sandbox: read payment method: %w", err)
	}
	return m, nil
}

func insertMethod(ctx context.Context, tx *sqldb.Tx, m savedMethod, at time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO sandbox_payment_methods
		(id, customer, behaviour, card_last4, created_at) VALUES (?, ?, ?, ?, ?)`,
		m.ID, m.Customer, string(m.B), m.Last4, at)
	if err != nil {
		return fmt.Errorf("payment sandbox: save payment method: %w", err)
	}
	return nil
}
