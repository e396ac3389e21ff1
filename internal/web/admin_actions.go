package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

// How long a request follows an asynchronous registrar operation before it
// answers with the change pending; a periodic job reads it again later.
// Variables so tests can shorten them.
var (
	opFollowTries = 4
	opFollowDelay = 500 * time.Millisecond
)

// regOf returns the registrar serving the domain.
func (s *Server) regOf(d store.Domain) (registrar.Registrar, error) {
	reg, ok := s.Registrars.Registrar(d.Registrar)
	if !ok {
		return nil, &validate.FieldError{Code: "conflict", Message: "registrar " + d.Registrar +
			" is not configured here"}
	}
	return reg, nil
}

// registrarRefusal turns a refusal of the registrar into a 409 naming the
// field; other errors pass through.
func registrarRefusal(err error, field string) error {
	switch registrar.KindOf(err) {
	case registrar.KindUnsupported, registrar.KindInvalid, registrar.KindUnsupportedTLD:
		return &validate.FieldError{Field: field, Code: "conflict", Message: err.Error()}
	case registrar.KindNotFound:
		return &validate.FieldError{Field: field, Code: "conflict",
			Message: "the registrar does not hold this domain in our account"}
	}
	if err != nil {
		return fmt.Errorf("web: registrar: %w", err)
	}
	return nil
}

// follow waits briefly for an operation to end. It returns true when the
// operation is still running; then it is recorded so the periodic job
// stores the outcome. A failed operation is a conflict with its message.
func (s *Server) follow(ctx context.Context, d store.Domain, reg registrar.Registrar,
	op registrar.Operation) (bool, error) {
	for i := 0; !op.Status.Terminal() && op.ID != "" && i < opFollowTries; i++ {
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(opFollowDelay):
		}
		next, err := reg.Operation(ctx, op.ID)
		if err != nil {
			return false, fmt.Errorf("web: follow operation: %w", err)
		}
		op = next
	}

	switch {
	case op.Status == registrar.OpFailed:
		return false, &validate.FieldError{Code: "conflict", Message: "the registrar refused: " + op.Message}
	case op.Status.Terminal() || op.ID == "":
		return false, nil
	}
	_, err := s.Store.RecordDomainOperation(ctx, store.DomainOperation{TenantID: d.TenantID,
		DomainID: d.ID, Registrar: d.Registrar, OperationID: op.ID, Kind: string(op.Type)})
	return true, err
}

// readBack stores the state the registrar holds and returns the domain.
func (s *Server) readBack(ctx context.Context, d store.Domain, reg registrar.Registrar) (store.Domain, error) {
	if err := storeReadBack(ctx, s.Store, reg, d); err != nil {
		return d, err
	}
	return s.Store.DomainByID(ctx, d.ID)
}

// change runs one registrar call that starts an operation, follows it and
// stores the state read back. pending says the operation was still running.
func (s *Server) change(r *http.Request, d store.Domain, field string,
	call func(registrar.Registrar) (registrar.Operation, error)) (store.Domain, bool, error) {
	reg, err := s.regOf(d)
	if err != nil {
		return d, false, err
	}
	op, err := call(reg)
	if err != nil {
		return d, false, registrarRefusal(err, field)
	}
	pending, err := s.follow(r.Context(), d, reg, op)
	if err != nil {
		return d, false, err
	}
	d, err = s.readBack(r.Context(), d, reg)
	return d, pending, err
}

// lockOf says whether the domain's transfer lock can change: the
// registrar holds it for us, and its TLD and registrar have a lock.
func (s *Server) lockOf(r *http.Request, d store.Domain) (bool, string) {
	if ok, why := s.heldOf(r, d); !ok {
		return false, why
	}
	if reg, ok := s.Registrars.Registrar(d.Registrar); ok && !reg.Capabilities().TransferLock {
		return false, "the registrar " + d.Registrar + " cannot change the transfer lock"
	}
	price, err := s.Store.Price(r.Context(), d.Registrar, d.TLD)
	if err == nil && !price.TransferLock {
		return false, "the registry for ." + d.TLD + " has no transfer lock"
	}
	return true, ""
}

// authCodeOf says whether the auth code can be retrieved for the domain.
func (s *Server) authCodeOf(r *http.Request, d store.Domain) (bool, string) {
	if ok, why := s.heldOf(r, d); !ok {
		return false, why
	}
	if reg, ok := s.Registrars.Registrar(d.Registrar); ok && !reg.Capabilities().AuthCode {
		return false, "the registrar " + d.Registrar + " cannot retrieve auth codes"
	}
	price, err := s.Store.Price(r.Context(), d.Registrar, d.TLD)
	if err == nil && !price.AuthCodeRequired {
		return false, "transfers of ." + d.TLD + " use no auth code"
	}
	return true, ""
}

// setLock turns the transfer lock on or off; a TLD without one is a
// conflict and no call is sent.
func (s *Server) setLock(r *http.Request, d store.Domain, on bool) (store.Domain, bool, error) {
	if ok, why := s.lockOf(r, d); !ok {
		return d, false, &validate.FieldError{Field: "enabled", Code: "conflict", Message: why}
	}
	return s.change(r, d, "enabled", func(reg registrar.Registrar) (registrar.Operation, error) {
		return reg.SetLock(r.Context(), d.Name, on)
	})
}

// setNameservers replaces the domain's name servers at the registrar.
func (s *Server) setNameservers(r *http.Request, d store.Domain, ns []string) (store.Domain, bool, error) {
	if err := s.heldConflict(r, d); err != nil {
		return d, false, err
	}
	clean, err := cleanNameservers(ns)
	if err != nil {
		return d, false, err
	}
	return s.change(r, d, "nameservers", func(reg registrar.Registrar) (registrar.Operation, error) {
		return reg.SetNameservers(r.Context(), d.Name, clean)
	})
}

// authCode retrieves the code; it is never stored or logged, and the audit
// log records only that it was retrieved.
func (s *Server) authCode(r *http.Request, id identity, d store.Domain) (string, error) {
	if ok, why := s.authCodeOf(r, d); !ok {
		return "", &validate.FieldError{Code: "conflict", Message: why}
	}
	reg, err := s.regOf(d)
	if err != nil {
		return "", err
	}
	code, err := reg.AuthCode(r.Context(), d.Name)
	if err != nil {
		return "", registrarRefusal(err, "")
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "auth_code", d.Name, "retrieved")
	return code, nil
}

// pendingKinds lists the operation kinds still running for a domain.
func (s *Server) pendingKinds(ctx context.Context, d store.Domain) []string {
	ops, err := s.Store.DomainOperations(ctx, d.ID, 20)
	if err != nil {
		return nil
	}
	var out []string
	for _, o := range ops {
		if o.Status == store.DomainOpPending {
			out = append(out, o.Kind)
		}
	}
	return out
}
