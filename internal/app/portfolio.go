package app

import (
	"time"

	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/portfolio"
)

// syncDomainsEvery is how often every registrar account's domain list is
// synced (SPEC 11).
const syncDomainsEvery = 24 * time.Hour

func init() {
	Register(Module{
		Name: "portfolio",
		Workers: func(a *App, w *river.Workers) error {
			return portfolio.AddWorker(w, a.Portfolio(nil), a.Providers)
		},
		Periodic: func(a *App) []*river.PeriodicJob {
			return []*river.PeriodicJob{portfolio.Periodic(syncDomainsEvery)}
		},
	})
}

// Portfolio returns a syncer over the app's store; progress, when set, is
// called after each page.
func (a *App) Portfolio(progress func(portfolio.Summary)) *portfolio.Syncer {
	return portfolio.New(portfolio.Config{Store: a.Store, Clock: a.Clock,
		Logger: a.Logger, Progress: progress})
}
