// Package ratelimit keeps the calls made to a provider account under the
// account's published request rate across every process that shares the
// database: a CLI command beside `serve`, or several `serve` replicas behind
// a load balancer, count against one set of windows.
//
// Each limit is a sliding window ("at most Limit calls in any span of
// Period"). A call is counted in a row of rate_limit_calls inside a
// transaction that holds the account's lock, so two processes can never both
// take the last free place of a window.
package ratelimit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/sqldb"
)

// Window is one limit: at most Limit calls in any span of Period.
type Window struct {
	Period time.Duration
	Limit  int
}

// Shared is the limiter of one provider account, counted in the database.
// It is safe for concurrent use, also from several processes.
type Shared struct {
	db      *sqldb.DB
	account string
	windows []Window
	longest time.Duration
	clock   clock.Clock
	sleep   func(context.Context, time.Duration) error
}

// Option changes a Shared limiter, for tests.
type Option func(*Shared)

// WithClock reads "now" from clk and waits with sleep (a fake clock's
// advance, in tests) instead of a real timer.
func WithClock(clk clock.Clock, sleep func(context.Context, time.Duration) error) Option {
	return func(s *Shared) { s.clock, s.sleep = clk, sleep }
}

// New returns the limiter of the named account ("namecheap:apiuser", say)
// with the given windows, at least one.
func New(db *sqldb.DB, account string, windows []Window, opts ...Option) (*Shared, error) {
	if len(windows) == 0 {
		return nil, fmt.Errorf("ratelimit: %s: no window", account)
	}
	s := &Shared{db: db, account: account, windows: windows, clock: clock.System{}, sleep: sleepTimer}
	for _, w := range windows {
		if w.Period <= 0 || w.Limit <= 0 {
			return nil, fmt.Errorf("ratelimit: %s: window %+v must have a positive period and limit", account, w)
		}
		s.longest = max(s.longest, w.Period)
	}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// Wait blocks until every window of the account has room, then counts the
// call. It returns early with an error when ctx ends or the database fails.
func (s *Shared) Wait(ctx context.Context) error {
	for {
		d, err := s.reserve(ctx)
		if err != nil {
			return fmt.Errorf("ratelimit: %s: %w", s.account, err)
		}
		if d == 0 {
			return nil
		}
		if err := s.sleep(ctx, d); err != nil {
			return fmt.Errorf("ratelimit: %s: %w", s.account, err)
		}
	}
}

// reserve counts a call and returns zero when one may be made now, or
// returns how long to wait before asking again, counting nothing.
func (s *Shared) reserve(ctx context.Context) (time.Duration, error) {
	var wait time.Duration
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := s.lock(ctx, tx); err != nil {
			return err
		}

		now := s.clock.Now()
		var err error
		if wait, err = s.delay(ctx, tx, now); err != nil || wait > 0 {
			return err
		}

		return s.count(ctx, tx, now)
	})
	return wait, err
}

// lock serialises the account's callers until the transaction ends. On
// SQLite every write transaction already holds the database's write lock
// from its start (the connection begins them IMMEDIATE); PostgreSQL locks
// the account's row.
func (s *Shared) lock(ctx context.Context, tx *sqldb.Tx) error {
	if tx.Dialect != sqldb.Postgres {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO rate_limit_accounts (account) VALUES (?) ON CONFLICT (account) DO NOTHING`,
		s.account); err != nil {
		return fmt.Errorf("add account: %w", err)
	}
	var account string
	if err := tx.QueryRow(ctx, `SELECT account FROM rate_limit_accounts WHERE account = ? FOR UPDATE`, s.account).
		Scan(&account); err != nil {
		return fmt.Errorf("lock account: %w", err)
	}
	return nil
}

// delay is how long until every window has room at now; zero when all do.
// A full window has room once the oldest of the calls that fill it leaves.
func (s *Shared) delay(ctx context.Context, tx *sqldb.Tx, now time.Time) (time.Duration, error) {
	var wait time.Duration
	for _, w := range s.windows {
		var at int64
		err := tx.QueryRow(ctx, `SELECT at FROM rate_limit_calls WHERE account = ? AND at > ?
			ORDER BY at DESC LIMIT 1 OFFSET ?`, s.account, micros(now.Add(-w.Period)), w.Limit-1).Scan(&at)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("read window %s: %w", w.Period, err)
		}
		if d := time.UnixMicro(at).Add(w.Period).Sub(now); d > wait {
			wait = d
		}
	}
	if wait == 0 {
		return 0, nil
	}
	return max(wait, time.Millisecond), nil
}

// count records a call at now and forgets calls older than every window.
func (s *Shared) count(ctx context.Context, tx *sqldb.Tx, now time.Time) error {
	if _, err := tx.Exec(ctx, `INSERT INTO rate_limit_calls (account, at) VALUES (?, ?)`,
		s.account, micros(now)); err != nil {
		return fmt.Errorf("count call: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM rate_limit_calls WHERE account = ? AND at <= ?`,
		s.account, micros(now.Add(-s.longest))); err != nil {
		return fmt.Errorf("forget old calls: %w", err)
	}
	return nil
}

func micros(t time.Time) int64 { return t.UnixMicro() }

// sleepTimer waits d or until ctx ends.
func sleepTimer(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()

	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
