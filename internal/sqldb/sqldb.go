// Package sqldb opens the product's database (embedded SQLite by default,
// PostgreSQL in production) behind database/sql, and smooths over the few
// places where the two dialects differ.
package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names a SQL engine.
type Dialect string

// Supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a connection pool with its dialect. Queries are written with "?"
// placeholders and rewritten by Rebind for PostgreSQL.
type DB struct {
	*sql.DB
	Dialect Dialect
	// URL is the connection string it was opened with (a file path for SQLite).
	URL string
}

// Open opens url: a postgres:// or postgresql:// URL, or a SQLite file path.
func Open(url string) (*DB, error) {
	if IsPostgres(url) {
		db, err := sql.Open("pgx", url)
		if err != nil {
			return nil, fmt.Errorf("sqldb: open postgres: %w", err)
		}
		db.SetMaxOpenConns(20)
		return &DB{DB: db, Dialect: Postgres, URL: url}, nil
	}
	return OpenSQLite(url, 4)
}

// IsPostgres reports whether url names a PostgreSQL server.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// OpenSQLite opens a SQLite file in WAL mode with a busy timeout and at most
// maxConns connections.
func OpenSQLite(path string, maxConns int) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("sqldb: create data folder: %w", err)
		}
	}

	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqldb: open sqlite %s: %w", path, err)
	}
	db.SetMaxOpenConns(maxConns)
	return &DB{DB: db, Dialect: SQLite, URL: path}, nil
}

// Rebind rewrites "?" placeholders as "$1", "$2"… for PostgreSQL. Question
// marks inside single-quoted literals are left alone.
func (d *DB) Rebind(query string) string {
	return Rebind(d.Dialect, query)
}

// Rebind rewrites "?" placeholders for the dialect.
func Rebind(dialect Dialect, query string) string {
	if dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}

	var b strings.Builder
	n, quoted := 0, false
	for _, r := range query {
		switch {
		case r == '\'':
			quoted = !quoted
		case r == '?' && !quoted:
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Exec runs a statement written with "?" placeholders.
func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.DB.ExecContext(ctx, d.Rebind(query), args...)
}

// Query runs a query written with "?" placeholders.
func (d *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.DB.QueryContext(ctx, d.Rebind(query), args...)
}

// QueryRow runs a single-row query written with "?" placeholders.
func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return d.DB.QueryRowContext(ctx, d.Rebind(query), args...)
}

// Tx is a transaction that rebinds like DB.
type Tx struct {
	*sql.Tx
	Dialect Dialect
}

// Begin starts a transaction.
func (d *DB) Begin(ctx context.Context) (*Tx, error) {
	tx, err := d.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqldb: begin: %w", err)
	}
	return &Tx{Tx: tx, Dialect: d.Dialect}, nil
}

// Exec runs a statement written with "?" placeholders.
func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.Tx.ExecContext(ctx, Rebind(t.Dialect, query), args...)
}

// Query runs a query written with "?" placeholders.
func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.Tx.QueryContext(ctx, Rebind(t.Dialect, query), args...)
}

// QueryRow runs a single-row query written with "?" placeholders.
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.Tx.QueryRowContext(ctx, Rebind(t.Dialect, query), args...)
}

// InTx runs fn in a transaction, committing when it returns nil.
func (d *DB) InTx(ctx context.Context, fn func(*Tx) error) error {
	tx, err := d.Begin(ctx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqldb: commit: %w", err)
	}
	return nil
}
