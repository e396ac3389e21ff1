package opensrs

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

// Operation reads an operation again: an order by GET_ORDER_INFO, a
// transfer by CHECK_TRANSFER check_status=1, and a settings change by
// comparing the domain's current state with the one asked for.
func (r *Registrar) Operation(ctx context.Context, id string) (registrar.Operation, error) {
	o, err := parseOpID(id)
	if err != nil {
		return registrar.Operation{}, err
	}

	op := registrar.Operation{ID: id, Domain: o.domain, Type: o.typ, Updated: r.cfg.Clock.Now()}
	switch o.typ {
	case registrar.OpTransferIn:
		return r.transferOp(ctx, op, o.ref)
	case registrar.OpRegister, registrar.OpRenew:
		return r.orderOp(ctx, op, o.ref)
	}
	return r.settingState(ctx, op, o)
}

type orderInfo struct {
	Status    string `ops:"status"`
	OrderDate string `ops:"order_date"`
	RegType   string `ops:"reg_type"`
}

func (r *Registrar) orderOp(
	ctx context.Context, op registrar.Operation, orderID string,
) (registrar.Operation, error) {
	if orderID == "" {
		return r.orderlessOp(ctx, op)
	}

	rep, err := r.call(ctx, "GET_ORDER_INFO", ops.Assoc{"order_id": ops.Str(orderID)})
	if err != nil {
		return registrar.Operation{}, err
	}

	var info orderInfo
	if err := ops.Unmarshal(rep.Attributes["field_hash"], &info); err != nil {
		return registrar.Operation{}, fmt.Errorf("opensrs: GET_ORDER_INFO %s: %w", orderID, err)
	}
	op.Submitted, _ = parseTime(info.OrderDate)
	op.Status, op.Message = orderStatus(info.Status)
	op.Flag = strings.ToUpper(info.Status)
	return op, nil
}

// orderlessOp judges an order OpenSRS gave no id for: a registration is
// done once the domain is in the account; a renewal without an id came
// from code 555 and was already confirmed.
func (r *Registrar) orderlessOp(
	ctx context.Context, op registrar.Operation,
) (registrar.Operation, error) {
	op.Status = registrar.OpSucceeded
	if op.Type != registrar.OpRegister {
		return op, nil
	}

	_, err := r.allInfo(ctx, op.Domain)
	if registrar.IsKind(err, registrar.KindNotFound) {
		op.Status = registrar.OpInProgress
		return op, nil
	}
	if err != nil {
		return registrar.Operation{}, err
	}
	return op, nil
}

// orderStatus maps an OpenSRS order status.
//
// Limitation: the status names are those GET_ORDERS_BY_DOMAIN documents as
// filters; what each means while a registry works asynchronously is our
// reading, so an unknown status stays in progress rather than failing.
func orderStatus(s string) (registrar.OperationStatus, string) {
	switch strings.ToLower(s) {
	case "completed", "processed":
		return registrar.OpSucceeded, "order completed"
	case "cancelled", "declined", "deleted":
		return registrar.OpFailed, "order " + strings.ToLower(s)
	case "pending":
		return registrar.OpActionRequired, "order is pended at OpenSRS; approve it or add funds"
	case "pending_fax", "ca_owner_approval":
		return registrar.OpActionRequired, "order waits for the registrant (" + s + ")"
	}
	return registrar.OpInProgress, "order " + s
}

// transferOp reads the last transfer's status; when OpenSRS has no
// transfer request for the domain (the order never got that far), the
// order itself is read.
func (r *Registrar) transferOp(
	ctx context.Context, op registrar.Operation, orderID string,
) (registrar.Operation, error) {
	rep, err := r.call(ctx, "CHECK_TRANSFER", ops.Assoc{
		"domain":       ops.Str(op.Domain),
		"check_status": ops.Bool(true),
	})
	if registrar.IsKind(err, registrar.KindNotFound) && orderID != "" {
		return r.orderOp(ctx, op, orderID)
	}
	if err != nil {
		return registrar.Operation{}, err
	}

	status := strings.ToLower(rep.Attributes.Text("status"))
	op.Flag = strings.ToUpper(status)
	op.Status, op.Message = transferStatus(status, rep.Attributes.Text("reason"))
	return op, nil
}

// transferStatus maps CHECK_TRANSFER's status of the last transfer.
//
// Limitation: CHECK_TRANSFER reports only the domain's most recent
// transfer, so an older transfer's operation reads that one's status.
func transferStatus(status, reason string) (registrar.OperationStatus, string) {
	switch status {
	case "completed":
		return registrar.OpSucceeded, "transfer completed"
	case "cancelled":
		if reason == "" {
			reason = "transfer cancelled"
		}
		return registrar.OpFailed, reason
	case "pending_owner":
		return registrar.OpActionRequired, "the domain's admin contact must approve the transfer"
	case "pending_registry":
		return registrar.OpInProgress, "waiting for the registry"
	}
	return registrar.OpInProgress, "transfer " + status
}

