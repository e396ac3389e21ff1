package saga

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/proecommerce/domains/internal/audit"
	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
)

// lookBack is how far before the recorded submission time the saga looks
// for an operation it may have started before a crash.
const lookBack = 10 * time.Minute

// Advance moves one item as far as it can go now. It is safe to call any
// number of times, concurrently with nothing else for the same item (the
// job queue runs one job per item), and after a crash at any point.
func (s *Saga) Advance(ctx context.Context, itemID string) (Step, error) {
	it, err := s.Store.Item(ctx, itemID)
	if err != nil {
		return Step{}, err
	}
	ctx = audit.WithActor(ctx, it.TenantID, Actor)
	if store.ItemTerminal(it.State) || it.State == store.ItemPending {
		return Step{}, nil
	}

	reg, ok := s.Registrars.Registrar(it.Registrar)
	if !ok {
		return Step{}, fmt.Errorf("saga: registrar %q is not configured", it.Registrar)
	}
	if it.Type == store.ItemTransfer {
		return s.advanceTransfer(ctx, reg, it)
	}
	return s.advanceRegistration(ctx, reg, it)
}

func (s *Saga) advanceRegistration(ctx context.Context, reg registrar.Registrar, it store.Item) (Step, error) {
	if it.State == store.ItemAuthorized {
		now := s.Clock.Now()
		err := s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: store.ItemAuthorized,
			To: store.ItemRegistering, SubmittedAt: &now, Note: "registration sent to " + reg.Name()})
		if err != nil {
			return Step{}, err
		}
		it.State, it.SubmittedAt = store.ItemRegistering, now
		return s.startRegistration(ctx, reg, it, false)
	}
	if it.OperationID == "" {
		return s.startRegistration(ctx, reg, it, true)
	}
	return s.poll(ctx, reg, it, s.PollInterval)
}

// startRegistration calls RegisterDomain. When the call may have been made
// before (look is true), it first asks the registrar whether an operation
// exists or the domain is already in the account.
func (s *Saga) startRegistration(ctx context.Context, reg registrar.Registrar, it store.Item, look bool) (Step, error) {
	if look {
		found, step, err := s.findEarlier(ctx, reg, it, registrar.OpRegister)
		if found || err != nil {
			return step, err
		}
	}

	o, err := s.Store.OrderByID(ctx, it.OrderID)
	if err != nil {
		return Step{}, err
	}
	op, err := reg.Register(ctx, registrar.RegisterRequest{Domain: it.Domain, Years: it.Years,
		Contact: o.Contact, Privacy: s.privacyAllowed(ctx, it, o.Contact)})
	if registrar.IsKind(err, registrar.KindDuplicate) {
		return s.followDuplicate(ctx, reg, it, registrar.OpRegister)
	}
	if err != nil {
		return s.startFailed(ctx, it, err)
	}
	return s.recordOperation(ctx, reg, it, op)
}

// findEarlier looks for an operation of typ on the item's domain submitted
// around the recorded time, or for the domain already in the account.
//
// What it finds may be another order's: the registrar account is shared by
// every order and tenant. When another item has recorded work on the same
// domain, or the domain is already managed here for someone else, this
// item fails (its payment is released) instead of following or completing
// on work it did not start.
//
// Limitation: an item that crashed before recording its operation is not
// seen as a claim, so two such items of one domain could still both
// follow the one operation the registrar took.
func (s *Saga) findEarlier(ctx context.Context, reg registrar.Registrar, it store.Item, typ registrar.OperationType) (bool, Step, error) {
	if why, err := s.foreign(ctx, it); why != "" || err != nil {
		if err != nil {
			return true, Step{}, err
		}
		return true, Step{}, s.fail(ctx, it, why)
	}
	ops, err := reg.FindOperations(ctx, it.Domain, typ, it.SubmittedAt.Add(-lookBack))
	if err != nil {
		return true, Step{}, fmt.Errorf("saga: look for earlier %s of %s: %w", typ, it.Domain, err)
	}
	if len(ops) > 0 {
		s.logger().Info("found operation from an earlier attempt", "item_id", it.ID,
			"operation_id", ops[0].ID)
		step, err := s.recordOperation(ctx, reg, it, ops[0])
		return true, step, err
	}

	if _, err := reg.DomainDetail(ctx, it.Domain); err == nil {
		step, err := s.complete(ctx, reg, it, "the registrar already holds the domain")
		return true, step, err
	} else if !registrar.IsKind(err, registrar.KindNotFound) {
		return true, Step{}, fmt.Errorf("saga: look for %s in the account: %w", it.Domain, err)
	}

	// Touch the item before calling again: an operator's cancel that got
	// in first makes this fail, and one that comes later sees the item as
	// just changed and waits.
	if err := s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: it.State, To: it.State}); err != nil {
		return true, Step{}, fmt.Errorf("saga: before calling again for %s: %w", it.Domain, err)
	}
	return false, Step{}, nil
}

