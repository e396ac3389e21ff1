package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// installationTables hold no tenant's data: the tenants themselves,
// registrar price lists, the migration and job machinery, the sandbox
// providers' own state (a model of an outside service), provider webhook
// ids, the monthly renewal runs (one for the installation), the provider
// accounts' call counts (an account serves every tenant) and the session
// store (opaque tokens, in the layout the session library reads). Every
// other table carries tenant_id.
var installationTables = []string{"tenants", "tld_prices", "goose_db_version", "webhook_events",
	"renewal_runs", "sessions"}

func isInstallationTable(name string) bool {
	return slices.Contains(installationTables, name) || strings.HasPrefix(name, "river_") ||
		strings.HasPrefix(name, "sandbox_") || strings.HasPrefix(name, "rate_limit_")
}

// Every table of tenant data carries tenant_id, on both engines.
func TestEveryTenantTableCarriesTenantID(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		tables := tablesOf(t, db)
		if len(tables) < 10 {
			t.Fatalf("only %d tables: %v", len(tables), tables)
		}
		for _, table := range tables {
			if isInstallationTable(table) {
				continue
			}
			if !hasColumn(t, db, table, "tenant_id") {
				t.Errorf("table %s has no tenant_id", table)
			}
		}
	})
}

func tablesOf(t *testing.T, db *sqldb.DB) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if db.Dialect == sqldb.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
			AND table_type = 'BASE TABLE'`
	}
	rows, err := db.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		out = append(out, name)
	}
	return out
}

func hasColumn(t *testing.T, db *sqldb.DB, table, column string) bool {
	t.Helper()
	q := `SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`
	if db.Dialect == sqldb.Postgres {
		q = `SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()
			AND table_name = ? AND column_name = ?`
	}
	var n int
	if err := db.QueryRow(context.Background(), q, table, column).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

// Item history and invoice lines written through the store carry the
// tenant of the item or invoice they belong to.
func TestChildRowsCarryTheirTenant(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		o := newOrder(f, "a.com")
		if err := f.st.CreateOrder(ctx, o); err != nil {
			t.Fatal(err)
		}
		got, err := f.st.Order(ctx, f.tenant.ID, "", o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.st.UpdateItem(ctx, got.Items[0].ID, store.ItemUpdate{From: store.ItemPending,
			To: store.ItemAuthorized, Note: "paid"}); err != nil {
			t.Fatal(err)
		}
		inv := store.Invoice{TenantID: f.tenant.ID, ClientID: f.client.ID, Status: store.InvoiceOpen,
			Total: money.New(1440, "USD"), DueAt: t0,
			Lines: []store.InvoiceLine{{Domain: "a.com", Kind: "registration", PeriodFrom: t0,
				PeriodTo: t0.AddDate(1, 0, 0), Amount: money.New(1440, "USD")}}}
		if err := f.st.CreateInvoice(ctx, &inv); err != nil {
			t.Fatal(err)
		}

		for table, want := range map[string]int{"order_item_history": 2, "invoice_lines": 1} {
			var n int
			err := db.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE tenant_id = ?`, f.tenant.ID).Scan(&n)
			if err != nil || n != want {
				t.Errorf("%s: %d rows of the tenant (%v), want %d", table, n, err, want)
			}
		}
	})
}
