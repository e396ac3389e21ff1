package auth

import (
	"sync"
	"time"

	"github.com/proecommerce/domains/internal/clock"
)

// Limiter allows a number of attempts per key (an account, an address)
// within a window, so passwords cannot be guessed quickly.
//
// Limitation: counts live in process memory, so with several serve
// processes each allows its own share; a shared table would be exact.
type Limiter struct {
	mu     sync.Mutex
	clock  clock.Clock
	max    int
	window time.Duration
	hits   map[string][]time.Time
}

// NewLimiter allows max attempts per key in each window.
func NewLimiter(clk clock.Clock, max int, window time.Duration) *Limiter {
	return &Limiter{clock: clk, max: max, window: window, hits: map[string][]time.Time{}}
}

// Allow records an attempt for key and reports whether it is within limits.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()

	now := l.clock.Now()
	recent := l.hits[key][:0]
	for _, t := range l.hits[key] {
		if now.Sub(t) < l.window {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.max {
		l.hits[key] = recent
		return false
	}
	l.hits[key] = append(recent, now)
	return true
}
