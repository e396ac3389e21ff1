package app

import (
	"context"
	"errors"
	"net/http"

	"github.com/proecommerce/domains/internal/payment"
	stripegw "github.com/proecommerce/domains/internal/payment/stripe"
	"github.com/proecommerce/domains/internal/store"
)

// stripeWebhook records each verified Stripe event once and brings the
// payment it names in line with what the gateway now reports.
func (a *App) stripeWebhook() http.Handler {
	return stripegw.WebhookHandler(a.Providers.Stripe, func(ctx context.Context, ev stripegw.Event) error {
		err := a.Store.RecordWebhookEvent(ctx, "stripe", ev.ID, ev.Type)
		if errors.Is(err, store.ErrConflict) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := a.refreshPayment(ctx, ev.PaymentIntentID); err != nil {
			_ = a.Store.ForgetWebhookEvent(ctx, "stripe", ev.ID)
			return err
		}
		return nil
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
		return nil
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
