package renewal

import (
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

func TestWorkers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		b.domain(t, "shop.com", expiry, time.Time{})

		w := &invoiceWorker{s: b.svc}
		job := &river.Job[InvoiceArgs]{JobRow: &rivertype.JobRow{}, Args: InvoiceArgs{AsOf: "2027-01-01"}}
		must(t, w.Work(b.ctx, job))
		if r := b.renewalOf(t, "shop.com"); r.State != store.RenewalOpen {
			t.Fatalf("renewal %s", r.State)
		}
		last, ok, err := b.st.LastRenewalRun(b.ctx)
		must(t, err)
		if !ok || !last.Equal(asOf) {
			t.Errorf("run recorded for %s (%v), want %s", last, ok, asOf)
		}

		b.dueDay()
		must(t, (&processWorker{s: b.svc}).Work(b.ctx, &river.Job[ProcessArgs]{JobRow: &rivertype.JobRow{}}))
		if r := b.renewalOf(t, "shop.com"); r.State != store.RenewalRenewed {
			t.Errorf("after the sweep: %s (%s)", r.State, r.Error)
		}

		workers := river.NewWorkers()
		must(t, AddWorkers(workers, b.svc))
		if n := len(Periodic(b.svc, time.Hour, time.Hour)); n != 3 {
			t.Errorf("%d periodic jobs", n)
		}
	})
}
