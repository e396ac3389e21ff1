package renewal

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/jobs"
	"github.com/proecommerce/domains/internal/store"
)

// AutoRenewWatchDays is how close to expiry a domain still set to renew
// by itself at its registrar is reported to the operator.
const AutoRenewWatchDays = 7

// WarnRegistrarAutoRenew tells the operator, once per domain and expiry,
// about every active domain that its registrar is set to renew by itself,
// that expires within the next AutoRenewWatchDays days, and that no
// renewal of ours covers: left alone, the registrar renews it without the
// client paying, or renews it a second time after ours. It returns how
// many warnings it gave.
//
// It only tells: a domain nobody pays for may be one the operator wants
// kept (an unassigned import, say), so turning the registrar's auto-renew
// off is the operator's decision.
func (s *Service) WarnRegistrarAutoRenew(ctx context.Context) (int, error) {
	now := s.now()
	risks, err := s.store.AutoRenewRisks(ctx, now, now.AddDate(0, 0, AutoRenewWatchDays))
	if err != nil {
		return 0, fmt.Errorf("renewal: registrar auto-renew check: %w", err)
	}

	warned := 0
	for _, r := range risks {
		ok, err := s.store.WarnOperator(ctx, autoRenewWarning(r))
		if err != nil {
			return warned, fmt.Errorf("renewal: registrar auto-renew warning for %s: %w", r.Domain, err)
		}
		if ok {
			warned++
			s.logger.Warn("registrar auto-renew on near expiry", slog.String("domain", r.Domain),
				slog.String("registrar", r.Registrar), slog.Time("expires_at", r.ExpiresAt))
		}
	}
	return warned, nil
}

func autoRenewWarning(r store.AutoRenewRisk) store.Warning {
	date := r.ExpiresAt.Format("2 January 2006")
	subject := fmt.Sprintf("%s expires on %s and %s will renew it by itself", r.Domain, date, r.Registrar)
	body := fmt.Sprintf("%s is set to renew automatically at %s, and no renewal has been paid "+
		"for it here.\nIf nothing changes, %s renews it at your account's expense on or before %s, "+
		"without the client paying, or a second time if the client renews here later.\n"+
		"Turn auto-renew off at the registrar, or have the client renew, before then.\n",
		r.Domain, r.Registrar, r.Registrar, date)
	return store.Warning{TenantID: r.TenantID, DomainID: r.DomainID, Domain: r.Domain,
		Period: r.ExpiresAt, Kind: store.ReminderRegistrarAutoRenew, Action: "registrar_auto_renew_on",
		Subject: subject, Body: body}
}

// AutoRenewWatchArgs runs the daily registrar auto-renew check.
type AutoRenewWatchArgs struct{}

// Kind names the job.
func (AutoRenewWatchArgs) Kind() string { return "registrar_auto_renew_check" }

// InsertOpts keeps one check at a time.
func (AutoRenewWatchArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: jobs.LiveOnce()}
}

type autoRenewWatchWorker struct {
	river.WorkerDefaults[AutoRenewWatchArgs]
	s *Service
}

func (w *autoRenewWatchWorker) Work(ctx context.Context, _ *river.Job[AutoRenewWatchArgs]) error {
	_, err := w.s.WarnRegistrarAutoRenew(ctx)
	return err
}

// AddAutoRenewWatch registers the check's worker.
func AddAutoRenewWatch(workers *river.Workers, s *Service) error {
	if err := river.AddWorkerSafely(workers, &autoRenewWatchWorker{s: s}); err != nil {
		return fmt.Errorf("renewal: add worker: %w", err)
	}
	return nil
}

// AutoRenewWatchEvery returns the check as a periodic job that also runs
// at start.
func AutoRenewWatchEvery(interval time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return AutoRenewWatchArgs{}, nil },
		&river.PeriodicJobOpts{ID: "registrar_auto_renew_check", RunOnStart: true})
}
