package namecheap

import (
	"context"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/testdb"
)

// TestDBLimiterIsSharedByProcesses: two limiters on one database stand for
// two processes on one Namecheap account. Their calls count in the same
// windows: together they make 20 calls in a minute, and the 21st waits
// for the first to leave the window. Another account is not held up.
func TestDBLimiterIsSharedByProcesses(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		clk := clock.NewFake(testEpoch)
		s := &fakeSleeper{clk: clk}
		const account = "https://api.namecheap.com/xml.response produser"
		first, second := NewDBLimiter(db, account, clk, s.sleep), NewDBLimiter(db, account, clk, s.sleep)
		ctx := context.Background()

		for i := range 20 {
			l := first
			if i%2 == 1 {
				l = second
			}
			if err := l.Wait(ctx); err != nil {
				t.Fatalf("call %d: %v", i, err)
			}
			clk.Advance(time.Second)
		}
		if len(s.waits) != 0 {
			t.Fatalf("first 20 calls waited: %v", s.waits)
		}

		other := NewDBLimiter(db, "https://api.namecheap.com/xml.response someone-else", clk, s.sleep)
		if err := other.Wait(ctx); err != nil || len(s.waits) != 0 {
			t.Fatalf("another account waited %v (%v)", s.waits, err)
		}

		// 20 s have passed since the first call: the 21st waits the other 40 s.
		if err := second.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		if len(s.waits) != 1 || s.waits[0] != 40*time.Second {
			t.Fatalf("waits = %v, want [40s]", s.waits)
		}

		// A day later the old calls are gone from the table.
		clk.Advance(25 * time.Hour)
		if err := first.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT count(*) FROM registrar_calls WHERE account = ?`, account).Scan(&n); err != nil || n != 1 {
			t.Errorf("%d calls kept after a day (%v), want the last one", n, err)
		}
	})
}
