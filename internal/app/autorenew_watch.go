package app

import (
	"time"

	"github.com/riverqueue/river"

	"github.com/proecommerce/domains/internal/renewal"
)

// autoRenewWatchEvery is how often domains still set to renew by
// themselves at their registrar are looked for near expiry.
const autoRenewWatchEvery = 24 * time.Hour

func init() {
	Register(Module{
		Name: "registrar_auto_renew_check",
		Workers: func(a *App, w *river.Workers) error {
			return renewal.AddAutoRenewWatch(w, a.Renewals())
		},
		Periodic: func(a *App) []*river.PeriodicJob {
			return []*river.PeriodicJob{renewal.AutoRenewWatchEvery(autoRenewWatchEvery)}
		},
	})
}
