// Package portfolio keeps the product's domains in step with what each
// registrar account holds (SPEC 11): it pages through the account's domain
// list, reads a domain's detail where the list lacks a field, upserts
// expiry, status, privacy, registrar auto-renew and lock, checks values that
// cannot be right, marks domains that left the account as gone, and links a
// found domain to the client that already holds its name.
//
// Tenants: a registrar account is the installation's, not a tenant's. A
// domain found in it belongs to the tenant that already holds that name
// (preferring a live row at the same registrar); a name no tenant holds goes
// to the default tenant, unassigned until matched or linked by an admin.
package portfolio

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
)

// Actor names the sync in audit entries.
const Actor = "sync-domains"

// Config configures a Syncer.
type Config struct {
	Store  *store.Store
	Clock  clock.Clock
	Logger *slog.Logger
	// Progress, when set, is called after each page is written with the
	// figures so far.
	Progress func(Summary)
	// PageWait, when set, is called before each page is fetched (an extra
	// rate limit on top of the adapter's own; the benchmark sets one).
	PageWait func(ctx context.Context) error
}

// Syncer runs portfolio syncs.
type Syncer struct {
	cfg Config
	log *slog.Logger
}

// New returns a Syncer; a nil clock is the system clock.
func New(cfg Config) *Syncer {
	if cfg.Clock == nil {
		cfg.Clock = clock.System{}
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Syncer{cfg: cfg, log: log.With("component", "portfolio")}
}

// Summary is what one sync of one registrar account did.
type Summary struct {
	Registrar string
	Pages     int
	Seen      int
	Added     int
	Updated   int
	Unchanged int
	// Flagged counts domains given needs_review by this run.
	Flagged    int
	Gone       int
	Linked     int
	Unassigned int
	// AutoRenewOn counts active domains whose registrar-side auto-renew is
	// on although the product keeps it off (SPEC 4).
	AutoRenewOn int
	Errors      int
	Duration    time.Duration
}

// entry is one listed domain with its detail read where needed.
type entry struct {
	summary registrar.DomainSummary
	err     error
}

// Sync reads the registrar account's whole domain list and brings the
// store in step. Memory stays flat: one page is written while the next is
// fetched, and nothing of earlier pages is kept. Domains not seen are
// marked gone only when the whole list was read.
func (s *Syncer) Sync(ctx context.Context, reg registrar.Registrar) (Summary, error) {
	start := s.cfg.Clock.Now().UTC().Truncate(time.Microsecond)
	sum := Summary{Registrar: reg.Name()}
	tenant, err := s.cfg.Store.DefaultTenant(ctx)
	if err != nil {
		return sum, fmt.Errorf("portfolio: %w", err)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pages := make(chan []entry, 1)
	fetchErr := make(chan error, 1)
	go func() {
		defer close(pages)
		fetchErr <- s.fetch(ctx, reg, pages)
	}()

	w := &writer{s: s, reg: reg.Name(), tenant: tenant.ID, seenAt: start, sum: &sum}
	for page := range pages {
		if err := w.write(ctx, page); err != nil {
			cancel()
			for range pages {
			}
			return s.report(ctx, tenant.ID, s.finish(sum, start), err)
		}
		if s.cfg.Progress != nil {
			s.cfg.Progress(sum)
		}
	}
	if err := <-fetchErr; err != nil {
		return s.report(ctx, tenant.ID, s.finish(sum, start), err)
	}

	gone, err := s.cfg.Store.MarkUnseenGone(ctx, reg.Name(), start, Actor)
	sum.Gone = gone
	if err != nil {
		err = fmt.Errorf("portfolio: mark gone: %w", err)
	}
	return s.report(ctx, tenant.ID, s.finish(sum, start), err)
}

// Audit actions of a finished sync run, with its summary as the detail.
const (
	ActionSyncDone   = "sync_done"
	ActionSyncFailed = "sync_failed"
)

// report tells the operator what a run did, in the log and in the audit
// log the admin pages show, and passes err on.
func (s *Syncer) report(ctx context.Context, tenantID string, sum Summary, err error) (Summary, error) {
	action, detail := ActionSyncDone, sum.String()
	if err != nil {
		action, detail = ActionSyncFailed, detail+"; stopped: "+err.Error()
		s.log.Error("sync failed", "registrar", sum.Registrar, "summary", sum.String(), "err", err)
	} else {
		s.log.Info("sync done", "registrar", sum.Registrar, "seen", sum.Seen, "added", sum.Added,
			"updated", sum.Updated, "flagged", sum.Flagged, "gone", sum.Gone, "linked", sum.Linked,
			"unassigned", sum.Unassigned, "auto_renew_on", sum.AutoRenewOn, "errors", sum.Errors,
			"duration", sum.Duration)
	}
	if aerr := s.cfg.Store.Audit(context.WithoutCancel(ctx), tenantID, Actor, action, sum.Registrar,
		detail); aerr != nil {
		s.log.Error("sync summary not written", "registrar", sum.Registrar, "err", aerr)
	}
	return sum, err
}

// String is the summary in words, as the operator reads it.
func (s Summary) String() string {
	return fmt.Sprintf("%d read in %d pages: %d added, %d updated, %d unchanged, %d flagged for review, "+
		"%d gone, %d linked to a client, %d unassigned, %d with registrar auto-renew on, %d errors, in %s",
		s.Seen, s.Pages, s.Added, s.Updated, s.Unchanged, s.Flagged, s.Gone, s.Linked, s.Unassigned,
		s.AutoRenewOn, s.Errors, s.Duration.Round(time.Millisecond))
}

func (s *Syncer) finish(sum Summary, start time.Time) Summary {
	sum.Duration = s.cfg.Clock.Now().Sub(start)
	return sum
}

// fetch sends each page, with details read, until the list ends.
func (s *Syncer) fetch(ctx context.Context, reg registrar.Registrar, out chan<- []entry) error {
	cursor := ""
	for {
		if s.cfg.PageWait != nil {
			if err := s.cfg.PageWait(ctx); err != nil {
				return err
			}
		}
		// Limitation: a page the registrar refuses (throttled past the
		// adapter's own retries) ends the run without marking anything
		// gone; River retries the job (SyncArgs.InsertOpts).
		page, err := reg.ListDomains(ctx, cursor)
		if err != nil {
			return fmt.Errorf("portfolio: list domains at %s: %w", reg.Name(), err)
		}

		entries := make([]entry, len(page.Domains))
		for i, d := range page.Domains {
			entries[i] = s.withDetail(ctx, reg, d)
		}
		select {
		case out <- entries:
		case <-ctx.Done():
			return ctx.Err()
		}
		if page.NextCursor == "" || page.NextCursor == cursor {
			return nil
		}
		cursor = page.NextCursor
	}
}

// withDetail fills a summary the list left short from DomainDetail.
func (s *Syncer) withDetail(ctx context.Context, reg registrar.Registrar, d registrar.DomainSummary) entry {
	if d.HasDetail {
		return entry{summary: d}
	}
	det, err := reg.DomainDetail(ctx, d.Domain)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return entry{summary: d, err: err}
		}
		return entry{summary: d, err: fmt.Errorf("detail of %s: %w", d.Domain, err)}
	}
	return entry{summary: registrar.DomainSummary{Domain: d.Domain, Expires: det.Expires,
		AutoRenew: det.AutoRenew, Locked: det.Locked, Privacy: det.Privacy, HasDetail: true}}
}
