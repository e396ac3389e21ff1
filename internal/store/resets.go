package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/proecommerce/domains/internal/sqldb"
)

// CreatePasswordReset keeps the hash of a new reset token for the user,
// valid until expires.
func (s *Store) CreatePasswordReset(ctx context.Context, u User, tokenHash string, expires time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO password_resets (id, tenant_id, user_id, token_hash,
		expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)`, NewID("rst"), u.TenantID, u.ID, tokenHash,
		expires.UTC(), s.now())
	if err != nil {
		return fmt.Errorf("store: create password reset: %w", err)
	}
	return nil
}

// ResetPassword spends the reset token with that hash, if it is unused
// and not expired at now, and sets the user's password hash, in one
// transaction: a token works once. It returns the user; an unknown, used
// or expired token is ErrNotFound.
func (s *Store) ResetPassword(ctx context.Context, tokenHash, passwordHash string, now time.Time) (User, error) {
	var u User
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var userID string
		err := tx.QueryRow(ctx, `SELECT user_id FROM password_resets
			WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`, tokenHash, now.UTC()).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("password reset: %w", ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: password reset: %w", err)
		}

		res, err := tx.Exec(ctx, `UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL`,
			now.UTC(), tokenHash)
		if err != nil {
			return fmt.Errorf("store: spend password reset: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("password reset: %w", ErrNotFound)
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, userID); err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		u, err = scanUser(tx.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, userID))
		return err
	})
	return u, err
}
