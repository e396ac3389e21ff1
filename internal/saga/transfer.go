package saga

import (
	"context"
	"errors"
	"fmt"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
)

// Transfers follow the capture-on-acceptance rule (see policyFor): a card
// hold lasts about a week and a transfer can take longer, so the transfer's
// own payment is captured as soon as the registrar accepts the request, and
// refunded in full if the transfer then fails. The refund is recorded
// before the item turns failed.
//
// While a transfer runs, the tenant's domain row says "transferring" so the
// client's domain page shows where it stands. When the transfer completes
// the row becomes active with the registrar's expiry; when it fails the row
// is kept and marked "gone" (with the reason in the item), so the client
// still finds the domain, reads why, and may order the transfer again with
// a new auth code (checkout accepts a name whose row is gone).

func (s *Saga) advanceTransfer(ctx context.Context, reg registrar.Registrar, it store.Item) (Step, error) {
	if it.State == store.ItemAuthorized {
		now := s.Clock.Now()
		err := s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: store.ItemAuthorized,
			To: store.ItemTransferring, SubmittedAt: &now, Note: "transfer sent to " + reg.Name(),
			Transfer: &[2]string{"submitted", "transfer request sent"}})
		if err != nil {
			return Step{}, err
		}
		it.State, it.SubmittedAt = store.ItemTransferring, now
		it.TransferState, it.TransferDetail = "submitted", "transfer request sent"
		return s.startTransfer(ctx, reg, it, false)
	}
	if it.OperationID == "" {
		return s.startTransfer(ctx, reg, it, true)
	}
	return s.poll(ctx, reg, it, s.interval(it))
}

func (s *Saga) startTransfer(ctx context.Context, reg registrar.Registrar, it store.Item, look bool) (Step, error) {
	o, err := s.Store.OrderByID(ctx, it.OrderID)
	if err != nil {
		return Step{}, err
	}
	if err := s.markTransferring(ctx, reg, o, it); errors.Is(err, errManaged) {
		return Step{}, s.fail(ctx, it, it.Domain+" is already managed here")
	} else if err != nil {
		return Step{}, err
	}
	if look {
		found, step, err := s.findEarlier(ctx, reg, it, registrar.OpTransferIn)
		if found || err != nil {
			return step, err
		}
	}

	code, err := s.Secrets.Open(it.AuthCode)
	if err != nil {
		return Step{}, s.fail(ctx, it, "the stored auth code could not be read; order the transfer again")
	}
	op, err := reg.TransferIn(ctx, registrar.TransferRequest{Domain: it.Domain, AuthCode: code,
		Years: it.Years, Contact: o.Contact, Privacy: s.privacyAllowed(ctx, it, o.Contact)})
	if registrar.IsKind(err, registrar.KindDuplicate) {
		return s.followDuplicate(ctx, reg, it, registrar.OpTransferIn)
	}
	if err != nil {
		return s.startFailed(ctx, it, err)
	}
	return s.recordOperation(ctx, reg, it, op)
}

// errManaged means another order already brought the domain here.
var errManaged = errors.New("the domain is already managed here")

// markTransferring writes the tenant's domain row as "transferring" for
// the order's client before the transfer is asked for. A row left "gone"
// by an earlier failed transfer is taken over.
func (s *Saga) markTransferring(ctx context.Context, reg registrar.Registrar, o store.Order, it store.Item) error {
	d, err := s.Store.Domain(ctx, it.TenantID, "", it.Domain)
	switch {
	case err == nil && d.OrderItemID == it.ID && d.Status == store.DomainTransferring:
		return nil
	case err == nil && d.OrderItemID != it.ID && d.Status != store.DomainGone:
		return fmt.Errorf("saga: %s is %s: %w", it.Domain, d.Status, errManaged)
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return err
	}

	d, err = s.Store.UpsertDomain(ctx, store.Domain{TenantID: it.TenantID, ClientID: o.ClientID,
		Name: it.Domain, TLD: tldOf(it.Domain), Status: store.DomainTransferring,
		Registrar: reg.Name(), AutoRenew: true, OrderItemID: it.ID})
	if err != nil {
		return err
	}
	if d.ClientID != o.ClientID {
		d.ClientID = o.ClientID
		return s.Store.SetDomainFlags(ctx, d)
	}
	return nil
}

// markGone records that a transfer did not bring the domain here.
func (s *Saga) markGone(ctx context.Context, it store.Item) error {
	d, err := s.Store.Domain(ctx, it.TenantID, "", it.Domain)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if d.OrderItemID != it.ID || d.Status != store.DomainTransferring {
		return nil
	}
	d.Status = store.DomainGone
	_, err = s.Store.UpsertDomain(ctx, d)
	return err
}

// noteTransfer records a change in where the transfer stands, once per
// change of state or detail.
func (s *Saga) noteTransfer(ctx context.Context, it store.Item, op registrar.Operation) error {
	state := string(op.Status)
	detail := op.Message
	if op.Status == registrar.OpActionRequired && detail == "" {
		detail = "the registrant must approve the transfer (check the e-mail of the domain's contact)"
	}
	if state == it.TransferState && detail == it.TransferDetail {
		return nil
	}
	note := "transfer " + state
	if detail != "" {
		note += ": " + detail
	}
	if op.Flag != "" {
		note += " (" + op.Flag + ")"
	}
	return s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: it.State, To: it.State,
		Transfer: &[2]string{state, detail}, Note: note})
}
