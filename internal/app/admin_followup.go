package app

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/web"
)

// followDomainOpsArgs is the periodic job that reads again registrar
// operations on domain settings (WHOIS privacy, lock, name servers) that
// were still running when the admin's request answered.
type followDomainOpsArgs struct{}

// Kind names the job.
func (followDomainOpsArgs) Kind() string { return "follow_domain_operations" }

type followDomainOpsWorker struct {
	river.WorkerDefaults[followDomainOpsArgs]
	app *App
}

func (w *followDomainOpsWorker) Work(ctx context.Context, _ *river.Job[followDomainOpsArgs]) error {
	_, err := web.FollowDomainOperations(ctx, w.app.Store, w.app.Providers, w.app.Logger, 100)
	return err
}

// followDomainOpsEvery is how often pending domain operations are read.
const followDomainOpsEvery = 30 * time.Second

func init() {
	Register(Module{
		Name: "domain_operations",
		Workers: func(a *App, w *river.Workers) error {
			return river.AddWorkerSafely(w, &followDomainOpsWorker{app: a})
		},
		Periodic: func(a *App) []*river.PeriodicJob {
			return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(followDomainOpsEvery),
				func() (river.JobArgs, *river.InsertOpts) { return followDomainOpsArgs{}, nil },
				&river.PeriodicJobOpts{ID: "follow_domain_operations"})}
		},
	})
}
