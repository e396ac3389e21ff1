package app

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/renewal"
)

// Renewal sweep intervals: due invoices are charged and renewed hourly,
// reminders are queued twice a day (each is sent once whatever the count).
const (
	renewalProcessEvery = time.Hour
	renewalRemindEvery  = 12 * time.Hour
)

func init() {
	Register(Module{
		Name: "renewals",
		Workers: func(a *App, w *river.Workers) error {
			return renewal.AddWorkers(w, a.Renewals())
		},
		Periodic: func(a *App) []*river.PeriodicJob {
			return renewal.Periodic(a.Renewals(), renewalProcessEvery, renewalRemindEvery)
		},
		Start: func(ctx context.Context, a *App) error {
			_, err := a.Renewals().MakeUpMissed(ctx)
			return err
		},
	})
}

// Renewals returns the renewal service over the app's store, catalog,
// registrars and payment gateway.
func (a *App) Renewals() *renewal.Service {
	return renewal.New(a.Store, a.Catalog, a.Providers, a.Providers.Gateway, a.Clock, a.Logger,
		renewal.Config{})
}
