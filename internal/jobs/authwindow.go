package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/saga"
)

// AuthWindowArgs is the periodic look for card authorisations about to
// lapse while their order's registrations are still pending (SPEC 6.6).
type AuthWindowArgs struct{}

// Kind names the job.
func (AuthWindowArgs) Kind() string { return "close_auth_windows" }

// InsertOpts keeps one run at a time. A completed run does not block the
// next one: River's default unique states include "completed", which would
// let the periodic job run only once per day (until the job cleaner).
func (AuthWindowArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: LiveOnce()}
}

type authWindowWorker struct {
	river.WorkerDefaults[AuthWindowArgs]
	saga   *saga.Saga
	margin time.Duration
}

func (w *authWindowWorker) Work(ctx context.Context, _ *river.Job[AuthWindowArgs]) error {
	return w.saga.CloseAuthWindows(ctx, w.margin)
}

// AddAuthWindowWorker registers the worker that acts on authorisations
// lapsing within margin.
func AddAuthWindowWorker(workers *river.Workers, s *saga.Saga, margin time.Duration) error {
	if err := river.AddWorkerSafely(workers, &authWindowWorker{saga: s, margin: margin}); err != nil {
		return fmt.Errorf("jobs: add auth window worker: %w", err)
	}
	return nil
}

// AuthWindowEvery returns the periodic job, run at start and then every
// interval.
func AuthWindowEvery(interval time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return AuthWindowArgs{}, nil },
		&river.PeriodicJobOpts{ID: "close_auth_windows", RunOnStart: true})
}
