package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
)

// FollowDomainOperations reads again the registrar operations on domain
// settings (privacy, lock, name servers) that were still running when the
// request that started them answered. An operation that ended has the
// domain's state read back from the registrar and stored; one still
// running stays pending for the next pass. It returns how many ended.
func FollowDomainOperations(ctx context.Context, st *store.Store, regs catalog.Registrars,
	logger *slog.Logger, limit int) (int, error) {
	ops, err := st.PendingDomainOperations(ctx, limit)
	if err != nil {
		return 0, err
	}
	ended := 0
	for _, o := range ops {
		done, err := followOne(ctx, st, regs, o)
		if err != nil {
			logger.Warn("domain operation not read", "operation_id", o.OperationID,
				"domain_id", o.DomainID, "err", err)
			continue
		}
		if done {
			ended++
		}
	}
	return ended, nil
}

func followOne(ctx context.Context, st *store.Store, regs catalog.Registrars, o store.DomainOperation) (bool, error) {
	reg, ok := regs.Registrar(o.Registrar)
	if !ok {
		return false, fmt.Errorf("web: registrar %s is not configured", o.Registrar)
	}
	op, err := reg.Operation(ctx, o.OperationID)
	if registrar.IsKind(err, registrar.KindNotFound) {
		return true, st.FinishDomainOperation(ctx, o.ID, store.DomainOpFailed, "the registrar no longer knows it")
	}
	if err != nil {
		return false, err
	}
	if !op.Status.Terminal() {
		return false, st.FinishDomainOperation(ctx, o.ID, store.DomainOpPending, op.Message)
	}

	d, err := st.DomainByID(ctx, o.DomainID)
	if errors.Is(err, store.ErrNotFound) {
		return true, st.FinishDomainOperation(ctx, o.ID, store.DomainOpFailed, "the domain is gone")
	}
	if err != nil {
		return false, err
	}
	if err := storeReadBack(ctx, st, reg, d); err != nil {
		return false, err
	}
	status := store.DomainOpSucceeded
	if op.Status == registrar.OpFailed {
		status = store.DomainOpFailed
	}
	return true, st.FinishDomainOperation(ctx, o.ID, status, op.Message)
}

// storeReadBack stores the privacy, lock and name servers the registrar
// holds for the domain.
func storeReadBack(ctx context.Context, st *store.Store, reg registrar.Registrar, d store.Domain) error {
	detail, err := reg.DomainDetail(ctx, d.Name)
	if err != nil {
		return fmt.Errorf("web: read back %s: %w", d.Name, err)
	}
	d.Privacy, d.Locked = detail.Privacy, detail.Locked
	if len(detail.Nameservers) > 0 {
		d.Nameservers = detail.Nameservers
	}
	if err := st.SetDomainFlags(ctx, d); err != nil {
		return err
	}
	return st.SetDomainNameservers(ctx, d)
}
