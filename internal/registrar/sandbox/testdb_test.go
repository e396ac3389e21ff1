package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pressly/goose/v3"

	"github.com/proecommerce/domains/internal/sqldb"
)

// migration is the only migration these tests apply; others in the folder
// belong to other packages.
const migration = "00003_sandbox_registry.sql"

// eachDB runs fn against a fresh SQLite file and, when
// PROECOMMERCE_TEST_POSTGRES is set, against a fresh PostgreSQL schema.
func eachDB(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		db, err := sqldb.OpenSQLite(t.TempDir()+"/t.db", 4)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		migrate(t, db, goose.DialectSQLite3, "sqlite")
		fn(t, db)
	})

	url := os.Getenv("PROECOMMERCE_TEST_POSTGRES")
	if url == "" {
		return
	}
	t.Run("postgres", func(t *testing.T) {
		fn(t, postgresSchema(t, url))
	})
}

// postgresSchema opens url on a new random schema dropped at cleanup.
func postgresSchema(t *testing.T, url string) *sqldb.DB {
	t.Helper()
	admin, err := sqldb.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })

	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "test_sandbox_" + hex.EncodeToString(b)
	if _, err := admin.Exec(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	})

	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	db, err := sqldb.Open(url + sep + "search_path=" + schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	migrate(t, db, goose.DialectPostgres, "postgres")
	return db
}

// migrate applies our one migration file from the dialect's folder.
func migrate(t *testing.T, db *sqldb.DB, dialect goose.Dialect, folder string) {
	t.Helper()
	body, err := os.ReadFile("../../store/migrations/" + folder + "/" + migration)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{migration: &fstest.MapFile{Data: body}}

	p, err := goose.NewProvider(dialect, db.DB, fsys)
	if err != nil {
		t.Fatal(err)
	}
	// Up, Down and Up again, so the Down section is checked too.
	ctx := context.Background()
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("migrate up: %v", err)
	}
	if _, err := p.Down(ctx); err != nil {
		t.Fatalf("migrate down: %v", err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("migrate up again: %v", err)
	}
}
