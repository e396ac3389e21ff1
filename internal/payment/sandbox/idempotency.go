package sandbox

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/sqldb"
)

// outcome is a call's answer as stored for replay: an authorisation, a
// decline or a refusal because of the payment's state.
type outcome struct {
	Auth          *payment.Authorization `json:"authorization,omitempty"`
	DeclineCode   string                 `json:"decline_code,omitempty"`
	DeclineReason string                 `json:"decline_reason,omitempty"`
	StateError    string                 `json:"state_error,omitempty"`
}

// result turns a stored outcome back into the call's answer.
func (o outcome) result() (payment.Authorization, error) {
	switch {
	case o.DeclineCode != "":
		return payment.Authorization{}, &payment.DeclineError{Code: o.DeclineCode, Reason: o.DeclineReason}
	case o.StateError != "":
		return payment.Authorization{}, &stateError{msg: o.StateError}
	case o.Auth == nil:
		return payment.Authorization{}, errors.New("payment sandbox: stored answer is empty")
	}
	return *o.Auth, nil
}

// storable turns a call's answer into an outcome; ok is false for errors
// that are not part of the answer (a database failure, a missing payment).
func storable(a payment.Authorization, err error) (outcome, bool) {
	var se *stateError
	if d, ok := payment.IsDecline(err); ok {
		return outcome{DeclineCode: d.Code, DeclineReason: d.Reason}, true
	}
	if errors.As(err, &se) {
		return outcome{StateError: se.msg}, true
	}
	if err != nil {
		return outcome{}, false
	}
	return outcome{Auth: &a}, true
}

// once runs fn in a transaction under an idempotency key: the first answer
// for key is stored with a hash of params and replayed for later calls with
// the same params; other params are refused with ErrKeyReuse. An empty key
// runs fn without any of this.
func (g *Gateway) once(ctx context.Context, key string, params any,
	fn func(tx *sqldb.Tx) (payment.Authorization, error)) (payment.Authorization, error) {
	hash, err := hashParams(params)
	if err != nil {
		return payment.Authorization{}, err
	}

	var answer payment.Authorization
	var answerErr error
	err = g.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if stored, found, err := readRequest(ctx, tx, key); err != nil || found {
			answer, answerErr = replay(stored, hash, err)
			return nil
		}

		answer, answerErr = fn(tx)
		out, ok := storable(answer, answerErr)
		if !ok || key == "" {
			return answerErr
		}
		return writeRequest(ctx, tx, key, hash, out)
	})
	if isUniqueViolation(err) {
		// Another process answered the same key first: replay its answer.
		return g.replayCommitted(ctx, key, hash)
	}
	if err != nil {
		return payment.Authorization{}, err
	}
	return answer, answerErr
}

func (g *Gateway) replayCommitted(ctx context.Context, key, hash string) (payment.Authorization, error) {
	var a payment.Authorization
	var aerr error
	err := g.db.InTx(ctx, func(tx *sqldb.Tx) error {
		stored, _, err := readRequest(ctx, tx, key)
		a, aerr = replay(stored, hash, err)
		return nil
	})
	if err != nil {
		return payment.Authorization{}, err
	}
	return a, aerr
}

type storedRequest struct {
	hash string
	body string
}

func readRequest(ctx context.Context, tx *sqldb.Tx, key string) (storedRequest, bool, error) {
	var s storedRequest
	if key == "" {
		return s, false, nil
	}
	err := tx.QueryRow(ctx, `SELECT request_hash, response_json FROM sandbox_payment_requests
		WHERE key = ?`, key).Scan(&s.hash, &s.body)
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("payment sandbox: read idempotent request: %w", err)
	}
	return s, true, nil
}

func replay(s storedRequest, hash string, err error) (payment.Authorization, error) {
	if err != nil {
		return payment.Authorization{}, err
	}
	if s.hash != hash {
		return payment.Authorization{}, ErrKeyReuse
	}
	var out outcome
	if err := json.Unmarshal([]byte(s.body), &out); err != nil {
		return payment.Authorization{}, fmt.Errorf("payment sandbox: decode stored answer: %w", err)
	}
	return out.result()
}

func writeRequest(ctx context.Context, tx *sqldb.Tx, key, hash string, out outcome) error {
	body, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("payment sandbox: encode answer: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO sandbox_payment_requests (key, request_hash, response_json)
		VALUES (?, ?, ?)`, key, hash, string(body))
	if err != nil {
		return fmt.Errorf("payment sandbox: store idempotent answer: %w", err)
	}
	return nil
}

// hashParams returns a SHA-256 of the call's name and parameters.
func hashParams(params any) (string, error) {
	b, err := json.Marshal(params)
	if err != nil {
		return "", fmt.Errorf("payment sandbox: encode request: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// isUniqueViolation reports whether err is a unique-constraint failure on
// either database.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE ||
			liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}