// foreign says why work found at the registrar on the item's domain
// cannot be the item's own, or "" when it may be: another order item has
// recorded work on the domain at the registrar, or the domain is already
// managed here for someone else (another tenant, an imported portfolio,
// an earlier order). The account holding a name or running an operation
// says nothing about which order it was for.
func (s *Saga) foreign(ctx context.Context, it store.Item) (string, error) {
	other, claimed, err := s.Store.OtherClaim(ctx, it, it.SubmittedAt.Add(-lookBack))
	if err != nil {
		return "", err
	}
	if claimed {
		s.logger().Warn("another order item has work on the domain at the registrar",
			"item_id", it.ID, "other_item_id", other.ID, "domain", it.Domain)
		return "another order is already registering or transferring " + it.Domain, nil
	}

	rows, err := s.Store.DomainsNamed(ctx, []string{it.Domain})
	if err != nil {
		return "", err
	}
	for _, d := range rows {
		if d.Status != store.DomainGone && d.OrderItemID != it.ID {
			s.logger().Warn("the domain is already managed here for someone else", "item_id", it.ID,
				"domain", it.Domain, "domain_id", d.ID)
			return it.Domain + " is already managed here", nil
		}
	}
	return "", nil
}

// followDuplicate handles the registrar's "already in progress": the work
// is found and followed, never started a second time; when the registrar
// does not list it yet, the item looks again after the poll interval.
func (s *Saga) followDuplicate(ctx context.Context, reg registrar.Registrar, it store.Item, typ registrar.OperationType) (Step, error) {
	found, step, err := s.findEarlier(ctx, reg, it, typ)
	if found || err != nil {
		return step, err
	}
	s.logger().Info("registrar reports a request in progress it does not list yet",
		"item_id", it.ID, "domain", it.Domain)
	return Step{Snooze: s.interval(it)}, nil
}

// recordOperation stores the operation the registrar accepted. A
// transfer's auth code has served its purpose then and is erased.
func (s *Saga) recordOperation(ctx context.Context, reg registrar.Registrar, it store.Item, op registrar.Operation) (Step, error) {
	u := store.ItemUpdate{From: it.State, To: it.State, OperationID: &op.ID,
		Note: "operation " + op.ID + " accepted by " + reg.Name()}
	if it.Type == store.ItemTransfer {
		empty := ""
		u.AuthCode = &empty
	}
	if err := s.Store.UpdateItem(ctx, it.ID, u); err != nil {
		return Step{}, err
	}
	it.OperationID, it.AuthCode = op.ID, ""
	return s.follow(ctx, reg, it, op, s.interval(it))
}

func (s *Saga) interval(it store.Item) time.Duration {
	if it.Type == store.ItemTransfer && s.TransferPollInterval > 0 {
		return s.TransferPollInterval
	}
	return s.PollInterval
}

