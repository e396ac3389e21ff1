package jobs_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/jobs"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/testdb"
)

type pingArgs struct {
	N int `json:"n"`
}

func (pingArgs) Kind() string { return "test_ping" }

func (pingArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// pingWorker snoozes the first time it sees a job and completes the second.
type pingWorker struct {
	river.WorkerDefaults[pingArgs]
	runs, done atomic.Int32
}

func (w *pingWorker) Work(_ context.Context, job *river.Job[pingArgs]) error {
	if w.runs.Add(1) == 1 {
		return river.JobSnooze(10 * time.Millisecond)
	}
	w.done.Add(1)
	return nil
}

func openQueue(t *testing.T, target testdb.Target, cfg jobs.Config) jobs.Queue {
	t.Helper()
	ctx := context.Background()
	db := testdb.Open(t, target.URL)
	if db.Dialect == sqldb.Postgres {
		pool, err := pgxpool.New(ctx, target.URL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		q, err := jobs.OpenPostgres(ctx, pool, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	riverDB, err := sqldb.OpenSQLite(target.URL, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = riverDB.Close() })
	q, err := jobs.OpenSQLite(ctx, riverDB.DB, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestQueueWorksSnoozesAndDedupes(t *testing.T) {
	for _, target := range testdb.Targets(t) {
		t.Run(target.Name, func(t *testing.T) {
			ctx := context.Background()
			w := &pingWorker{}
			workers := river.NewWorkers()
			river.AddWorker(workers, w)
			q := openQueue(t, target, jobs.Config{Workers: workers, PollInterval: 10 * time.Millisecond})

			first, err := q.Insert(ctx, pingArgs{N: 1}, nil)
			if err != nil {
				t.Fatal(err)
			}
			dup, err := q.Insert(ctx, pingArgs{N: 1}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !dup.UniqueSkippedAsDuplicate || dup.Job.ID != first.Job.ID {
				t.Fatalf("a second live job for the same args was inserted: %+v", dup)
			}

			if err := q.Start(ctx); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = q.Stop(context.Background()) })
			deadline := time.Now().Add(15 * time.Second)
			for w.done.Load() == 0 && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if w.done.Load() != 1 || w.runs.Load() != 2 {
				t.Fatalf("runs %d, done %d: want one snooze then one completion", w.runs.Load(), w.done.Load())
			}
		})
	}
}

func TestInsertOnlyClientFromAnotherProcess(t *testing.T) {
	for _, target := range testdb.Targets(t) {
		t.Run(target.Name, func(t *testing.T) {
			// A CLI process inserts without workers; the job waits for serve.
			q := openQueue(t, target, jobs.Config{})
			res, err := q.Insert(context.Background(), pingArgs{N: 2}, nil)
			if err != nil || res.Job == nil || res.Job.Kind != "test_ping" {
				t.Fatalf("insert-only client: %+v %v", res, err)
			}
		})
	}
}

type settleLike struct {
	ID string `json:"id"`
}

func (settleLike) Kind() string { return "test_settle_like" }

type countWorker struct {
	river.WorkerDefaults[settleLike]
	runs atomic.Int32
}

func (w *countWorker) Work(context.Context, *river.Job[settleLike]) error {
	w.runs.Add(1)
	return nil
}

// A saga job for the same record must run again after an earlier one
// completed: the second item of an order settles it once the first item's
// settle job has finished.
func TestSagaJobsRunAgainAfterCompletion(t *testing.T) {
	for _, target := range testdb.Targets(t) {
		t.Run(target.Name, func(t *testing.T) {
			ctx := context.Background()
			w := &countWorker{}
			workers := river.NewWorkers()
			river.AddWorker(workers, w)
			q := openQueue(t, target, jobs.Config{Workers: workers, PollInterval: 10 * time.Millisecond})
			if err := q.Start(ctx); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = q.Stop(context.Background()) })

			opts := jobs.SettleOrderArgs{}.InsertOpts()
			for want := int32(1); want <= 2; want++ {
				// River records a completion shortly after the work returns;
				// until then the job is still live and a repeat is skipped.
				deadline := time.Now().Add(10 * time.Second)
				for {
					res, err := q.Insert(ctx, settleLike{ID: "ord_1"}, &opts)
					if err != nil {
						t.Fatal(err)
					}
					if !res.UniqueSkippedAsDuplicate {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("insert %d skipped as a duplicate of a finished job", want)
					}
					time.Sleep(20 * time.Millisecond)
				}
				for w.runs.Load() < want && time.Now().Before(deadline) {
					time.Sleep(10 * time.Millisecond)
				}
				if w.runs.Load() != want {
					t.Fatalf("runs %d, want %d", w.runs.Load(), want)
				}
			}
		})
	}
}
