package ratelimit

import (
	"context"
	"fmt"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/sqldb"
)

// Attempts limits attempts per key (an account, an address) within one
// window, counted in the database so that every process shares the count:
// a password guessed against several replicas is limited as against one.
type Attempts struct {
	db     *sqldb.DB
	prefix string
	window Window
	clock  clock.Clock
}

// NewAttempts allows w.Limit attempts per key in any span of w.Period; the
// keys are counted under prefix ("login", "reset"). A nil clock is the
// system clock.
func NewAttempts(db *sqldb.DB, prefix string, w Window, clk clock.Clock) (*Attempts, error) {
	if w.Period <= 0 || w.Limit <= 0 {
		return nil, fmt.Errorf("ratelimit: %s: window %+v must have a positive period and limit", prefix, w)
	}
	if clk == nil {
		clk = clock.System{}
	}
	return &Attempts{db: db, prefix: prefix, window: w, clock: clk}, nil
}

// Allow counts an attempt for key and reports whether it is within the
// limit; a refused attempt is not counted. When the database fails it
// refuses and returns the error.
func (a *Attempts) Allow(ctx context.Context, key string) (bool, error) {
	s := &Shared{db: a.db, account: a.prefix + ":" + key, windows: []Window{a.window},
		longest: a.window.Period, clock: a.clock}
	wait, err := s.reserve(ctx)
	if err != nil {
		return false, fmt.Errorf("ratelimit: %s: %w", s.account, err)
	}
	return wait == 0, nil
}
