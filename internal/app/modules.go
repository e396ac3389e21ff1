package app

import (
	"context"

	"github.com/riverqueue/river"
)

// Module is a feature that adds background work to the app: its River
// workers and periodic jobs. Features register themselves from init in
// their own file, so adding one does not touch the app's assembly.
type Module struct {
	Name string
	// Workers adds the module's workers.
	Workers func(a *App, w *river.Workers) error
	// Periodic returns the module's periodic jobs.
	Periodic func(a *App) []*river.PeriodicJob
	// Start, when set, runs once after the app is open (for example to
	// make up a missed monthly run).
	Start func(ctx context.Context, a *App) error
}

var modules []Module

// Register adds a module; call it from init.
func Register(m Module) { modules = append(modules, m) }
