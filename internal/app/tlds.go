package app

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/jobs"
)

// TLDSyncArgs refreshes every registrar's price list.
type TLDSyncArgs struct{}

// Kind names the job.
func (TLDSyncArgs) Kind() string { return "tlds_sync" }

// InsertOpts keeps one sync at a time.
func (TLDSyncArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: jobs.LiveOnce()}
}

type tldSyncWorker struct {
	river.WorkerDefaults[TLDSyncArgs]
	app *App
}

// Work syncs each registrar; one failing does not stop the others.
func (w *tldSyncWorker) Work(ctx context.Context, _ *river.Job[TLDSyncArgs]) error {
	var errs []error
	for _, name := range w.app.Providers.Names() {
		if _, err := w.app.SyncPrices(ctx, name); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func init() {
	Register(Module{
		Name: "tlds",
		Workers: func(a *App, w *river.Workers) error {
			return river.AddWorkerSafely(w, &tldSyncWorker{app: a})
		},
		Periodic: func(*App) []*river.PeriodicJob {
			return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return TLDSyncArgs{}, nil },
				&river.PeriodicJobOpts{ID: "tlds_sync"})}
		},
	})
}
