// Package jobs runs the product's background work on River: the saga's
// steps (one job per order item, snoozing between looks at a registrar
// operation), order settlement, and the periodic sweep that resumes
// anything a crash left unfinished.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
	"riverqueue.com/riverui"
)

// Queue is a River client over either engine.
type Queue interface {
	// Insert adds a job.
	Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	// Start begins working jobs (only for clients built with workers).
	Start(ctx context.Context) error
	// Stop waits for running jobs and stops.
	Stop(ctx context.Context) error
	// Handler returns River UI's http.Handler mounted at prefix, or nil
	// when it cannot be built.
	Handler(ctx context.Context, prefix string, logger *slog.Logger) (httpHandler, error)
}

// Config says what a queue runs.
type Config struct {
	// Workers, when nil, makes an insert-only client (CLI commands).
	Workers  *river.Workers
	Periodic []*river.PeriodicJob
	Logger   *slog.Logger
	// PollInterval is how often River looks for new jobs when it is not
	// notified (always, on SQLite).
	PollInterval time.Duration
	// MaxWorkers bounds concurrent jobs.
	MaxWorkers int
}

func (c Config) river() *river.Config {
	rc := &river.Config{Logger: quietRiver(c.Logger), Workers: c.Workers, PeriodicJobs: c.Periodic}
	if c.Logger == nil {
		rc.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Workers != nil {
		n := c.MaxWorkers
		if n <= 0 {
			n = 10
		}
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}}
	}
	if c.PollInterval > 0 {
		rc.FetchPollInterval = c.PollInterval
		rc.FetchCooldown = min(c.PollInterval, river.FetchCooldownDefault)
	}
	return rc
}

// client adapts a generic River client to Queue.
type client[TTx any] struct {
	*river.Client[TTx]
	ui func(ctx context.Context, prefix string, logger *slog.Logger) (httpHandler, error)
}

func (c *client[TTx]) Handler(ctx context.Context, prefix string, logger *slog.Logger) (httpHandler, error) {
	return c.ui(ctx, prefix, logger)
}

// OpenSQLite makes a River client on a SQLite database. River gets its own
// single-connection pool, as riversqlite requires.
func OpenSQLite(ctx context.Context, db *sql.DB, cfg Config) (Queue, error) {
	driver := riversqlite.New(db)
	if err := migrate(ctx, driver); err != nil {
		return nil, err
	}
	rc, err := river.NewClient(driver, cfg.river())
	if err != nil {
		return nil, fmt.Errorf("jobs: river on sqlite: %w", err)
	}
	c := &client[*sql.Tx]{Client: rc}
	c.ui = func(ctx context.Context, prefix string, logger *slog.Logger) (httpHandler, error) {
		return newUI(ctx, rc, prefix, logger)
	}
	return c, nil
}

// OpenPostgres makes a River client on PostgreSQL through pgx.
func OpenPostgres(ctx context.Context, pool *pgxpool.Pool, cfg Config) (Queue, error) {
	driver := riverpgxv5.New(pool)
	if err := migrate(ctx, driver); err != nil {
		return nil, err
	}
	rc, err := river.NewClient(driver, cfg.river())
	if err != nil {
		return nil, fmt.Errorf("jobs: river on postgres: %w", err)
	}
	c := &client[pgxTx]{Client: rc}
	c.ui = func(ctx context.Context, prefix string, logger *slog.Logger) (httpHandler, error) {
		return newUI(ctx, rc, prefix, logger)
	}
	return c, nil
}

// migrate applies River's own schema migrations.
func migrate[TTx any](ctx context.Context, driver riverdriver.Driver[TTx]) error {
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return fmt.Errorf("jobs: river migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: apply river migrations: %w", err)
	}
	return nil
}

// newUI builds River UI for a client; it must be started before serving.
func newUI[TTx any](ctx context.Context, c *river.Client[TTx], prefix string, logger *slog.Logger) (httpHandler, error) {
	h, err := riverui.NewHandler(&riverui.HandlerOpts{Endpoints: riverui.NewEndpoints(c, nil),
		Logger: logger, Prefix: prefix})
	if err != nil {
		return nil, fmt.Errorf("jobs: river ui: %w", err)
	}
	if err := h.Start(ctx); err != nil {
		return nil, fmt.Errorf("jobs: start river ui: %w", err)
	}
	return h, nil
}

type httpHandler = http.Handler

type pgxTx = pgx.Tx

// quietRiver keeps River's own messages at warning and above: at info it
// reports its producers' job counts every few seconds, which drowns the
// product's log. A nil logger stays nil.
func quietRiver(l *slog.Logger) *slog.Logger {
	if l == nil {
		return nil
	}
	return slog.New(minLevel{Handler: l.Handler(), min: slog.LevelWarn})
}

// minLevel drops records below min.
type minLevel struct {
	slog.Handler
	min slog.Level
}

func (h minLevel) Enabled(ctx context.Context, level slog.Level) bool {
	return level >= h.min && h.Handler.Enabled(ctx, level)
}

func (h minLevel) WithAttrs(attrs []slog.Attr) slog.Handler {
	return minLevel{Handler: h.Handler.WithAttrs(attrs), min: h.min}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{Handler: h.Handler.WithGroup(name), min: h.min}
}
