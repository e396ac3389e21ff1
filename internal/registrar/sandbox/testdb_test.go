package sandbox

import (
	"testing"

	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/testdb"
)

// eachDB runs fn against a fresh SQLite file and, when
// PROECOMMERCE_TEST_POSTGRES is set, against a fresh PostgreSQL schema,
// both with the product's migrations applied.
func eachDB(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	testdb.Each(t, fn)
}
