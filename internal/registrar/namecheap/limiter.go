package namecheap

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/proecommerce/domains/internal/clock"
)

// Window is one rate limit: at most Limit calls in any span of Period.
type Window struct {
	Period time.Duration
	Limit  int
}

// Windows are Namecheap's published limits per account.
var Windows = []Window{
	{Period: time.Minute, Limit: 20},
	{Period: time.Hour, Limit: 700},
	{Period: 24 * time.Hour, Limit: 8000},
}

// Limiter keeps calls under Namecheap's limits. It remembers the time of each
// call of the last day (at most 8000 instants) and makes a caller wait until
// every window has room.
//
// Its windows live in one process, which suits tests and a lone process;
// the product gives the adapter a limiter counted in the database instead
// (Config.Limiter), so replicas and a CLI command beside serve share the
// account's limits.
type Limiter struct {
	mu      sync.Mutex
	clock   clock.Clock
	sleep   func(ctx context.Context, d time.Duration) error
	windows []Window
	calls   []time.Time
}

// NewLimiter returns a limiter on Namecheap's windows. A nil clock is the
// system clock; a nil sleep waits on a real timer. Tests pass a fake clock and
// a sleep that advances it.
func NewLimiter(clk clock.Clock, sleep func(context.Context, time.Duration) error) *Limiter {
	if clk == nil {
		clk = clock.System{}
	}
	if sleep == nil {
		sleep = sleepTimer
	}
	return &Limiter{clock: clk, sleep: sleep, windows: Windows}
}

var (
	sharedMu       sync.Mutex
	sharedLimiters = map[string]*Limiter{}
)

// SharedLimiter returns the process-wide limiter of a Namecheap account, so
// that every job of the process counts against the same limits. New keys it
// by endpoint and API user.
func SharedLimiter(account string) *Limiter {
	sharedMu.Lock()
	defer sharedMu.Unlock()

	l, ok := sharedLimiters[account]
	if !ok {
		l = NewLimiter(nil, nil)
		sharedLimiters[account] = l
	}
	return l
}

// Wait blocks until a call may be made, then counts it.
func (l *Limiter) Wait(ctx context.Context) error {
	for {
		d := l.reserve()
		if d == 0 {
			return nil
		}
		if err := l.sleep(ctx, d); err != nil {
			return fmt.Errorf("namecheap limiter: %w", err)
		}
	}
}

// Delay reports how long a call made now would wait, without counting one.
func (l *Limiter) Delay() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.delayLocked(l.clock.Now())
}

// reserve counts a call and returns 0 when one may be made now, else the time
// to wait before asking again.
func (l *Limiter) reserve() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()

	now := l.clock.Now()
	if d := l.delayLocked(now); d > 0 {
		return d
	}
	l.calls = append(l.calls, now)
	return 0
}

func (l *Limiter) delayLocked(now time.Time) time.Duration {
	l.prune(now)

	var wait time.Duration
	for _, w := range l.windows {
		// calls[i:] are the calls inside the window ending now.
		i := sort.Search(len(l.calls), func(i int) bool {
			return l.calls[i].After(now.Add(-w.Period))
		})
		if len(l.calls)-i < w.Limit {
			continue
		}
		// The window has room once the oldest call that keeps it full leaves.
		oldest := l.calls[len(l.calls)-w.Limit]
		if d := oldest.Add(w.Period).Sub(now); d > wait {
			wait = d
		}
	}
	if wait == 0 {
		return 0
	}
	return max(wait, time.Millisecond)
}

// prune drops calls older than the longest window.
func (l *Limiter) prune(now time.Time) {
	var longest time.Duration
	for _, w := range l.windows {
		longest = max(longest, w.Period)
	}

	i := sort.Search(len(l.calls), func(i int) bool {
		return l.calls[i].After(now.Add(-longest))
	})
	if i > 0 {
		l.calls = append(l.calls[:0], l.calls[i:]...)
	}
}

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
