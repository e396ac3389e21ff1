package route53

import (
	"context"
	"sync"
	"time"
)

// Limiter is a token bucket shared by every call of one adapter value, so
// concurrent availability checks and order jobs in the same process stay
// under the request rate Route 53 Domains tolerates.
//
// The bucket lives in one process; the product gives the adapter a
// limiter counted in the database instead (Config.Limiter), so that a CLI
// command beside `serve` and several replicas share the account's rate.
type Limiter struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
}

// NewLimiter returns a bucket refilled at perSecond tokens a second that
// holds at most burst tokens; it starts full.
func NewLimiter(perSecond float64, burst int) *Limiter {
	return &Limiter{
		rate:   perSecond,
		burst:  float64(burst),
		tokens: float64(burst),
		now:    time.Now,
		sleep:  sleepCtx,
	}
}

// Wait takes one token, waiting for it when the bucket is empty.
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		d := l.reserve()
		if d <= 0 {
			return nil
		}
		if err := l.sleep(ctx, d); err != nil {
			return err
		}
	}
}

// reserve takes a token and returns zero, or returns how long to wait for
// the next one.
func (l *Limiter) reserve() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()

	now := l.now()
	if !l.last.IsZero() {
		l.tokens += now.Sub(l.last).Seconds() * l.rate
		if l.tokens > l.burst {
			l.tokens = l.burst
		}
	}
	l.last = now

	if l.tokens >= 1 {
		l.tokens--
		return 0
	}
	missing := 1 - l.tokens
	return time.Duration(missing / l.rate * float64(time.Second))
}

// sleepCtx waits d or until ctx ends; a zero d only checks ctx.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()

	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
