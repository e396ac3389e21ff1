// Package audit writes the tenant's audit log entry for every call that
// changes something at a registrar or the payment gateway: what was asked,
// of whom, by whom and with what outcome. It wraps the providers, so no
// caller can forget it; the caller says whose call it is through the
// context. Entries never hold auth codes, card data, keys or provider
// messages, only the operation, the subject and how it ended.
package audit

import (
	"context"
	"log/slog"
)

// Recorder stores one audit entry (store.Store does).
type Recorder interface {
	Audit(ctx context.Context, tenantID, actor, action, subject, detail string) error
}

type actorKey struct{}

type actor struct{ tenantID, name string }

// WithActor says on whose behalf the provider calls made with ctx are:
// the tenant and who acted (a user's e-mail, or a job such as "saga").
func WithActor(ctx context.Context, tenantID, name string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor{tenantID: tenantID, name: name})
}

// WithDefaultActor is WithActor unless ctx already names an actor (a
// user whose request led to the call).
func WithDefaultActor(ctx context.Context, tenantID, name string) context.Context {
	if _, ok := actorOf(ctx); ok {
		return ctx
	}
	return WithActor(ctx, tenantID, name)
}

// actorOf returns the actor set by WithActor.
func actorOf(ctx context.Context) (actor, bool) {
	a, ok := ctx.Value(actorKey{}).(actor)
	return a, ok && a.tenantID != ""
}

// writer records entries for the wrappers.
type writer struct {
	rec Recorder
	log *slog.Logger
}

// record writes one entry. A call made without an actor (a command-line
// sync, a test) has no tenant to file it under and is logged instead.
func (w writer) record(ctx context.Context, action, subject, outcome string) {
	a, ok := actorOf(ctx)
	if !ok {
		w.log.Info("provider call without a tenant to audit", "action", action, "subject", subject,
			"outcome", outcome)
		return
	}
	// The entry must not be lost with a request that ends right after the
	// call, hence the context without its cancellation.
	if err := w.rec.Audit(context.WithoutCancel(ctx), a.tenantID, a.name, action, subject, outcome); err != nil {
		w.log.Error("could not write the audit log", "action", action, "subject", subject, "err", err)
	}
}
