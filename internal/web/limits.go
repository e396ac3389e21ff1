package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/proecommerce/domains/internal/ratelimit"
)

// Attempt limits of logins and password resets, per account and per
// address, counted in the database so that every process shares them.
var (
	loginAttempts = ratelimit.Window{Period: 5 * time.Minute, Limit: 10}
	resetAttempts = ratelimit.Window{Period: 15 * time.Minute, Limit: 5}
)

func (s *Server) newLimiters() error {
	var err error
	if s.loginLimiter, err = ratelimit.NewAttempts(s.Store.DB(), "login", loginAttempts, s.Clock); err != nil {
		return fmt.Errorf("web: login limiter: %w", err)
	}
	if s.resetLimiter, err = ratelimit.NewAttempts(s.Store.DB(), "reset", resetAttempts, s.Clock); err != nil {
		return fmt.Errorf("web: reset limiter: %w", err)
	}
	return nil
}

// allow counts an attempt under each key in turn and reports whether all
// are within their limit; it stops at the first refusal. When the count
// cannot be read it refuses, and logs why.
func (s *Server) allow(r *http.Request, l *ratelimit.Attempts, keys ...string) bool {
	for _, key := range keys {
		ok, err := l.Allow(r.Context(), key)
		if err != nil {
			s.Logger.Error("attempt limit unreadable; refusing", slog.Any("err", err))
			return false
		}
		if !ok {
			return false
		}
	}
	return true
}
