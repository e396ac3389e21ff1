package stripegw

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// maxWebhookBody bounds the body read from Stripe (events are a few KB).
const maxWebhookBody = 1 << 20

// EventSink applies a verified event. It must dedupe on Event.ID (a unique
// constraint, not only a check in code) and treat a repeat as success.
// An error makes the handler answer 500, so Stripe delivers again later.
type EventSink func(ctx context.Context, ev Event) error

// WebhookHandler serves POST /webhooks/stripe: it verifies the signature
// (400 when missing, wrong or stale), hands events the gateway reads to
// sink, and answers 200 once verified, also for a repeated event id or an
// event type the gateway ignores.
func WebhookHandler(gw *Gateway, sink EventSink) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}

		payload, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
		if err != nil {
			http.Error(w, "cannot read body", http.StatusBadRequest)
			return
		}

		ev, err := gw.VerifyEvent(payload, r.Header.Get("Stripe-Signature"))
		if err != nil {
			gw.log.WarnContext(r.Context(), "stripe webhook refused", "error", err.Error())
			msg, field := "invalid payload", ""
			if errors.Is(err, ErrBadSignature) {
				msg, field = "invalid signature", "Stripe-Signature"
			}
			writeRefused(w, msg, field)
			return
		}

		gw.deliver(w, r, ev, sink)
	})
}

// deliver passes a supported event to the sink and answers Stripe.
func (g *Gateway) deliver(w http.ResponseWriter, r *http.Request, ev Event, sink EventSink) {
	if !ev.Supported() {
		g.log.DebugContext(r.Context(), "stripe webhook ignored", "event_id", ev.ID, "event_type", ev.Type)
		writeReceived(w)
		return
	}

	if err := sink(r.Context(), ev); err != nil {
		g.log.ErrorContext(r.Context(), "stripe webhook not applied", "event_id", ev.ID,
			"event_type", ev.Type, "payment_intent", ev.PaymentIntentID, "error", err.Error())
		http.Error(w, "event not applied", http.StatusInternalServerError)
		return
	}

	g.log.InfoContext(r.Context(), "stripe webhook applied", "event_id", ev.ID, "event_type", ev.Type,
		"payment_intent", ev.PaymentIntentID, "status", string(ev.Status))
	writeReceived(w)
}

// writeRefused answers 400 in the product's JSON error shape.
func writeRefused(w http.ResponseWriter, msg, field string) {
	body, _ := json.Marshal(map[string]any{"error": map[string]string{
		"code": "invalid", "message": msg, "field": field}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(append(body, '\n'))
}

func writeReceived(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, `{"received":true}`+"\n")
}
