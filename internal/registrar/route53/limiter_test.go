package route53

import (
	"context"
	"testing"
	"time"
)

func TestLimiterWaitsForTokens(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var slept []time.Duration
	l := NewLimiter(2, 2)
	l.now = func() time.Time { return now }
	l.sleep = func(_ context.Context, d time.Duration) error {
		slept = append(slept, d)
		now = now.Add(d)
		return nil
	}

	for range 4 {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}

	want := []time.Duration{500 * time.Millisecond, 500 * time.Millisecond}
	if len(slept) != len(want) || slept[0] != want[0] || slept[1] != want[1] {
		t.Fatalf("slept %v, want %v", slept, want)
	}
}

func TestLimiterHonoursContext(t *testing.T) {
	l := NewLimiter(0.001, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_ = l.Wait(context.Background())
	if err := l.Wait(ctx); err == nil {
		t.Fatal("Wait on a cancelled context with an empty bucket returned nil")
	}
}
