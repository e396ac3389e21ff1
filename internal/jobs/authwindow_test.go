package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/jobs"
	"github.com/proecommerce/domains/internal/saga"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// TestAuthWindowRunsAgain: the authorisation window job runs, completes,
// and a later run is not refused as a duplicate of the completed one.
func TestAuthWindowRunsAgain(t *testing.T) {
	for _, target := range testdb.Targets(t) {
		t.Run(target.Name, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, target.URL)
			s := &saga.Saga{Store: store.New(db, clock.System{}), Clock: clock.System{}}
			workers := river.NewWorkers()
			if err := jobs.AddAuthWindowWorker(workers, s, saga.DefaultAuthMargin); err != nil {
				t.Fatal(err)
			}
			q := openQueue(t, target, jobs.Config{Workers: workers, PollInterval: 10 * time.Millisecond})
			if err := q.Start(ctx); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = q.Stop(context.Background()) })

			for run := 1; run <= 2; run++ {
				res, err := q.Insert(ctx, jobs.AuthWindowArgs{}, nil)
				if err != nil || res.UniqueSkippedAsDuplicate {
					t.Fatalf("run %d: %+v %v", run, res, err)
				}
				waitCompleted(t, db, run)
			}
		})
	}
}

func waitCompleted(t *testing.T, db *sqldb.DB, want int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		err := db.QueryRow(context.Background(), `SELECT count(*) FROM river_job
			WHERE kind = 'close_auth_windows' AND state = 'completed'`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n == want {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the authorisation window job did not complete run %d", want)
}
