package portfolio

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/jobs"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
)

// Lookup finds a configured registrar account by name.
type Lookup interface {
	Registrar(name string) (registrar.Registrar, bool)
}

// Registrars are the configured registrar accounts (app.Providers).
type Registrars interface {
	Lookup
	Names() []string
}

// SyncAll syncs every configured registrar account in turn. One account's
// failure does not stop the others; the errors are joined.
func (s *Syncer) SyncAll(ctx context.Context, regs Registrars) ([]Summary, error) {
	var out []Summary
	var errs []error
	for _, name := range regs.Names() {
		reg, ok := regs.Registrar(name)
		if !ok {
			continue
		}
		sum, err := s.Sync(ctx, reg)
		out = append(out, sum)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return out, errors.Join(errs...)
}

// SyncNames reads the named domains of one tenant from their registrars
// now ("sync now" from the admin pages). A name the registrar no longer
// holds is marked gone. It never marks other domains gone.
func (s *Syncer) SyncNames(ctx context.Context, regs Lookup, tenantID string,
	names []string) (Summary, error) {
	start := s.cfg.Clock.Now().UTC().Truncate(time.Microsecond)
	sum := Summary{Registrar: "selection"}
	for _, raw := range names {
		name, err := domainname.Normalize(raw)
		if err != nil {
			return sum, fmt.Errorf("portfolio: %q: %w", raw, store.ErrNotFound)
		}
		d, err := s.cfg.Store.PortfolioDomain(ctx, tenantID, name)
		if err != nil {
			return sum, err
		}
		if err := s.syncOne(ctx, regs, d, start, &sum); err != nil {
			return s.finish(sum, start), err
		}
	}
	return s.finish(sum, start), nil
}

func (s *Syncer) syncOne(ctx context.Context, regs Lookup, d store.PortfolioDomain,
	start time.Time, sum *Summary) error {
	reg, ok := regs.Registrar(d.Registrar)
	if !ok {
		sum.Seen++
		sum.Errors++
		return nil
	}
	e := s.withDetail(ctx, reg, registrar.DomainSummary{Domain: d.Name})
	w := &writer{s: s, reg: reg.Name(), tenant: d.TenantID, seenAt: start, sum: sum}
	if registrar.IsKind(e.err, registrar.KindNotFound) && d.Status == store.DomainActive {
		sum.Seen++
		sum.Gone++
		return s.cfg.Store.MarkGone(ctx, d, Actor, "registrar "+reg.Name()+" no longer holds it")
	}
	return w.write(ctx, []entry{e})
}

// SyncArgs is the River job that syncs every registrar account.
type SyncArgs struct{}

// Kind names the job.
func (SyncArgs) Kind() string { return "sync_domains" }

// InsertOpts keeps one sync at a time.
func (SyncArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: jobs.LiveOnce()}
}

type syncWorker struct {
	river.WorkerDefaults[SyncArgs]
	syncer *Syncer
	regs   Registrars
}

// Work runs the sync of every account.
func (w *syncWorker) Work(ctx context.Context, _ *river.Job[SyncArgs]) error {
	_, err := w.syncer.SyncAll(ctx, w.regs)
	return err
}

// Timeout lets a large portfolio take its time under the registrars'
// rate limits (Namecheap: 20 calls a minute).
func (w *syncWorker) Timeout(*river.Job[SyncArgs]) time.Duration { return 12 * time.Hour }

// AddWorker registers the sync worker.
func AddWorker(workers *river.Workers, s *Syncer, regs Registrars) error {
	if err := river.AddWorkerSafely(workers, &syncWorker{syncer: s, regs: regs}); err != nil {
		return fmt.Errorf("portfolio: add worker: %w", err)
	}
	return nil
}

// Periodic returns the sync job run every interval (daily in the app).
func Periodic(every time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) { return SyncArgs{}, nil },
		&river.PeriodicJobOpts{ID: "sync_domains"})
}
