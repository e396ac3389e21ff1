package ratelimit_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/ratelimit"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/testdb"
)

var start = time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)

// fakeTime is a fake clock whose sleep moves it, and which remembers each
// wait it was asked for.
type fakeTime struct {
	*clock.Fake
	mu     sync.Mutex
	waits  []time.Duration
	refuse bool
}

func newFakeTime() *fakeTime { return &fakeTime{Fake: clock.NewFake(start)} }

var errWouldWait = errors.New("would wait")

func (f *fakeTime) sleep(_ context.Context, d time.Duration) error {
	f.mu.Lock()
	f.waits = append(f.waits, d)
	refuse := f.refuse
	f.mu.Unlock()
	if refuse {
		return errWouldWait
	}
	f.Advance(d)
	return nil
}

// each runs fn on every engine with two connection pools on one database,
// as two processes would have.
func each(t *testing.T, fn func(t *testing.T, a, b *sqldb.DB)) {
	for _, target := range testdb.Targets(t) {
		t.Run(target.Name, func(t *testing.T) {
			a := testdb.Open(t, target.URL)
			b, err := sqldb.Open(target.URL)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = b.Close() })
			fn(t, a, b)
		})
	}
}

func limiter(t *testing.T, db *sqldb.DB, account string, ft *fakeTime, w ...ratelimit.Window) *ratelimit.Shared {
	t.Helper()
	l, err := ratelimit.New(db, account, w, ratelimit.WithClock(ft, ft.sleep))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestWindowsHoldAcrossProcesses(t *testing.T) {
	each(t, func(t *testing.T, a, b *sqldb.DB) {
		ft := newFakeTime()
		windows := []ratelimit.Window{{Period: time.Minute, Limit: 3}, {Period: time.Hour, Limit: 5}}
		first := limiter(t, a, "namecheap:shop", ft, windows...)
		second := limiter(t, b, "namecheap:shop", ft, windows...)
		ctx := context.Background()

		// Two calls from each process at 10-second steps: the fourth call
		// of the minute waits until the first of them is a minute old.
		for i, l := range []*ratelimit.Shared{first, second, first} {
			if err := l.Wait(ctx); err != nil {
				t.Fatalf("call %d: %v", i, err)
			}
			ft.Advance(10 * time.Second)
		}
		if err := second.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		if len(ft.waits) != 1 || ft.waits[0] != 30*time.Second {
			t.Fatalf("waits %v, want one of 30s (the first call leaving the minute)", ft.waits)
		}

		// The fifth call waits for the second call to leave the minute
		// (at 1m10s); the sixth finds the minute free but the hour full,
		// and goes when the first call is an hour old.
		if err := first.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		if at := ft.Now().Sub(start); at != 70*time.Second {
			t.Fatalf("fifth call at %s, want 1m10s", at)
		}
		if err := second.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		if at := ft.Now().Sub(start); at != time.Hour {
			t.Errorf("sixth call at %s (waits %v), want 1h0m0s", at, ft.waits)
		}
	})
}

func TestAccountsAreSeparate(t *testing.T) {
	each(t, func(t *testing.T, a, b *sqldb.DB) {
		ft := newFakeTime()
		ft.refuse = true
		one := ratelimit.Window{Period: time.Second, Limit: 1}
		ctx := context.Background()

		if err := limiter(t, a, "route53domains", ft, one).Wait(ctx); err != nil {
			t.Fatal(err)
		}
		if err := limiter(t, b, "route53", ft, one).Wait(ctx); err != nil {
			t.Fatalf("another account waited: %v", err)
		}
		if err := limiter(t, b, "route53domains", ft, one).Wait(ctx); !errors.Is(err, errWouldWait) {
			t.Fatalf("a second call in the same second: %v, want a wait", err)
		}
	})
}

// TestConcurrentCallersNeverOvershoot: many callers in two processes race
// for a window of five places; exactly five get one, however they
// interleave.
func TestConcurrentCallersNeverOvershoot(t *testing.T) {
	each(t, func(t *testing.T, a, b *sqldb.DB) {
		ft := newFakeTime()
		ft.refuse = true
		w := ratelimit.Window{Period: time.Hour, Limit: 5}
		la, lb := limiter(t, a, "opensrs:shop", ft, w), limiter(t, b, "opensrs:shop", ft, w)

		var granted, waited atomic.Int32
		var wg sync.WaitGroup
		for i := range 16 {
			l := la
			if i%2 == 1 {
				l = lb
			}
			wg.Go(func() {
				switch err := l.Wait(context.Background()); {
				case err == nil:
					granted.Add(1)
				case errors.Is(err, errWouldWait):
					waited.Add(1)
				default:
					t.Errorf("wait: %v", err)
				}
			})
		}
		wg.Wait()

		if granted.Load() != 5 || waited.Load() != 11 {
			t.Fatalf("granted %d, waited %d; want 5 and 11", granted.Load(), waited.Load())
		}
		var rows int
		if err := a.QueryRow(context.Background(), `SELECT count(*) FROM rate_limit_calls WHERE account = ?`,
			"opensrs:shop").Scan(&rows); err != nil || rows != 5 {
			t.Errorf("%d calls counted (%v), want 5", rows, err)
		}
	})
}

func TestOldCallsAreForgotten(t *testing.T) {
	each(t, func(t *testing.T, a, _ *sqldb.DB) {
		ft := newFakeTime()
		l := limiter(t, a, "route53", ft, ratelimit.Window{Period: time.Second, Limit: 2})
		ctx := context.Background()
		for range 10 {
			if err := l.Wait(ctx); err != nil {
				t.Fatal(err)
			}
			ft.Advance(time.Second)
		}

		var rows int
		if err := a.QueryRow(ctx, `SELECT count(*) FROM rate_limit_calls`).Scan(&rows); err != nil || rows != 1 {
			t.Errorf("%d rows kept (%v), want only the call of the last second", rows, err)
		}
		if len(ft.waits) != 0 {
			t.Errorf("calls a second apart waited %v", ft.waits)
		}
	})
}

func TestBadWindowsAreRefused(t *testing.T) {
	db := testdb.SQLite(t)
	for _, w := range [][]ratelimit.Window{nil, {{Period: 0, Limit: 1}}, {{Period: time.Second, Limit: 0}}} {
		if _, err := ratelimit.New(db, "x", w); err == nil {
			t.Errorf("windows %+v accepted", w)
		}
	}
}

func TestWaitEndsWithTheContext(t *testing.T) {
	db := testdb.SQLite(t)
	l, err := ratelimit.New(db, "x", []ratelimit.Window{{Period: time.Hour, Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	if err := l.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("wait after cancel: %v", err)
	}
}

// TestAttemptsAreCountedAcrossProcesses: ten attempts in five minutes per
// key, whichever process sees them; a refused attempt is not counted, keys
// are separate, and the window slides.
func TestAttemptsAreCountedAcrossProcesses(t *testing.T) {
	each(t, func(t *testing.T, a, b *sqldb.DB) {
		ft := newFakeTime()
		w := ratelimit.Window{Period: 5 * time.Minute, Limit: 3}
		one, err := ratelimit.NewAttempts(a, "login", w, ft)
		must(t, err)
		other, err := ratelimit.NewAttempts(b, "login", w, ft)
		must(t, err)
		ctx := context.Background()

		for i, l := range []*ratelimit.Attempts{one, other, one} {
			if ok, err := l.Allow(ctx, "account:ada@example.com"); !ok || err != nil {
				t.Fatalf("attempt %d refused (%v)", i, err)
			}
			ft.Advance(time.Minute)
		}
		if ok, err := other.Allow(ctx, "account:ada@example.com"); ok || err != nil {
			t.Fatalf("fourth attempt in the window allowed (%v)", err)
		}
		if ok, _ := one.Allow(ctx, "account:bob@example.com"); !ok {
			t.Fatal("another key was refused")
		}

		// Two minutes on, the first attempt has left the window: one more.
		ft.Advance(2 * time.Minute)
		if ok, _ := other.Allow(ctx, "account:ada@example.com"); !ok {
			t.Fatal("an attempt after the first left the window was refused")
		}
		if ok, _ := one.Allow(ctx, "account:ada@example.com"); ok {
			t.Fatal("the window is full again, yet an attempt was allowed")
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
