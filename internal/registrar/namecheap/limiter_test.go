package namecheap

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
)

// fakeSleeper records the waits a limiter asks for and moves the clock.
type fakeSleeper struct {
	clk   *clock.Fake
	waits []time.Duration
}

func (s *fakeSleeper) sleep(_ context.Context, d time.Duration) error {
	s.waits = append(s.waits, d)
	s.clk.Advance(d)
	return nil
}

func TestLimiterBlocksTheTwentyFirstCallInAMinute(t *testing.T) {
	clk := clock.NewFake(testEpoch)
	s := &fakeSleeper{clk: clk}
	l := NewLimiter(clk, s.sleep)
	ctx := context.Background()

	for i := range 20 {
		if err := l.Wait(ctx); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		clk.Advance(time.Second)
	}
	if len(s.waits) != 0 {
		t.Fatalf("first 20 calls waited: %v", s.waits)
	}

	// 20 s have passed since the first call: the 21st waits the other 40 s.
	if err := l.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if len(s.waits) != 1 || s.waits[0] != 40*time.Second {
		t.Fatalf("waits = %v, want [40s]", s.waits)
	}
	if got := clk.Now().Sub(testEpoch); got != time.Minute {
		t.Errorf("21st call made at +%v, want +1m", got)
	}
}

func TestLimiterHourlyWindow(t *testing.T) {
	clk := clock.NewFake(testEpoch)
	s := &fakeSleeper{clk: clk}
	l := NewLimiter(clk, s.sleep)
	ctx := context.Background()

	// One call every 3 s stays under 20/min; 700 of them take 35 minutes.
	for range 700 {
		if err := l.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		clk.Advance(3 * time.Second)
	}
	if len(s.waits) != 0 {
		t.Fatalf("calls under the limits waited: %d times", len(s.waits))
	}

	if err := l.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if got := clk.Now().Sub(testEpoch); got != time.Hour {
		t.Errorf("701st call made at +%v, want +1h", got)
	}
	if d := l.Delay(); d <= 0 {
		t.Errorf("Delay right after = %v, want a wait", d)
	}
}

func TestLimiterWaitStopsOnContext(t *testing.T) {
	clk := clock.NewFake(testEpoch)
	l := NewLimiter(clk, nil)
	for range 20 {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Wait(ctx); err == nil {
		t.Fatal("Wait on a full window with a cancelled context returned nil")
	}
}

func TestSharedLimiterIsPerAccount(t *testing.T) {
	if SharedLimiter("acct-a") != SharedLimiter("acct-a") {
		t.Error("same account got two limiters")
	}
	if SharedLimiter("acct-a") == SharedLimiter("acct-b") {
		t.Error("two accounts share a limiter")
	}
}

func TestAdapterCallsGoThroughTheLimiter(t *testing.T) {
	f := newFake(t)
	f.okOn("namecheap.domains.getRegistrarLock",
		`<DomainGetRegistrarLockResult Domain="example.com" RegistrarLockStatus="true" />`)
	r, clk := newTestRegistrar(t, f, 0)

	for range 21 {
		if _, err := r.Operation(context.Background(), "lock:example.com:on"); err != nil {
			t.Fatal(err)
		}
	}
	if got := clk.Now().Sub(testEpoch); got != time.Minute {
		t.Errorf("21 calls took %v of fake time, want 1m", got)
	}
}

func TestSharedLimiterIsPerEndpoint(t *testing.T) {
	base := Config{APIUser: "acct", APIKey: "k", UserName: "acct", ClientIP: "192.0.2.1"}
	sandbox, prod, local := base, base, base
	sandbox.Sandbox = true
	local.BaseURL = "http://127.0.0.1:1/xml.response"

	if sandbox.account() == prod.account() || local.account() == prod.account() {
		t.Errorf("endpoints share an account key: %q %q %q", sandbox.account(), prod.account(), local.account())
	}
	if !strings.HasSuffix(prod.account(), " acct") {
		t.Errorf("production key %q", prod.account())
	}
}
