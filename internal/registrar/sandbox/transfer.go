package sandbox

import (
	"context"
	"log/slog"

	"github.com/proecommerce/domains/internal/registrar"
)

// badAuthCode is the auth code whose transfer the losing registrar refuses.
const badAuthCode = "bad-code"

// Reasons a transfer is refused.
const (
	reasonLocked     = "the domain is locked at its current registrar"
	reasonInAccount  = "the domain is already in this account"
	reasonNoAuthCode = "an auth code is required to transfer this domain"
)

// CheckTransferability says whether domain can be transferred in: every
// valid name can be, except "locked-…" ones and those already in this
// account, so that every path can be tried by hand (the sandbox does not
// model who holds a name elsewhere). The auth code is only checked for
// presence: "bad-code" passes here and fails the transfer later.
func (r *Registrar) CheckTransferability(ctx context.Context,
	domain, authCode string) (registrar.Transferability, error) {
	n, err := r.parse(domain)
	if err != nil {
		return registrar.Transferability{}, err
	}
	return r.transferability(ctx, n, authCode)
}

func (r *Registrar) transferability(ctx context.Context, n name,
	authCode string) (registrar.Transferability, error) {
	held, err := domainExists(ctx, r.db, n.domain)
	if err != nil {
		return registrar.Transferability{}, err
	}

	refuse := func(reason string) (registrar.Transferability, error) {
		return registrar.Transferability{Reason: reason, Raw: "UNTRANSFERABLE"}, nil
	}
	out := classify(n.label)
	switch {
	case held:
		return refuse(reasonInAccount)
	case out == outLocked:
		return refuse(reasonLocked)
	case authCode == "" && n.price.AuthCodeRequired:
		return refuse(reasonNoAuthCode)
	}
	return registrar.Transferability{Transferable: true, Raw: "TRANSFERABLE"}, nil
}

// TransferIn starts an inbound transfer that ends after the transfer delay:
// failed when the auth code is "bad-code", else with the domain in the
// registry and its expiry at completion plus the years (at least one).
func (r *Registrar) TransferIn(ctx context.Context, req registrar.TransferRequest) (registrar.Operation, error) {
	n, err := r.parse(req.Domain)
	if err != nil {
		return registrar.Operation{}, err
	}
	years := max(req.Years, 1)
	if err := checkYears(n, years); err != nil {
		return registrar.Operation{}, err
	}

	t, err := r.transferability(ctx, n, req.AuthCode)
	if err != nil {
		return registrar.Operation{}, err
	}
	if !t.Transferable {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindUnavailable,
			Field: "domain", Code: t.Raw, Message: "sandbox: " + t.Reason}
	}

	o := r.pendingOp(n.domain, registrar.OpTransferIn, years, r.opts.TransferDelay, false)
	o.Fail = req.AuthCode == badAuthCode
	o.Privacy = req.Privacy && allowsPrivacy(n)
	o.Nameservers = req.Nameservers
	if err := insertOp(ctx, r.db, o); err != nil {
		return registrar.Operation{}, err
	}

	r.log.Info("sandbox transfer submitted", slog.String("operation_id", o.ID),
		slog.String("domain", o.Domain), slog.Int("years", years))
	return o.toOperation(), nil
}
