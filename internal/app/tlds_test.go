package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/app"
	"github.com/proecommerce/domains/internal/apptest"
)

// TestTLDSyncJobRuns inserts the daily job's args and waits for the River
// worker to store the registrar's price list again over a changed row.
func TestTLDSyncJobRuns(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	ctx := context.Background()
	want, err := h.App.Store.Price(ctx, "sandbox", "com")
	if err != nil || want.Registration == nil {
		t.Fatalf("sandbox .com price at start: %+v %v", want, err)
	}
	if _, err := h.App.DB.Exec(ctx, `UPDATE tld_prices SET registration = 1 WHERE registrar = ? AND tld = ?`,
		"sandbox", "com"); err != nil {
		t.Fatal(err)
	}

	if _, err := h.App.Queue.Insert(ctx, app.TLDSyncArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	h.Eventually(20*time.Second, "the sync job restores the .com price", func() bool {
		p, err := h.App.Store.Price(ctx, "sandbox", "com")
		return err == nil && p.Registration != nil && *p.Registration == *want.Registration
	})
}
