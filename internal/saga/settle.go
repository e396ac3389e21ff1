package saga

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/proecommerce/domains/internal/audit"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/store"
)

// Settle finishes an order whose items are all terminal: it captures the
// registrations' authorisation once, for the sum of the completed
// registrations (which releases the rest), or voids it when none completed;
// writes the paid invoice; and sets the order's final status. It asks the
// gateway for the payment's state before it captures or voids, so a repeat
// after a crash does nothing twice.
func (s *Saga) Settle(ctx context.Context, orderID string) error {
	o, err := s.Store.OrderByID(ctx, orderID)
	if err != nil {
		return err
	}
	ctx = audit.WithActor(ctx, o.TenantID, Actor)
	if o.Status != store.OrderOpen {
		return nil
	}
	for _, it := range o.Items {
		if !store.ItemTerminal(it.State) {
			return nil
		}
	}

	for i := range o.Payments {
		p := &o.Payments[i]
		if p.Purpose != store.PurposeRegistrations {
			continue
		}
		if err := s.settleRegistrations(ctx, o, p); err != nil && !isRefusal(err) {
			return err
		}
	}

	problems := paymentProblems(o)
	if err := s.invoice(ctx, o, len(problems) == 0); err != nil {
		return err
	}
	status := finalStatus(o.Items)
	s.logger().Info("order settled", "order_id", o.ID, "status", status)
	return s.Store.SetOrderStatus(ctx, o.ID, status, strings.Join(problems, "; "))
}

// paymentProblems lists the payments that did not take what the completed
// items cost (a refused or lapsed capture), as recorded on the payments, so
// a repeat after a crash reaches the same verdict.
func paymentProblems(o store.Order) []string {
	var out []string
	for _, p := range o.Payments {
		if p.Status != string(payment.StatusDeclined) && p.Status != string(payment.StatusExpired) {
			continue
		}
		for _, it := range o.Items {
			if it.PaymentID == p.ID && it.State == store.ItemCompleted {
				why := p.Error
				if why == "" {
					why = "the authorisation is " + p.Status
				}
				out = append(out, "capture failed: "+why)
				break
			}
		}
	}
	return out
}

func (s *Saga) settleRegistrations(ctx context.Context, o store.Order, p *store.Payment) error {
	if p.Status != string(payment.StatusAuthorized) {
		return nil
	}
	due := completedSum(o.Items, store.ItemRegister, p.Amount.Currency)

	a, err := s.Gateway.Get(ctx, p.ProviderID)
	if err != nil {
		return fmt.Errorf("saga: read payment %s: %w", p.ID, err)
	}
	if a.Status == payment.StatusAuthorized {
		if due.Amount > 0 {
			a, err = s.Gateway.Capture(ctx, p.ProviderID, due, key(p.ID, "capture"))
		} else {
			a, err = s.Gateway.Void(ctx, p.ProviderID, key(p.ID, "void"))
		}
	}
	if err != nil {
		return s.captureFailed(ctx, p, err)
	}
	return s.recordAuthorization(ctx, p, a)
}

// captureFailed records a refused capture: the domains are delivered, so
// the order's invoice stays open for the client to pay.
func (s *Saga) captureFailed(ctx context.Context, p *store.Payment, err error) error {
	if _, ok := payment.IsDecline(err); !ok && !errors.Is(err, payment.ErrInvalidState) {
		return fmt.Errorf("saga: settle payment %s: %w", p.ID, err)
	}
	p.Status, p.Error = string(payment.StatusDeclined), err.Error()
	if a, gerr := s.Gateway.Get(ctx, p.ProviderID); gerr == nil && a.Status == payment.StatusExpired {
		p.Status = string(payment.StatusExpired)
	}
	if uerr := s.Store.UpdatePayment(ctx, *p); uerr != nil {
		return uerr
	}
	return err
}

func completedSum(items []store.Item, typ, currency string) money.Money {
	sum := money.Zero(currency)
	for _, it := range items {
		if it.State == store.ItemCompleted && it.Type == typ {
			sum.Amount += it.Amount.Amount
		}
	}
	return sum
}

func finalStatus(items []store.Item) string {
	var completed, cancelled int
	for _, it := range items {
		switch it.State {
		case store.ItemCompleted:
			completed++
		case store.ItemCancelled:
			cancelled++
		}
	}
	switch {
	case completed == len(items):
		return store.OrderCompleted
	case completed > 0:
		return store.OrderPartiallyCompleted
	case cancelled == len(items):
		return store.OrderCancelled
	}
	return store.OrderFailed
}

// invoice writes one invoice with a line per completed item; paid tells
// whether the money was taken. A repeat finds the lines' unique keys taken
// and does nothing.
func (s *Saga) invoice(ctx context.Context, o store.Order, paid bool) error {
	inv := store.Invoice{TenantID: o.TenantID, ClientID: o.ClientID, OrderID: o.ID,
		Status: store.InvoicePaid, Total: money.Zero(o.Total.Currency), DueAt: s.Clock.Now()}
	if paid {
		inv.PaidAt = s.Clock.Now()
	} else {
		inv.Status = store.InvoiceOpen
	}

	for _, it := range o.Items {
		if it.State != store.ItemCompleted {
			continue
		}
		kind := "registration"
		if it.Type == store.ItemTransfer {
			kind = "transfer"
		}
		from := it.UpdatedAt
		inv.Lines = append(inv.Lines, store.InvoiceLine{Domain: it.Domain, Kind: kind,
			PeriodFrom: from, PeriodTo: from.AddDate(it.Years, 0, 0), Amount: it.Amount,
			UniqueKey: "item:" + it.ID})
		inv.Total.Amount += it.Amount.Amount
	}
	if len(inv.Lines) == 0 {
		return nil
	}

	err := s.Store.CreateInvoice(ctx, &inv)
	if errors.Is(err, store.ErrConflict) {
		return nil
	}
	return err
}
