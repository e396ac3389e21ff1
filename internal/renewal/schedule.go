package renewal

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/proecommerce/domains/internal/store"
)

// maxMakeUp bounds how many missed monthly runs one start makes up.
const maxMakeUp = 24

// MonthlySchedule is the invoicing run's schedule: midnight UTC on the 1st
// of each month. Its Next makes it a River periodic schedule.
//
// Limitation: robfig/cron/v3 is in go.sum but not required by go.mod, so
// this fixed schedule stands in for the cron expression "0 0 1 * *" (UTC).
type MonthlySchedule struct{}

// Next returns the first midnight of a month strictly after t.
func (MonthlySchedule) Next(t time.Time) time.Time {
	return LastScheduled(t).AddDate(0, 1, 0)
}

// LastScheduled returns the newest scheduled run at or before now: the 1st
// of now's month, at midnight UTC.
func LastScheduled(now time.Time) time.Time {
	now = now.UTC()
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// MakeUpMissed runs every monthly invoicing missed since the newest
// recorded run, oldest first, as of its own day. A database with no run
// recorded has missed none: the current month's run becomes its baseline.
// It returns the days made up.
//
// Limitation: a run made by hand with --as-of counts as that day's run, so
// a hand run in mid-month stands in for the 1st of that month.
func (s *Service) MakeUpMissed(ctx context.Context) ([]time.Time, error) {
	last := LastScheduled(s.now())
	prev, ok, err := s.store.LastRenewalRun(ctx)
	if err != nil {
		return nil, fmt.Errorf("renewal: make up: %w", err)
	}
	if !ok {
		return nil, s.store.RecordRenewalRun(ctx, last, store.RunKindBaseline, 0)
	}

	var done []time.Time
	next := LastScheduled(prev).AddDate(0, 1, 0)
	if next.Before(last.AddDate(0, -maxMakeUp+1, 0)) {
		next = last.AddDate(0, -maxMakeUp+1, 0)
	}
	for ; !next.After(last); next = next.AddDate(0, 1, 0) {
		res, err := s.InvoiceRun(ctx, next, false, func(Planned) {})
		if err != nil {
			return done, err
		}
		s.logger.Warn("missed renewal run made up", slog.String("as_of", next.Format(time.DateOnly)),
			slog.Int("created", res.Created))
		done = append(done, next)
	}
	return done, nil
}
