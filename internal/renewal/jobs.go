package renewal

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/jobs"
)

// InvoiceArgs runs the invoicing of one day (the 1st of a month).
type InvoiceArgs struct {
	AsOf string `json:"as_of"`
}

// Kind names the job.
func (InvoiceArgs) Kind() string { return "renewal_invoices" }

// InsertOpts keeps one live run per day.
func (InvoiceArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 10, UniqueOpts: jobs.LiveOnce()}
}

// ProcessArgs invoices the domains no monthly run will reach (CatchUp) and
// advances the renewals that are due (charge, renew, refund).
type ProcessArgs struct{}

// Kind names the job.
func (ProcessArgs) Kind() string { return "renewal_process" }

// InsertOpts keeps one sweep at a time.
func (ProcessArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: jobs.LiveOnce()}
}

// RemindArgs queues the day's reminders.
type RemindArgs struct{}

// Kind names the job.
func (RemindArgs) Kind() string { return "renewal_reminders" }

// InsertOpts keeps one sweep at a time.
func (RemindArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: jobs.LiveOnce()}
}

type invoiceWorker struct {
	river.WorkerDefaults[InvoiceArgs]
	s *Service
}

func (w *invoiceWorker) Work(ctx context.Context, job *river.Job[InvoiceArgs]) error {
	asOf := w.s.now()
	if job.Args.AsOf != "" {
		var err error
		if asOf, err = time.Parse(time.DateOnly, job.Args.AsOf); err != nil {
			return fmt.Errorf("renewal: as_of %q: %w", job.Args.AsOf, err)
		}
	}
	_, err := w.s.InvoiceRun(ctx, asOf, false, func(Planned) {})
	return err
}

type processWorker struct {
	river.WorkerDefaults[ProcessArgs]
	s *Service
}

func (w *processWorker) Work(ctx context.Context, _ *river.Job[ProcessArgs]) error {
	if _, err := w.s.CatchUp(ctx); err != nil {
		return err
	}
	_, err := w.s.ProcessDue(ctx)
	return err
}

type remindWorker struct {
	river.WorkerDefaults[RemindArgs]
	s *Service
}

func (w *remindWorker) Work(ctx context.Context, _ *river.Job[RemindArgs]) error {
	_, err := w.s.SendReminders(ctx)
	return err
}

// AddWorkers registers the renewal workers.
func AddWorkers(workers *river.Workers, s *Service) error {
	for _, add := range []func() error{
		func() error { return river.AddWorkerSafely(workers, &invoiceWorker{s: s}) },
		func() error { return river.AddWorkerSafely(workers, &processWorker{s: s}) },
		func() error { return river.AddWorkerSafely(workers, &remindWorker{s: s}) },
	} {
		if err := add(); err != nil {
			return fmt.Errorf("renewal: add worker: %w", err)
		}
	}
	return nil
}

// Periodic returns the renewal jobs: the invoicing run on the 1st of each
// month (as of the day it fires), the sweep of due renewals every
// processEvery, and the reminders every remindEvery; the sweeps also run
// at start.
func Periodic(s *Service, processEvery, remindEvery time.Duration) []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(MonthlySchedule{}, func() (river.JobArgs, *river.InsertOpts) {
			return InvoiceArgs{AsOf: Day(s.now()).Format(time.DateOnly)}, nil
		}, &river.PeriodicJobOpts{ID: "renewal_invoices"}),
		river.NewPeriodicJob(river.PeriodicInterval(processEvery),
			func() (river.JobArgs, *river.InsertOpts) { return ProcessArgs{}, nil },
			&river.PeriodicJobOpts{ID: "renewal_process", RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(remindEvery),
			func() (river.JobArgs, *river.InsertOpts) { return RemindArgs{}, nil },
			&river.PeriodicJobOpts{ID: "renewal_reminders", RunOnStart: true}),
	}
}
