package app

import (
	"time"

	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/jobs"
	"github.com/proecommerce/domains/internal/saga"
)

// authWindowEvery is how often authorisations near their end are looked
// for; well inside saga.DefaultAuthMargin, so none is missed.
const authWindowEvery = 15 * time.Minute

func init() {
	Register(Module{
		Name: "authwindow",
		Workers: func(a *App, w *river.Workers) error {
			return jobs.AddAuthWindowWorker(w, a.Saga, saga.DefaultAuthMargin)
		},
		Periodic: func(a *App) []*river.PeriodicJob {
			return []*river.PeriodicJob{jobs.AuthWindowEvery(authWindowEvery)}
		},
	})
}