// settingState compares the domain's state with the one the change asked
// for; a match means the change is done.
func (r *Registrar) settingState(
	ctx context.Context, op registrar.Operation, o opID,
) (registrar.Operation, error) {
	var (
		done bool
		err  error
	)
	switch o.typ {
	case registrar.OpPrivacy:
		var on bool
		on, err = r.privacy(ctx, o.domain)
		done = on == (o.ref == "on")
	case registrar.OpLock:
		var on bool
		on, err = r.locked(ctx, o.domain)
		done = on == (o.ref == "on")
	case registrar.OpAutoRenew:
		var info allInfo
		info, err = r.allInfo(ctx, o.domain)
		done = info.AutoRenew == (o.ref == "on")
	case registrar.OpNameservers:
		done, err = r.nameserversAre(ctx, o.domain, o.ref)
	}
	if err != nil {
		return registrar.Operation{}, err
	}

	op.Status = registrar.OpInProgress
	if done {
		op.Status = registrar.OpSucceeded
	}
	return op, nil
}

func (r *Registrar) nameserversAre(ctx context.Context, domain, joined string) (bool, error) {
	info, err := r.allInfo(ctx, domain)
	if err != nil {
		return false, err
	}

	have := nameserverNames(info.Nameservers)
	var want []string
	if joined != "" {
		want = strings.Split(joined, ",")
	}
	slices.Sort(have)
	slices.Sort(want)
	return slices.Equal(have, want), nil
}

type domainOrder struct {
	ID        string `ops:"id"`
	OrderDate string `ops:"order_date"`
	Status    string `ops:"status"`
	Type      string `ops:"type"`
}

// maxOrderPages bounds GET_ORDERS_BY_DOMAIN paging.
const maxOrderPages = 50

// FindOperations lists the domain's orders of the matching type since the
// given time with GET_ORDERS_BY_DOMAIN, newest first. Settings changes
// (privacy, lock, auto-renew, name servers) are not orders at OpenSRS and
// are answered by reading the domain, so for them the list is empty.
func (r *Registrar) FindOperations(
	ctx context.Context, domain string, typ registrar.OperationType, since time.Time,
) ([]registrar.Operation, error) {
	orderType, ok := orderTypes[typ]
	if !ok {
		return nil, nil
	}

	var out []registrar.Operation
	for page := 1; page <= maxOrderPages; page++ {
		orders, err := r.ordersPage(ctx, domain, orderType, since, page)
		if err != nil {
			return nil, err
		}
		out = append(out, r.ordersToOps(domain, typ, orders, since)...)
		if len(orders) < r.cfg.PageSize {
			break
		}
	}

	slices.SortStableFunc(out, func(a, b registrar.Operation) int {
		return b.Submitted.Compare(a.Submitted)
	})
	return out, nil
}

func (r *Registrar) ordersPage(
	ctx context.Context, domain, orderType string, since time.Time, page int,
) ([]domainOrder, error) {
	rep, err := r.call(ctx, "GET_ORDERS_BY_DOMAIN", ops.Assoc{
		"domain":     ops.Str(domain),
		"type":       ops.Str(orderType),
		"order_from": ops.Str(since.UTC().Format("2006-01-02")),
		"page":       ops.Int(page),
		"limit":      ops.Int(r.cfg.PageSize),
	})
	if err != nil {
		return nil, err
	}

	var orders []domainOrder
	if err := ops.Unmarshal(rep.Attributes["orders"], &orders); err != nil {
		return nil, fmt.Errorf("opensrs: GET_ORDERS_BY_DOMAIN %s: %w", domain, err)
	}
	return orders, nil
}

func (r *Registrar) ordersToOps(
	domain string, typ registrar.OperationType, orders []domainOrder, since time.Time,
) []registrar.Operation {
	var out []registrar.Operation
	for _, o := range orders {
		submitted, err := parseTime(o.OrderDate)
		if err == nil && submitted.Before(since) {
			continue
		}

		status, msg := orderStatus(o.Status)
		out = append(out, registrar.Operation{
			ID:        opID{typ: typ, ref: o.ID, domain: domain}.String(),
			Domain:    domain,
			Type:      typ,
			Status:    status,
			Message:   msg,
			Submitted: submitted,
			Updated:   r.cfg.Clock.Now(),
			Flag:      strings.ToUpper(o.Status),
		})
	}
	return out
}
