package namecheap

import (
	"context"
	"fmt"
	"time"

	"github.com/proecommerce/domains/internal/sqldb"
)

// reserveDB counts a call in the database and returns 0 when one may be
// made now, else the time to wait before asking again. The account's
// calls are read and written in one transaction that holds the account's
// lock, so two processes cannot both take the last place in a window.
func (l *Limiter) reserveDB(ctx context.Context) (time.Duration, error) {
	now := l.clock.Now().UTC()
	var wait time.Duration
	err := l.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := l.lockAccount(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM registrar_calls WHERE account = ? AND at <= ?`,
			l.account, now.Add(-l.longest())); err != nil {
			return fmt.Errorf("prune calls: %w", err)
		}

		var err error
		if wait, err = l.dbDelay(ctx, tx, now); err != nil || wait > 0 {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO registrar_calls (account, at) VALUES (?, ?)`,
			l.account, now); err != nil {
			return fmt.Errorf("count call: %w", err)
		}
		return nil
	})
	return wait, err
}

// lockAccount takes the account's row lock on PostgreSQL; a SQLite
// transaction already has the database to itself.
func (l *Limiter) lockAccount(ctx context.Context, tx *sqldb.Tx) error {
	if l.db.Dialect != sqldb.Postgres {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO registrar_call_locks (account) VALUES (?)
		ON CONFLICT (account) DO NOTHING`, l.account); err != nil {
		return fmt.Errorf("lock account: %w", err)
	}
	var account string
	if err := tx.QueryRow(ctx, `SELECT account FROM registrar_call_locks WHERE account = ? FOR UPDATE`,
		l.account).Scan(&account); err != nil {
		return fmt.Errorf("lock account: %w", err)
	}
	return nil
}

// dbDelay is delayLocked over the calls stored for the account.
func (l *Limiter) dbDelay(ctx context.Context, tx *sqldb.Tx, now time.Time) (time.Duration, error) {
	var wait time.Duration
	for _, w := range l.windows {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM registrar_calls WHERE account = ? AND at > ?`,
			l.account, now.Add(-w.Period)).Scan(&n); err != nil {
			return 0, fmt.Errorf("count calls: %w", err)
		}
		if n < w.Limit {
			continue
		}
		// The window has room once the oldest call that keeps it full leaves.
		var oldest time.Time
		if err := tx.QueryRow(ctx, `SELECT at FROM registrar_calls WHERE account = ? AND at > ?
			ORDER BY at DESC LIMIT 1 OFFSET ?`, l.account, now.Add(-w.Period), w.Limit-1).Scan(&oldest); err != nil {
			return 0, fmt.Errorf("oldest call: %w", err)
		}
		wait = max(wait, oldest.Add(w.Period).Sub(now))
	}
	if wait <= 0 {
		return 0, nil
	}
	return max(wait, time.Millisecond), nil
}

// longest is the longest window.
func (l *Limiter) longest() time.Duration {
	var d time.Duration
	for _, w := range l.windows {
		d = max(d, w.Period)
	}
	return d
}
