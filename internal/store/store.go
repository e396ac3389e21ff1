// Package store keeps the product's records (tenants, users, orders and
// their items, payments, domains, invoices) in SQLite or PostgreSQL through
// one implementation written in the common subset of both dialects.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/base32"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/sqldb"
)

//go:embed migrations
var migrations embed.FS

// ErrNotFound is returned by every lookup that finds no row, on both engines.
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned when a write would break a uniqueness rule or a
// row was not in the state the caller expected.
var ErrConflict = errors.New("store: conflict")

// Store is the product's storage.
type Store struct {
	db    *sqldb.DB
	clock clock.Clock
}

// New returns a store over db.
func New(db *sqldb.DB, clk clock.Clock) *Store {
	if clk == nil {
		clk = clock.System{}
	}
	return &Store{db: db, clock: clk}
}

// DB returns the underlying pool.
func (s *Store) DB() *sqldb.DB { return s.db }

// Migrations returns the goose migration files for a dialect.
func Migrations(d sqldb.Dialect) (fs.FS, error) {
	return fs.Sub(migrations, "migrations/"+string(d))
}

// Migrate applies every pending migration of the product's schema.
func Migrate(ctx context.Context, db *sqldb.DB) error {
	fsys, err := Migrations(db.Dialect)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}

	dialect := goose.DialectSQLite3
	if db.Dialect == sqldb.Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, db.DB, fsys)
	if err != nil {
		return fmt.Errorf("store: goose: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

// now returns the clock's time at the precision both engines keep.
func (s *Store) now() time.Time {
	return s.clock.Now().UTC().Truncate(time.Microsecond)
}

// NewID returns a random identifier with a readable prefix ("ord_…").
func NewID(prefix string) string {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("store: random id: %v", err))
	}
	enc := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])
	return prefix + "_" + strings.ToLower(enc)
}

// notFound maps sql.ErrNoRows to ErrNotFound, adding what was looked up.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// isUnique reports whether err is a uniqueness violation on either engine.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") ||
		strings.Contains(msg, "SQLSTATE 23505") ||
		strings.Contains(msg, "duplicate key value")
}

// execer is what both *sqldb.DB and *sqldb.Tx offer.
type execer interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
}

// nullTime turns a zero time into NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond)
}

// timeOf returns the time or zero for NULL.
func timeOf(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}
