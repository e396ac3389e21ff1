package opensrs

import (
	"context"
	"fmt"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

// Renew sends RENEW with currentexpirationyear, handle=process and
// auto_renew=0. Code 555 (already renewed) is success when the expiry the
// registrar now holds is at least the one this renewal asked for, so a
// replayed renewal is not an error; otherwise it is a duplicate.
func (r *Registrar) Renew(
	ctx context.Context, domain string, currentExpiryYear, years int,
) (registrar.Operation, error) {
	rep, err := r.call(ctx, "RENEW", ops.Assoc{
		"domain":                ops.Str(domain),
		"period":                ops.Int(max(years, 1)),
		"currentexpirationyear": ops.Int(currentExpiryYear),
		"handle":                ops.Str("process"),
		"auto_renew":            ops.Bool(false),
	}, codeAlreadyRenewed)
	if err != nil {
		return registrar.Operation{}, err
	}

	now := r.cfg.Clock.Now()
	id := opID{typ: registrar.OpRenew, ref: orderID(rep.Attributes), domain: domain}
	op := registrar.Operation{
		ID:        id.String(),
		Domain:    domain,
		Type:      registrar.OpRenew,
		Status:    registrar.OpSucceeded,
		Message:   rep.Text,
		Submitted: now,
		Updated:   now,
	}

	switch {
	case rep.Code == codeAlreadyRenewed:
		return r.alreadyRenewed(ctx, op, currentExpiryYear+max(years, 1))
	case rep.Code == codeQueued:
		op.Status = registrar.OpInProgress
		op.Flag = "QUEUED_AT_REGISTRY"
	case pended(rep.Attributes):
		op.Status = registrar.OpActionRequired
		op.Flag = "FORCED_PENDING"
	}
	return op, nil
}

func (r *Registrar) alreadyRenewed(
	ctx context.Context, op registrar.Operation, wantYear int,
) (registrar.Operation, error) {
	d, err := r.DomainDetail(ctx, op.Domain)
	if err != nil {
		return registrar.Operation{},
			fmt.Errorf("opensrs: RENEW %s answered 555: %w", op.Domain, err)
	}

	if d.Expires.Year() < wantYear {
		return registrar.Operation{}, &registrar.Error{
			Kind: registrar.KindDuplicate,
			Code: "555",
			Message: fmt.Sprintf("opensrs: RENEW %s: already renewed, but expiry year %d "+
				"is before %d", op.Domain, d.Expires.Year(), wantYear),
		}
	}

	op.Message = fmt.Sprintf("already renewed; expires %s", d.Expires.Format("2006-01-02"))
	return op, nil
}
