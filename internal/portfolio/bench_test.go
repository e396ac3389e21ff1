package portfolio_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/portfolio"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/testdb"
)

// envInt reads a positive integer from the environment, or def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// BenchmarkSyncDomains syncs a sandbox registry of
// PROECOMMERCE_BENCH_DOMAINS domains (100,000) in pages of 100, optionally
// at PROECOMMERCE_BENCH_PAGE_RATE pages a second, into an empty store each
// time. It reports the peak heap of the first and of the second half of
// the run: equal figures show that memory stays flat as the count grows.
// With a page rate it also reports the wall time over the time the rate
// alone needs (pages ÷ rate): near 1 means writing keeps up with fetching.
func BenchmarkSyncDomains(b *testing.B) {
	n := envInt("PROECOMMERCE_BENCH_DOMAINS", 100_000)
	db := testdb.SQLite(b)
	r := newRig(b, db)
	seed(b, r, db, n)
	rate := envInt("PROECOMMERCE_BENCH_PAGE_RATE", 0)
	wait := pageWait(rate)

	var peakFirst, peakSecond uint64
	pages := (n + 99) / 100
	progress := func(s portfolio.Summary) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if s.Pages <= pages/2 {
			peakFirst = max(peakFirst, ms.HeapAlloc)
		} else {
			peakSecond = max(peakSecond, ms.HeapAlloc)
		}
	}
	syncer := portfolio.New(portfolio.Config{Store: r.st, Clock: r.clk, Progress: progress, PageWait: wait})

	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		if _, err := db.Exec(r.ctx, `DELETE FROM domains`); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()

		sum, err := syncer.Sync(r.ctx, r.reg)
		if err != nil || sum.Added != n || sum.Pages != pages {
			b.Fatalf("sync = %+v (%v), want %d added in %d pages", sum, err, n, pages)
		}
	}
	b.ReportMetric(float64(peakFirst)/(1<<20), "peak-heap-MB-first-half")
	b.ReportMetric(float64(peakSecond)/(1<<20), "peak-heap-MB-second-half")
	b.ReportMetric(float64(n), "domains")
	if rate > 0 {
		perRun := b.Elapsed().Seconds() / float64(b.N)
		b.ReportMetric(perRun/(float64(pages)/float64(rate)), "wall/(pages÷rate)")
	}
}

// seed fills the sandbox registry in one transaction.
func seed(b *testing.B, r *rig, db *sqldb.DB, n int) {
	b.Helper()
	err := db.InTx(r.ctx, func(tx *sqldb.Tx) error {
		for i := range n {
			_, err := tx.Exec(r.ctx, `INSERT INTO sandbox_registry_domains (domain, created_at,
				expires_at, auto_renew, locked, privacy, nameservers, auth_code)
				VALUES (?, ?, ?, FALSE, TRUE, FALSE, '', 'x')`, fmt.Sprintf("bench%07d.com", i),
				syncNow.AddDate(-1, 0, 0), syncNow.AddDate(1, 0, i%365))
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// pageWait spaces page fetches at rate pages a second (none when 0).
func pageWait(rate int) func(context.Context) error {
	if rate <= 0 {
		return nil
	}
	tick := time.NewTicker(time.Second / time.Duration(rate))
	return func(ctx context.Context) error {
		select {
		case <-tick.C:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
