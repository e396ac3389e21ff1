package store_test

import (
	"context"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// Every migration goes down cleanly and comes back up, on both engines.
func TestMigrationsDownAndUpAgain(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		fsys, err := store.Migrations(db.Dialect)
		if err != nil {
			t.Fatal(err)
		}
		dialect := goose.DialectSQLite3
		if db.Dialect == sqldb.Postgres {
			dialect = goose.DialectPostgres
		}
		p, err := goose.NewProvider(dialect, db.DB, fsys)
		if err != nil {
			t.Fatal(err)
		}
		top, err := p.GetDBVersion(ctx)
		if err != nil || top < 7 {
			t.Fatalf("version after migrate: %d %v", top, err)
		}
		if _, err := p.DownTo(ctx, 0); err != nil {
			t.Fatalf("down: %v", err)
		}
		if err := store.Migrate(ctx, db); err != nil {
			t.Fatalf("up again: %v", err)
		}
		if v, _ := p.GetDBVersion(ctx); v != top {
			t.Errorf("version %d after up again, want %d", v, top)
		}
	})
}
