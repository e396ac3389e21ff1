package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/portfolio"
	"github.com/proecommerce/domains/internal/store"
)

// TestSyncDomainsJobRuns inserts the periodic job's args and waits for the
// River worker to bring a sandbox registry domain into the store.
func TestSyncDomainsJobRuns(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	ctx := context.Background()
	now := h.App.Clock.Now().UTC()
	if _, err := h.App.DB.Exec(ctx, `INSERT INTO sandbox_registry_domains (domain, created_at,
		expires_at, auto_renew, locked, privacy, nameservers, auth_code)
		VALUES (?, ?, ?, FALSE, TRUE, TRUE, '', 'x')`, "found-by-job.com", now, now.AddDate(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := h.App.Queue.Insert(ctx, portfolio.SyncArgs{}, nil); err != nil {
		t.Fatal(err)
	}
	h.Eventually(20*time.Second, "the sync job stores found-by-job.com", func() bool {
		d, err := h.App.Store.Domain(ctx, h.Tenant.ID, "", "found-by-job.com")
		return err == nil && d.Status == store.DomainActive && d.ClientID == "" && d.Registrar == "sandbox"
	})
}
