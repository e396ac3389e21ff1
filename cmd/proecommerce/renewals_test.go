package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
)

func TestCronRenewalInvoices(t *testing.T) {
	dir := t.TempDir()
	id, _, err := run(t, dir, "user", "create", "--email", "c@example.com", "--password",
		"long enough", "--role", "client", "--name", "C")
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	db, err := sqldb.Open(filepath.Join(dir, "proecommerce.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := store.New(db, nil)
	ten, err := st.DefaultTenant(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for name, exp := range map[string]string{"soon.com": "2027-02-15", "later.com": "2027-02-16"} {
		e, _ := time.Parse(time.DateOnly, exp)
		if _, err := st.UpsertDomain(ctx, store.Domain{TenantID: ten.ID, ClientID: strings.TrimSpace(id),
			Name: name, TLD: "com", Status: store.DomainActive, Registrar: "sandbox",
			ExpiresAt: e.Add(12 * time.Hour), AutoRenew: true}); err != nil {
			t.Fatal(err)
		}
	}
	invoices := func() int {
		var n int
		if err := db.QueryRow(ctx, `SELECT count(*) FROM invoices`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	out, _, err := run(t, dir, "cron", "renewal-invoices", "--dry-run", "--as-of", "2027-01-01")
	if err != nil || !strings.Contains(out, "soon.com") || strings.Contains(out, "later.com") ||
		!strings.Contains(out, "1 would be invoiced") || invoices() != 0 {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	out, _, err = run(t, dir, "cron", "renewal-invoices", "--as-of", "2027-01-01")
	if err != nil || !strings.Contains(out, "1 invoiced") || invoices() != 1 {
		t.Fatalf("run: %v\n%s", err, out)
	}
	out, _, err = run(t, dir, "cron", "renewal-invoices", "--as-of", "2027-01-01")
	if err != nil || !strings.Contains(out, "0 invoiced") || invoices() != 1 {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	if _, _, err := run(t, dir, "cron", "renewal-invoices", "--as-of", "1 January"); err == nil {
		t.Error("a malformed --as-of was accepted")
	}
}
