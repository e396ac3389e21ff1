package opensrs

import (
	"context"
	"strings"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

// SetPrivacy sends MODIFY data=whois_privacy_state. TLDs known not to
// allow privacy are refused before any call.
func (r *Registrar) SetPrivacy(
	ctx context.Context, domain string, enabled bool,
) (registrar.Operation, error) {
	if f := factsFor(tldOf(domain)); f.privacy != nil && !*f.privacy {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindUnsupported,
			Field: "privacy", Message: "opensrs: ." + tldOf(domain) + ": " + f.privacyReason}
	}

	state := "disable"
	if enabled {
		state = "enable"
	}
	return r.modify(ctx, opID{typ: registrar.OpPrivacy, ref: onOff(enabled), domain: domain},
		ops.Assoc{"data": ops.Str("whois_privacy_state"), "state": ops.Str(state)})
}

// SetLock sends MODIFY data=status with lock_state.
func (r *Registrar) SetLock(
	ctx context.Context, domain string, locked bool,
) (registrar.Operation, error) {
	return r.modify(ctx, opID{typ: registrar.OpLock, ref: onOff(locked), domain: domain},
		ops.Assoc{"data": ops.Str("status"), "lock_state": ops.Bool(locked)})
}

// SetAutoRenew sends MODIFY data=expire_action with auto_renew and
// let_expire=0.
func (r *Registrar) SetAutoRenew(
	ctx context.Context, domain string, enabled bool,
) (registrar.Operation, error) {
	return r.modify(ctx, opID{typ: registrar.OpAutoRenew, ref: onOff(enabled), domain: domain},
		ops.Assoc{
			"data":       ops.Str("expire_action"),
			"auto_renew": ops.Bool(enabled),
			"let_expire": ops.Bool(false),
		})
}

func (r *Registrar) modify(
	ctx context.Context, id opID, attrs ops.Assoc,
) (registrar.Operation, error) {
	attrs["domain"] = ops.Str(id.domain)
	attrs["affect_domains"] = ops.Bool(false)

	rep, err := r.call(ctx, "MODIFY", attrs, codeQueued)
	if err != nil {
		return registrar.Operation{}, err
	}
	return r.settingOp(id, rep), nil
}

// SetNameservers replaces the domain's name servers with
// ADVANCED_UPDATE_NAMESERVERS op_type=assign.
func (r *Registrar) SetNameservers(
	ctx context.Context, domain string, nameservers []string,
) (registrar.Operation, error) {
	names := make([]string, 0, len(nameservers))
	for _, ns := range nameservers {
		names = append(names, strings.ToLower(strings.TrimSuffix(ns, ".")))
	}

	rep, err := r.call(ctx, "ADVANCED_UPDATE_NAMESERVERS", ops.Assoc{
		"domain":    ops.Str(domain),
		"op_type":   ops.Str("assign"),
		"assign_ns": ops.Strings(names),
	}, codeQueued)
	if err != nil {
		return registrar.Operation{}, err
	}

	id := opID{typ: registrar.OpNameservers, ref: strings.Join(names, ","), domain: domain}
	return r.settingOp(id, rep), nil
}

// settingOp builds the operation of a settings change: done on 200, in
// progress on 250 (read again by comparing the domain's state).
func (r *Registrar) settingOp(id opID, rep *ops.Reply) registrar.Operation {
	now := r.cfg.Clock.Now()
	op := registrar.Operation{
		ID:        id.String(),
		Domain:    id.domain,
		Type:      id.typ,
		Status:    registrar.OpSucceeded,
		Message:   rep.Text,
		Submitted: now,
		Updated:   now,
	}
	if rep.Code == codeQueued {
		op.Status = registrar.OpInProgress
		op.Flag = "QUEUED_AT_REGISTRY"
	}
	return op
}
