package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/saga"
)

// AdvanceItemArgs runs the saga for one order item.
type AdvanceItemArgs struct {
	ItemID string `json:"item_id"`
}

// Kind names the job.
func (AdvanceItemArgs) Kind() string { return "advance_item" }

// InsertOpts makes at most one live job per item.
func (AdvanceItemArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 50, UniqueOpts: LiveOnce()}
}

// SettleOrderArgs settles one order.
type SettleOrderArgs struct {
	OrderID string `json:"order_id"`
}

// Kind names the job.
func (SettleOrderArgs) Kind() string { return "settle_order" }

// InsertOpts makes at most one live job per order.
func (SettleOrderArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 50, UniqueOpts: LiveOnce()}
}

// ResumeArgs is the periodic sweep that finds unfinished work.
type ResumeArgs struct{}

// Kind names the job.
func (ResumeArgs) Kind() string { return "resume_unfinished" }

// InsertOpts keeps one sweep at a time.
func (ResumeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: LiveOnce()}
}

type advanceWorker struct {
	river.WorkerDefaults[AdvanceItemArgs]
	saga *saga.Saga
}

func (w *advanceWorker) Work(ctx context.Context, job *river.Job[AdvanceItemArgs]) error {
	step, err := w.saga.Advance(ctx, job.Args.ItemID)
	if err != nil {
		return err
	}
	if step.Snooze > 0 {
		return river.JobSnooze(step.Snooze)
	}
	return nil
}

type settleWorker struct {
	river.WorkerDefaults[SettleOrderArgs]
	saga *saga.Saga
}

func (w *settleWorker) Work(ctx context.Context, job *river.Job[SettleOrderArgs]) error {
	return w.saga.Settle(ctx, job.Args.OrderID)
}

type resumeWorker struct {
	river.WorkerDefaults[ResumeArgs]
	saga *saga.Saga
}

func (w *resumeWorker) Work(ctx context.Context, _ *river.Job[ResumeArgs]) error {
	return w.saga.Resume(ctx)
}

// AddSagaWorkers registers the saga's workers.
func AddSagaWorkers(workers *river.Workers, s *saga.Saga) error {
	for _, add := range []func() error{
		func() error { return river.AddWorkerSafely(workers, &advanceWorker{saga: s}) },
		func() error { return river.AddWorkerSafely(workers, &settleWorker{saga: s}) },
		func() error { return river.AddWorkerSafely(workers, &resumeWorker{saga: s}) },
	} {
		if err := add(); err != nil {
			return fmt.Errorf("jobs: add saga worker: %w", err)
		}
	}
	return nil
}

// ResumeEvery returns the periodic sweep, run at start and then every interval.
func ResumeEvery(interval time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return ResumeArgs{}, nil },
		&river.PeriodicJobOpts{ID: "resume_unfinished", RunOnStart: true})
}

// Scheduler inserts saga jobs into a queue; it implements saga.Scheduler.
type Scheduler struct {
	Queue Queue
}

// AdvanceItem schedules the item's saga step.
func (s Scheduler) AdvanceItem(ctx context.Context, itemID string) error {
	if _, err := s.Queue.Insert(ctx, AdvanceItemArgs{ItemID: itemID}, nil); err != nil {
		return fmt.Errorf("jobs: schedule item %s: %w", itemID, err)
	}
	return nil
}

// SettleOrder schedules the order's settlement.
func (s Scheduler) SettleOrder(ctx context.Context, orderID string) error {
	if _, err := s.Queue.Insert(ctx, SettleOrderArgs{OrderID: orderID}, nil); err != nil {
		return fmt.Errorf("jobs: schedule order %s: %w", orderID, err)
	}
	return nil
}
