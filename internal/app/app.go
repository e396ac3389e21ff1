// Package app assembles the product from its configuration: the database,
// the providers (sandbox or real), the saga, the job queue and the web
// server, and makes the first-start records (default tenant, admin, prices).
package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/config"
	"github.com/proecommerce/domains/internal/jobs"
	"github.com/proecommerce/domains/internal/saga"
	"github.com/proecommerce/domains/internal/secretbox"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
)

// App is the assembled product.
type App struct {
	Config    config.Config
	Logger    *slog.Logger
	Clock     clock.Clock
	DB        *sqldb.DB
	Store     *store.Store
	Providers *Providers
	Catalog   *catalog.Catalog
	Saga      *saga.Saga
	Queue     jobs.Queue
	Sessions  *scs.SessionManager

	pool     *pgxpool.Pool
	riverDB  *sql.DB
	stopping []func()
}

// Options adjust how the app is built; tests use them.
type Options struct {
	Clock clock.Clock
	// Work makes the queue run jobs (serve); without it the queue only
	// inserts (CLI commands).
	Work bool
	// ResumeEvery is how often the unfinished-work sweep runs (1 minute).
	ResumeEvery time.Duration
	// JobPoll is how often River looks for jobs (1 second).
	JobPoll time.Duration
}

// Open builds the app and applies migrations.
func Open(ctx context.Context, cfg config.Config, logger *slog.Logger, opts Options) (*App, error) {
	if opts.Clock == nil {
		opts.Clock = clock.System{}
	}
	a := &App{Config: cfg, Logger: logger, Clock: opts.Clock}
	if err := a.open(ctx, opts); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) open(ctx context.Context, opts Options) error {
	if err := a.Config.EnsureSecret(); err != nil {
		return err
	}
	if err := a.openDatabase(ctx); err != nil {
		return err
	}

	var err error
	if a.Providers, err = newProviders(ctx, a.Config, a.DB, a.Clock, a.Logger); err != nil {
		return err
	}
	a.Providers.audited(a.Store, a.Logger)
	a.Catalog = catalog.New(a.Store, a.Providers, a.Clock, a.Logger)
	if err := a.buildSaga(); err != nil {
		return err
	}
	if err := a.openQueue(ctx, opts); err != nil {
		return err
	}
	a.Saga.Scheduler = jobs.Scheduler{Queue: a.Queue}
	a.Sessions = a.newSessions()
	return nil
}

func (a *App) openDatabase(ctx context.Context) error {
	db, err := sqldb.Open(a.Config.DatabaseTarget())
	if err != nil {
		return err
	}
	a.DB = db
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("app: database does not answer: %w", err)
	}
	if err := store.Migrate(ctx, db); err != nil {
		return err
	}
	a.Store = store.New(db, a.Clock)

	if db.Dialect == sqldb.Postgres {
		if a.pool, err = pgxpool.New(ctx, a.Config.DatabaseURL); err != nil {
			return fmt.Errorf("app: pgx pool: %w", err)
		}
		return nil
	}
	river, err := sqldb.OpenSQLite(a.Config.SQLitePath(), 1)
	if err != nil {
		return err
	}
	a.riverDB = river.DB
	return nil
}

func (a *App) buildSaga() error {
	box, err := secretbox.New(a.Config.SecretKey)
	if err != nil {
		return err
	}
	// Transfers take days, so they are looked at less often.
	poll, transferPoll := a.Config.RegistrarPoll, max(a.Config.RegistrarPoll, time.Hour)
	if a.Config.Registrar == "sandbox" {
		poll, transferPoll = a.Config.SandboxPoll, a.Config.SandboxPoll
	}
	a.Saga = &saga.Saga{Store: a.Store, Catalog: a.Catalog, Registrars: a.Providers,
		DNS: a.Providers.DNS, Gateway: a.Providers.Gateway, Clock: a.Clock, Logger: a.Logger,
		Secrets: box, PollInterval: poll, TransferPollInterval: transferPoll}
	return nil
}

func (a *App) openQueue(ctx context.Context, opts Options) error {
	cfg := jobs.Config{Logger: a.Logger.With("component", "river"), PollInterval: opts.JobPoll}
	if opts.Work {
		workers := river.NewWorkers()
		if err := jobs.AddSagaWorkers(workers, a.Saga); err != nil {
			return err
		}
		every := opts.ResumeEvery
		if every <= 0 {
			every = time.Minute
		}
		cfg.Workers, cfg.Periodic = workers, []*river.PeriodicJob{jobs.ResumeEvery(every)}
		for _, m := range modules {
			if m.Workers != nil {
				if err := m.Workers(a, workers); err != nil {
					return fmt.Errorf("app: %s workers: %w", m.Name, err)
				}
			}
			if m.Periodic != nil {
				cfg.Periodic = append(cfg.Periodic, m.Periodic(a)...)
			}
		}
	}

	var err error
	if a.pool != nil {
		a.Queue, err = jobs.OpenPostgres(ctx, a.pool, cfg)
	} else {
		a.Queue, err = jobs.OpenSQLite(ctx, a.riverDB, cfg)
	}
	return err
}

func (a *App) newSessions() *scs.SessionManager {
	sm := scs.New()
	sm.Lifetime = 14 * 24 * time.Hour
	sm.IdleTimeout = 24 * time.Hour
	sm.Cookie.Name = "proecommerce_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = 2 // http.SameSiteLaxMode
	sm.Cookie.Secure = len(a.Config.BaseURL) > 5 && a.Config.BaseURL[:6] == "https:"

	if a.pool != nil {
		store := pgxstore.New(a.pool)
		a.stopping = append(a.stopping, store.StopCleanup)
		sm.Store = store
	} else {
		store := sqlite3store.New(a.DB.DB)
		a.stopping = append(a.stopping, store.StopCleanup)
		sm.Store = store
	}
	return sm
}

// Close releases everything the app opened.
func (a *App) Close() {
	for _, stop := range a.stopping {
		stop()
	}
	if a.pool != nil {
		a.pool.Close()
	}
	if a.riverDB != nil {
		_ = a.riverDB.Close()
	}
	if a.DB != nil {
		_ = a.DB.Close()
	}
}

// ErrNoTenant is returned when a command names a tenant that does not exist.
var ErrNoTenant = errors.New("app: no such tenant")