// startFailed decides whether a refused call ends the item or is retried.
// A call that may have reached the registrar is retried by returning the
// error: the next attempt looks before it calls again.
func (s *Saga) startFailed(ctx context.Context, it store.Item, err error) (Step, error) {
	switch registrar.KindOf(err) {
	case registrar.KindInvalid, registrar.KindUnavailable, registrar.KindUnsupportedTLD,
		registrar.KindUnsupported:
		return Step{}, s.fail(ctx, it, reason(err))
	case registrar.KindThrottled:
		// Wait as long as the registrar asks instead of River's growing
		// backoff; the next attempt looks before it calls again.
		return Step{Snooze: throttleWait(err, s.interval(it))}, nil
	}
	return Step{}, fmt.Errorf("saga: %s of %s: %w", it.Type, it.Domain, err)
}

// throttleWait is how long a throttled call waits: the registrar's
// retry-after when it gives one, else the poll interval.
func throttleWait(err error, fallback time.Duration) time.Duration {
	var re *registrar.Error
	if errors.As(err, &re) && re.RetryAfter > 0 {
		return re.RetryAfter
	}
	return max(fallback, time.Second)
}

func (s *Saga) poll(ctx context.Context, reg registrar.Registrar, it store.Item, every time.Duration) (Step, error) {
	op, err := reg.Operation(ctx, it.OperationID)
	if err != nil {
		return Step{}, fmt.Errorf("saga: read operation %s: %w", it.OperationID, err)
	}
	return s.follow(ctx, reg, it, op, every)
}

func (s *Saga) follow(ctx context.Context, reg registrar.Registrar, it store.Item, op registrar.Operation, every time.Duration) (Step, error) {
	if op.Status == registrar.OpFailed {
		msg := op.Message
		if msg == "" {
			msg = "the registrar refused the " + it.Type
		}
		return Step{}, s.fail(ctx, it, msg)
	}
	if PolicyFor(it.Type) == CaptureOnAcceptance {
		// The registrar accepted the work: take the money now, since a hold
		// would lapse before a transfer of several days ends.
		if err := s.captureOnAcceptance(ctx, it); err != nil {
			return Step{}, err
		}
	}
	if op.Status == registrar.OpSucceeded {
		return s.complete(ctx, reg, it, "operation "+op.ID+" succeeded")
	}
	if it.Type == store.ItemTransfer {
		if err := s.noteTransfer(ctx, it, op); err != nil {
			return Step{}, err
		}
	}
	return Step{Snooze: every}, nil
}

// fail ends an item that will not complete. Money it paid is given back
// first (a transfer's own payment; a registration captured early by the
// authorisation window), and a transfer's domain row is marked gone, so
// that the item turns failed only once both are recorded.
func (s *Saga) fail(ctx context.Context, it store.Item, why string) error {
	if err := s.giveBack(ctx, it); err != nil {
		return err
	}
	if it.Type == store.ItemTransfer {
		if err := s.markGone(ctx, it); err != nil {
			return err
		}
	}
	empty := ""
	err := s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: it.State, To: store.ItemFailed,
		Error: &why, Note: why, AuthCode: &empty, Transfer: transferState(it, "failed", why)})
	if errors.Is(err, store.ErrConflict) {
		return nil
	}
	if err != nil {
		return err
	}
	s.logger().Info("order item failed", "item_id", it.ID, "domain", it.Domain, "reason", why)
	return s.Scheduler.SettleOrder(ctx, it.OrderID)
}

func transferState(it store.Item, state, detail string) *[2]string {
	if it.Type != store.ItemTransfer {
		return nil
	}
	return &[2]string{state, detail}
}

func reason(err error) string {
	var re *registrar.Error
	if errors.As(err, &re) && re.Message != "" {
		return re.Message
	}
	return err.Error()
}

// privacyAllowed says whether a registration or transfer asks for WHOIS
// privacy: where the TLD has it, and for the registrant's contact type.
func (s *Saga) privacyAllowed(ctx context.Context, it store.Item, c registrar.Contact) bool {
	p, err := s.Store.Price(ctx, it.Registrar, tldOf(it.Domain))
	if err != nil || (p.Privacy != nil && !*p.Privacy) {
		return false
	}
	ok, _ := catalog.PrivacyForContact(it.Registrar, tldOf(it.Domain), c)
	return ok
}
