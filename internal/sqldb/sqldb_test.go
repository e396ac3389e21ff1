package sqldb_test

import (
	"context"
	"testing"

	"github.com/proecommerce/domains/internal/testdb"
)

// The embedded database runs in WAL mode, waits on a lock instead of
// failing at once, and enforces foreign keys, on every connection.
func TestSQLitePragmas(t *testing.T) {
	db := testdb.SQLite(t)
	ctx := context.Background()
	for i := 0; i < 3; i++ { // several connections of the pool
		conn, err := db.DB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()

		var mode string
		var busy, fk int
		if err := conn.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" || busy < 1000 || fk != 1 {
			t.Errorf("connection %d: journal_mode %s, busy_timeout %d ms, foreign_keys %d", i, mode, busy, fk)
		}
	}
}
