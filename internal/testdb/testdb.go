// Package testdb gives tests a migrated database: a temporary SQLite file
// always, and a fresh schema on PostgreSQL when PROECOMMERCE_TEST_POSTGRES
// holds a connection URL.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
)

// EnvPostgres names the variable holding a PostgreSQL URL for tests.
const EnvPostgres = "PROECOMMERCE_TEST_POSTGRES"

// Target is where a test database lives: a SQLite file path or a
// PostgreSQL URL (with its own search_path).
type Target struct {
	Name string
	URL  string
}

// Targets returns the engines to test on: SQLite, and PostgreSQL when
// configured. Each PostgreSQL target gets a fresh schema, dropped when the
// test ends.
func Targets(t testing.TB) []Target {
	t.Helper()
	out := []Target{{Name: "sqlite", URL: filepath.Join(t.TempDir(), "test.db")}}
	if base := os.Getenv(EnvPostgres); base != "" {
		out = append(out, Target{Name: "postgres", URL: freshSchema(t, base)})
	}
	return out
}

// Each runs fn once per engine as a subtest, with a migrated database.
func Each(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	for _, target := range Targets(t) {
		t.Run(target.Name, func(t *testing.T) {
			fn(t, Open(t, target.URL))
		})
	}
}

// Open opens and migrates the database at url and closes it at the end.
func Open(t testing.TB, url string) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := store.Migrate(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return db
}

// SQLite opens a migrated temporary SQLite database.
func SQLite(t testing.TB) *sqldb.DB {
	t.Helper()
	return Open(t, filepath.Join(t.TempDir(), "test.db"))
}

func freshSchema(t testing.TB, base string) string {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])

	admin, err := sqldb.Open(base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.DB.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("testdb: create schema on %s: %v", EnvPostgres, err)
	}
	t.Cleanup(func() {
		if db, err := sqldb.Open(base); err == nil {
			_, _ = db.DB.Exec("DROP SCHEMA " + schema + " CASCADE")
			_ = db.Close()
		}
	})

	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
