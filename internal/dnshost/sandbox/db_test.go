package sandbox

import (
	"context"
	"crypto/rand"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pressly/goose/v3"

	"github.com/proecommerce/domains/internal/sqldb"
)

const migrationFile = "00002_sandbox_dns.sql"

// forEachDB runs fn against a fresh SQLite file and, when
// PROECOMMERCE_TEST_POSTGRES holds a URL, a fresh PostgreSQL schema.
func forEachDB(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		db, err := sqldb.OpenSQLite(t.TempDir()+"/t.db", 4)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		migrate(t, db, goose.DialectSQLite3, "sqlite")
		fn(t, db)
	})

	url := os.Getenv("PROECOMMERCE_TEST_POSTGRES")
	if url == "" {
		return
	}
	t.Run("postgres", func(t *testing.T) {
		db := openPostgresSchema(t, url)
		migrate(t, db, goose.DialectPostgres, "postgres")
		fn(t, db)
	})
}

// openPostgresSchema creates a schema with a random name, opens the
// database with it as search_path and drops it when the test ends.
func openPostgresSchema(t *testing.T, url string) *sqldb.DB {
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	schema := "test_sandbox_dns_" + strings.ToLower(rand.Text()[:10])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}

	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	db, err := sqldb.Open(url + sep + "search_path=" + schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = db.Close()
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
		_ = admin.Close()
	})
	return db
}

// migrate applies only this package's migration, so the test does not
// depend on the other migrations of the folder.
func migrate(t *testing.T, db *sqldb.DB, dialect goose.Dialect, folder string) {
	path := filepath.Join("..", "..", "store", "migrations", folder, migrationFile)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{migrationFile: &fstest.MapFile{Data: raw}}
	p, err := goose.NewProvider(dialect, db.DB, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(context.Background()); err != nil {
		t.Fatalf("migrate up: %v", err)
	}
}
