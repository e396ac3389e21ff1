package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/sqldb"
)

// Messages of operations that end failed.
const (
	msgRegisterRefused = "the registry refused the registration"
	msgBadAuthCode     = "the auth code was refused by the losing registrar"
	msgTransferRefused = "the losing registrar refused the transfer"
	msgAlreadyHeld     = "the domain was registered by someone else meanwhile"
	msgPending         = "waiting for the registry"
)

// errRaced means another process finalised the operation first.
var errRaced = errors.New("sandbox registrar: operation already finalised")

// Operation reads an operation, finalising it first when its completion
// time on the clock has come.
func (r *Registrar) Operation(ctx context.Context, id string) (registrar.Operation, error) {
	o, err := getOp(ctx, r.db, id)
	if err != nil {
		return registrar.Operation{}, err
	}
	return r.refresh(ctx, o)
}

// refresh finalises a due operation and returns its current state.
func (r *Registrar) refresh(ctx context.Context, o opRow) (registrar.Operation, error) {
	due := o.CompletesAt.Valid && !r.now().Before(o.CompletesAt.Time)
	if o.Status.Terminal() || !due {
		return o.toOperation(), nil
	}
	return r.finalise(ctx, o, o.CompletesAt.Time, o.Fail)
}

// Complete ends the registration or transfer of domain that is in progress
// now (a "slow-" name, or any other before its delay is over), failing it
// when fail is set. It serves `proecommerce sandbox complete` and the admin
// page. With nothing in progress it returns a KindNotFound error.
func (r *Registrar) Complete(ctx context.Context, domain string, fail bool) (registrar.Operation, error) {
	row := r.db.QueryRow(ctx, `SELECT `+opColumns+` FROM sandbox_registry_operations
		WHERE domain = ? AND type IN ('register', 'transfer_in')
		AND status NOT IN ('succeeded', 'failed')`, normal(domain))
	o, err := scanOp(row)
	if errors.Is(err, sql.ErrNoRows) {
		return registrar.Operation{}, registrar.Errorf(registrar.KindNotFound,
			"sandbox: no registration or transfer of %s is in progress", domain)
	}
	if err != nil {
		return registrar.Operation{}, fmt.Errorf("sandbox registrar: find pending operation: %w", err)
	}

	op, err := r.refresh(ctx, o)
	if err != nil || op.Status.Terminal() {
		return op, err
	}
	return r.finalise(ctx, o, r.now(), fail)
}

// finalise ends o at time at: failed when fail is set, else succeeded with
// the domain entered in the registry.
func (r *Registrar) finalise(ctx context.Context, o opRow, at time.Time, fail bool) (registrar.Operation, error) {
	err := r.db.InTx(ctx, func(tx *sqldb.Tx) error {
		status, msg := registrar.OpSucceeded, ""
		if fail {
			status, msg = registrar.OpFailed, failMessage(o)
		}
		if !fail {
			held, err := domainExists(ctx, tx, o.Domain)
			if err != nil {
				return err
			}
			if held {
				status, msg = registrar.OpFailed, msgAlreadyHeld
			}
		}

		if err := markOp(ctx, tx, o, status, msg, at); err != nil {
			return err
		}
		if status == registrar.OpFailed {
			return nil
		}
		return insertDomain(ctx, tx, r.newDomain(o, at))
	})
	if err != nil && !errors.Is(err, errRaced) {
		return registrar.Operation{}, err
	}

	final, err := getOp(ctx, r.db, o.ID)
	if err != nil {
		return registrar.Operation{}, err
	}
	r.log.Info("sandbox operation ended", slog.String("operation_id", o.ID),
		slog.String("domain", o.Domain), slog.String("type", string(o.Type)),
		slog.String("status", string(final.Status)))
	return final.toOperation(), nil
}

// markOp moves o to a terminal status unless another process already has.
func markOp(ctx context.Context, tx *sqldb.Tx, o opRow, status registrar.OperationStatus,
	msg string, at time.Time) error {
	res, err := tx.Exec(ctx, `UPDATE sandbox_registry_operations
		SET status = ?, message = ?, updated_at = ?, completes_at = ?
		WHERE id = ? AND status = ?`,
		string(status), msg, at, at, o.ID, string(o.Status))
	if err != nil {
		return fmt.Errorf("sandbox registrar: finalise operation %s: %w", o.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errRaced
	}
	return nil
}

// newDomain is the registry entry a succeeded registration or transfer
// creates: expiry is the completion time plus the years ordered.
func (r *Registrar) newDomain(o opRow, at time.Time) domainRow {
	years := max(o.Years, 1)
	locked := false
	if n, err := r.parse(o.Domain); err == nil {
		locked = n.price.TransferLock
	}
	return domainRow{
		Domain:      o.Domain,
		Created:     at,
		Expires:     at.AddDate(years, 0, 0),
		Locked:      locked,
		Privacy:     o.Privacy,
		Nameservers: o.Nameservers,
		AuthCode:    randomHex(8),
	}
}

func failMessage(o opRow) string {
	switch {
	case o.Type == registrar.OpRegister:
		return msgRegisterRefused
	case o.Fail:
		return msgBadAuthCode
	default:
		return msgTransferRefused
	}
}

// FindOperations lists operations of a type on domain submitted at or after
// since, newest first, finalising those that are due.
func (r *Registrar) FindOperations(ctx context.Context, domain string, typ registrar.OperationType,
	since time.Time) ([]registrar.Operation, error) {
	rows, err := r.db.Query(ctx, `SELECT `+opColumns+` FROM sandbox_registry_operations
		WHERE domain = ? AND type = ? ORDER BY submitted_at DESC, id DESC`, normal(domain), string(typ))
	if err != nil {
		return nil, fmt.Errorf("sandbox registrar: find operations on %s: %w", domain, err)
	}
	var found []opRow
	for rows.Next() {
		o, err := scanOp(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("sandbox registrar: read operation: %w", err)
		}
		if !o.Submitted.Before(since) {
			found = append(found, o)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sandbox registrar: find operations on %s: %w", domain, err)
	}

	out := make([]registrar.Operation, 0, len(found))
	for _, o := range found {
		op, err := r.refresh(ctx, o)
		if err != nil {
			return nil, err
		}
		out = append(out, op)
	}
	return out, nil
}
