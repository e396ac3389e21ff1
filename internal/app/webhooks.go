package app

import (
	"context"
	"errors"
	"net/http"

	"github.com/proecommerce/domains/internal/payment"
	stripegw "github.com/proecommerce/domains/internal/payment/stripe"
	"github.com/proecommerce/domains/internal/renewal"
	"github.com/proecommerce/domains/internal/store"
)

// stripeWebhook brings the payment an event names in line with what the
// gateway now reports, then records the event id, once (a unique key). An
// id already recorded is answered at once. The id is recorded only after
// the payment was refreshed, and without the request's deadline, so a
// delivery that Stripe gives up on midway is applied again on the next
// one instead of being taken for a duplicate; refreshing is idempotent
// (it writes the gateway's state, never adds to it), so two deliveries
// racing each other credit nothing twice.
func (a *App) stripeWebhook() http.Handler {
	return stripegw.WebhookHandler(a.Providers.Stripe, func(ctx context.Context, ev stripegw.Event) error {
		seen, err := a.Store.WebhookEventSeen(ctx, "stripe", ev.ID)
		if err != nil || seen {
			return err
		}
		if err := a.refreshPayment(ctx, ev.PaymentIntentID); err != nil {
			return err
		}
		err = a.Store.RecordWebhookEvent(context.WithoutCancel(ctx), "stripe", ev.ID, ev.Type)
		if errors.Is(err, store.ErrConflict) {
			return nil
		}
		return err
	})
}

// refreshPayment reads a payment from the gateway and stores its state.
// An expired or cancelled hold never becomes paid.
func (a *App) refreshPayment(ctx context.Context, providerID string) error {
	if providerID == "" {
		return nil
	}
	p, err := a.Store.PaymentByProviderID(ctx, a.Providers.Gateway.Name(), providerID)
	if errors.Is(err, store.ErrNotFound) {
		return a.refreshRenewal(ctx, providerID)
	}
	if err != nil {
		return err
	}
	auth, err := a.Providers.Gateway.Get(ctx, providerID)
	if err != nil {
		return err
	}
	p.Status = string(auth.Status)
	p.Authorized, p.Captured, p.Refunded = auth.Authorized.Amount, auth.Captured.Amount, auth.Refunded.Amount
	if auth.Status == payment.StatusExpired {
		p.Error = "the card authorisation expired before it was captured"
	}
	return a.Store.UpdatePayment(ctx, p)
}

// refreshRenewal moves on a renewal whose charge the client was confirming
// with their bank, when the event is about that charge; other events about
// renewal charges change nothing (each charge is recorded when it is made).
func (a *App) refreshRenewal(ctx context.Context, providerID string) error {
	r, err := a.Store.RenewalByPaymentID(ctx, providerID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if r.State != store.RenewalCharging {
		return nil
	}
	_, err = a.Renewals().Advance(ctx, r.InvoiceID, false)
	var need *renewal.AuthenticationNeeded
	if errors.As(err, &need) {
		return nil
	}
	return err
}
