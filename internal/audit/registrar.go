package audit

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/proecommerce/domains/internal/registrar"
)

// Registrar audits the calls of a registrar that change something; reads
// (availability, prices, details, operations) pass through unrecorded.
type Registrar struct {
	registrar.Registrar
	w writer
}

// WrapRegistrar returns r with its changing calls audited.
func WrapRegistrar(r registrar.Registrar, rec Recorder, log *slog.Logger) *Registrar {
	return &Registrar{Registrar: r, w: writer{rec: rec, log: log}}
}

// Unwrap returns the registrar inside.
func (r *Registrar) Unwrap() registrar.Registrar { return r.Registrar }

func (r *Registrar) op(ctx context.Context, call, domain string, op registrar.Operation, err error) {
	r.w.record(ctx, "registrar."+call, domain, opOutcome(r.Name(), op, err))
}

// opOutcome says how a call ended: the operation started, or the kind of
// error (never the provider's message, which may quote the request).
func opOutcome(name string, op registrar.Operation, err error) string {
	if err != nil {
		return fmt.Sprintf("%s: error (%s)", name, registrar.KindOf(err))
	}
	return fmt.Sprintf("%s: operation %s %s", name, op.ID, op.Status)
}

// Register audits RegisterDomain.
func (r *Registrar) Register(ctx context.Context, req registrar.RegisterRequest) (registrar.Operation, error) {
	op, err := r.Registrar.Register(ctx, req)
	r.op(ctx, "register", req.Domain, op, err)
	return op, err
}

// TransferIn audits a transfer request; the auth code is not recorded.
func (r *Registrar) TransferIn(ctx context.Context, req registrar.TransferRequest) (registrar.Operation, error) {
	op, err := r.Registrar.TransferIn(ctx, req)
	r.op(ctx, "transfer_in", req.Domain, op, err)
	return op, err
}

// Renew audits a renewal.
func (r *Registrar) Renew(ctx context.Context, domain string, currentExpiryYear, years int) (registrar.Operation, error) {
	op, err := r.Registrar.Renew(ctx, domain, currentExpiryYear, years)
	r.op(ctx, "renew", domain, op, err)
	return op, err
}

// SetPrivacy audits a privacy change.
func (r *Registrar) SetPrivacy(ctx context.Context, domain string, enabled bool) (registrar.Operation, error) {
	op, err := r.Registrar.SetPrivacy(ctx, domain, enabled)
	r.op(ctx, fmt.Sprintf("privacy %t", enabled), domain, op, err)
	return op, err
}

// SetAutoRenew audits the registrar-side auto-renew switch.
func (r *Registrar) SetAutoRenew(ctx context.Context, domain string, enabled bool) (registrar.Operation, error) {
	op, err := r.Registrar.SetAutoRenew(ctx, domain, enabled)
	r.op(ctx, fmt.Sprintf("auto_renew %t", enabled), domain, op, err)
	return op, err
}

// SetLock audits a transfer-lock change.
func (r *Registrar) SetLock(ctx context.Context, domain string, locked bool) (registrar.Operation, error) {
	op, err := r.Registrar.SetLock(ctx, domain, locked)
	r.op(ctx, fmt.Sprintf("lock %t", locked), domain, op, err)
	return op, err
}

// AuthCode audits that the code was retrieved, never the code.
func (r *Registrar) AuthCode(ctx context.Context, domain string) (string, error) {
	code, err := r.Registrar.AuthCode(ctx, domain)
	outcome := r.Name() + ": retrieved"
	if err != nil {
		outcome = fmt.Sprintf("%s: error (%s)", r.Name(), registrar.KindOf(err))
	}
	r.w.record(ctx, "registrar.auth_code", domain, outcome)
	return code, err
}

// SetNameservers audits a delegation change.
func (r *Registrar) SetNameservers(ctx context.Context, domain string, nameservers []string) (registrar.Operation, error) {
	op, err := r.Registrar.SetNameservers(ctx, domain, nameservers)
	r.op(ctx, "nameservers", domain, op, err)
	return op, err
}

// UpdateContacts audits a contact change where the registrar inside can
// make one, and refuses it as unsupported otherwise.
func (r *Registrar) UpdateContacts(ctx context.Context, domain string, change registrar.ContactChange) (registrar.Operation, error) {
	cu, ok := r.Registrar.(registrar.ContactUpdater)
	if !ok {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindUnsupported,
			Message: "the registrar " + r.Name() + " cannot change contacts here"}
	}
	op, err := cu.UpdateContacts(ctx, domain, change)
	r.op(ctx, "contacts", domain, op, err)
	return op, err
}

// CanUpdateContacts reports whether the registrar inside changes contacts.
func (r *Registrar) CanUpdateContacts() bool {
	_, ok := r.Registrar.(registrar.ContactUpdater)
	return ok
}
