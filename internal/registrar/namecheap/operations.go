package namecheap

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

// pendingMark ends the ID of a registration the registry completes later.
const pendingMark = "pending"

// opID builds an operation ID: type, domain and any extra parts joined by
// colons ("register:example.com", "transfer_in:example.com:1234").
func opID(typ registrar.OperationType, domain string, extra ...string) string {
	return strings.Join(append([]string{string(typ), domain}, extra...), ":")
}

// parsedID is an operation ID taken apart.
type parsedID struct {
	typ    registrar.OperationType
	domain string
	extra  string
}

func parseOpID(id string) (parsedID, error) {
	parts := strings.SplitN(id, ":", 3)
	if len(parts) < 2 || parts[1] == "" {
		return parsedID{}, &registrar.Error{Kind: registrar.KindNotFound, Field: "operation_id",
			Message: "namecheap: operation " + quote(id) + " is not a Namecheap operation"}
	}
	p := parsedID{typ: registrar.OperationType(parts[0]), domain: parts[1]}
	if len(parts) == 3 {
		p.extra = parts[2]
	}
	return p, nil
}

// syncOp is a succeeded operation for a call that completed synchronously.
func (r *Registrar) syncOp(
	typ registrar.OperationType, domain string, extra ...string,
) registrar.Operation {
	now := r.clock.Now()
	return registrar.Operation{ID: opID(typ, domain, extra...), Domain: domain, Type: typ,
		Status: registrar.OpSucceeded, Submitted: now, Updated: now}
}

// Operation reads an operation's state. Transfers ask
// domains.transfer.getStatus; synchronous operations are answered by reading
// the domain back, since Namecheap keeps no record of them. A registration
// whose domain is not in the account (and not pending at the registry) is an
// error of kind KindNotFound.
func (r *Registrar) Operation(ctx context.Context, id string) (registrar.Operation, error) {
	p, err := parseOpID(id)
	if err != nil {
		return registrar.Operation{}, err
	}

	switch p.typ {
	case registrar.OpRegister:
		return r.registerOp(ctx, id, p)
	case registrar.OpTransferIn:
		if p.extra == "" {
			break
		}
		return r.transferOp(ctx, p.domain, p.extra)
	case registrar.OpRenew:
		return r.renewOp(ctx, id, p)
	case registrar.OpPrivacy:
		return r.stateOp(ctx, id, p, func(d registrar.DomainDetail) bool { return d.Privacy })
	case registrar.OpLock:
		return r.lockOp(ctx, id, p)
	case registrar.OpNameservers, registrar.OpAutoRenew:
		return r.stateOp(ctx, id, p, nil)
	}
	return registrar.Operation{}, &registrar.Error{Kind: registrar.KindNotFound, Field: "operation_id",
		Message: "namecheap: operation " + quote(id) + " has an unknown type"}
}

func (r *Registrar) registerOp(
	ctx context.Context, id string, p parsedID,
) (registrar.Operation, error) {
	op := registrar.Operation{ID: id, Domain: p.domain, Type: registrar.OpRegister}
	info, err := r.domainInfo(ctx, p.domain)
	if registrar.IsKind(err, registrar.KindNotFound) && p.extra == pendingMark {
		op.Status, op.Message = registrar.OpInProgress, "waiting for the registry"
		op.Updated = r.clock.Now()
		return op, nil
	}
	if err != nil {
		return registrar.Operation{}, err
	}

	op.Status, op.Submitted, op.Updated = registrar.OpSucceeded, info.detail.Created, r.clock.Now()
	return op, nil
}

func (r *Registrar) renewOp(
	ctx context.Context, id string, p parsedID,
) (registrar.Operation, error) {
	info, err := r.domainInfo(ctx, p.domain)
	if err != nil {
		return registrar.Operation{}, err
	}

	op := registrar.Operation{ID: id, Domain: p.domain, Type: registrar.OpRenew, Updated: r.clock.Now()}
	from, _ := strconv.Atoi(p.extra)
	if info.detail.Expires.Year() > from {
		op.Status = registrar.OpSucceeded
		return op, nil
	}
	op.Status = registrar.OpFailed
	op.Message = "the expiry date is still in " + strconv.Itoa(info.detail.Expires.Year())
	return op, nil
}

// stateOp answers for a synchronous settings change by reading the domain:
// want, when given, says whether the state read back matches the change.
func (r *Registrar) stateOp(ctx context.Context, id string, p parsedID,
	want func(registrar.DomainDetail) bool) (registrar.Operation, error) {
	info, err := r.domainInfo(ctx, p.domain)
	if err != nil {
		return registrar.Operation{}, err
	}

	op := registrar.Operation{ID: id, Domain: p.domain, Type: p.typ,
		Status: registrar.OpSucceeded, Updated: r.clock.Now()}
	if want != nil && want(info.detail) != (p.extra == "on") {
		op.Status, op.Message = registrar.OpFailed, "the domain's state read back differs"
	}
	return op, nil
}

func (r *Registrar) lockOp(
	ctx context.Context, id string, p parsedID,
) (registrar.Operation, error) {
	locked, err := r.lockState(ctx, p.domain)
	if err != nil {
		return registrar.Operation{}, err
	}

	op := registrar.Operation{ID: id, Domain: p.domain, Type: registrar.OpLock,
		Status: registrar.OpSucceeded, Updated: r.clock.Now()}
	if locked != (p.extra == "on") {
		op.Status, op.Message = registrar.OpFailed, "the lock state read back differs"
	}
	return op, nil
}

// FindOperations finds registrations (the domain is in the account, created
// on or after since's day) and transfers (domains.transfer.getList).
// Namecheap keeps no history of renewals or settings changes, so for those
// it returns nothing: callers compare DomainDetail (Renew itself refuses to
// renew twice from the same expiry year).
func (r *Registrar) FindOperations(ctx context.Context, domain string, typ registrar.OperationType,
	since time.Time) ([]registrar.Operation, error) {
	n, err := splitName(domain)
	if err != nil {
		return nil, err
	}

	switch typ {
	case registrar.OpRegister:
		return r.findRegistration(ctx, n.Full, since)
	case registrar.OpTransferIn:
		return r.findTransfers(ctx, n.Full, since)
	}
	return nil, nil
}

func (r *Registrar) findRegistration(
	ctx context.Context, domain string, since time.Time,
) ([]registrar.Operation, error) {
	info, err := r.domainInfo(ctx, domain)
	if registrar.IsKind(err, registrar.KindNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}

	if info.detail.Created.Before(day(since)) {
		return nil, nil
	}
	return []registrar.Operation{{ID: opID(registrar.OpRegister, domain), Domain: domain,
		Type: registrar.OpRegister, Status: registrar.OpSucceeded,
		Submitted: info.detail.Created, Updated: info.detail.Created}}, nil
}

// day truncates t to midnight UTC: Namecheap's dates carry no time of day.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
