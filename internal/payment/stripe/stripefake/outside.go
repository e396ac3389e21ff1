package stripefake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Intent is a snapshot of a PaymentIntent the fake keeps, in Stripe's
// minor units.
type Intent struct {
	ID, Status, Currency, Customer, PaymentMethod string
	Amount, Capturable, Received, Refunded        int64
	Metadata                                      map[string]string
}

// Intents returns every PaymentIntent created so far, oldest first.
func (f *Fake) Intents() []Intent {
	f.mu.Lock()
	defer f.mu.Unlock()

	out := make([]Intent, 0, len(f.intents))
	for _, pi := range f.intents {
		out = append(out, snapshot(pi))
	}
	sort.Slice(out, func(i, j int) bool { return intentSeq(out[i].ID) < intentSeq(out[j].ID) })
	return out
}

func snapshot(pi *fakeIntent) Intent {
	in := Intent{ID: pi.id, Status: pi.status, Currency: pi.currency, Customer: pi.customer,
		PaymentMethod: pi.paymentMethod, Amount: pi.amount, Capturable: pi.capturable,
		Received: pi.received, Metadata: map[string]string{}}
	for k, v := range pi.metadata {
		in.Metadata[k] = v
	}
	if pi.charge != nil {
		in.Refunded = pi.charge.refunded - (pi.charge.amount - pi.charge.captured)
		if !pi.charge.isCaptured {
			in.Refunded = 0
		}
	}
	return in
}

func intentSeq(id string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(id, "pi_"))
	return n
}

// RefundOutside refunds amount of a captured PaymentIntent as someone in
// the Stripe Dashboard would: no request from the gateway, so only a
// webhook tells the product.
func (f *Fake) RefundOutside(id string, amount int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()

	pi := f.intents[id]
	if pi == nil || pi.status != "succeeded" || pi.charge == nil {
		return fmt.Errorf("stripefake: %s has no captured charge to refund", id)
	}
	ch := pi.charge
	left := ch.captured - (ch.refunded - (ch.amount - ch.captured))
	if amount <= 0 || amount > left {
		return fmt.Errorf("stripefake: refund %d of %s exceeds the %d left", amount, id, left)
	}
	ch.refunded += amount
	f.applied["refund"]++
	return nil
}

// AuthenticateOutside completes the 3-D Secure challenge of a
// PaymentIntent in requires_action, as the client's bank frame would in
// the browser; the intent is then authorised (or captured, with automatic
// capture).
func (f *Fake) AuthenticateOutside(id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()

	pi := f.intents[id]
	if pi == nil || pi.status != "requires_action" {
		return fmt.Errorf("stripefake: %s is not waiting for authentication", id)
	}
	f.authorise(pi)
	return nil
}

// CaptureOutside captures amount of an authorised PaymentIntent with no
// request from the gateway, as a capture whose answer never reached the
// product looks from its side: only a webhook tells the product.
func (f *Fake) CaptureOutside(id string, amount int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()

	pi := f.intents[id]
	if pi == nil || pi.status != "requires_capture" {
		return fmt.Errorf("stripefake: %s is not waiting for capture", id)
	}
	if amount <= 0 || amount > pi.capturable {
		return fmt.Errorf("stripefake: capture %d of %s exceeds the %d capturable", amount, id, pi.capturable)
	}
	pi.status, pi.received, pi.capturable = "succeeded", amount, 0
	ch := pi.charge
	ch.isCaptured, ch.captured, ch.refunded = true, amount, ch.amount-amount
	f.applied["capture"]++
	return nil
}

// EventJSON builds the body of a webhook event of type typ about the
// PaymentIntent id as it stands now: data.object is the intent for
// payment_intent.* events and its charge for charge.* events.
func (f *Fake) EventJSON(eventID, typ, id string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()

	pi := f.intents[id]
	if pi == nil {
		return nil, fmt.Errorf("stripefake: no PaymentIntent %s", id)
	}
	var obj map[string]any
	if strings.HasPrefix(typ, "charge.") {
		if pi.charge == nil {
			return nil, fmt.Errorf("stripefake: %s has no charge", id)
		}
		obj = f.chargeJSON(pi)
	} else {
		obj = f.intentJSON(pi, false)
	}
	return json.Marshal(map[string]any{
		"id": eventID, "object": "event", "type": typ, "api_version": "2025-01-27.acacia",
		"created": f.clock.Now().Unix(), "livemode": false, "pending_webhooks": 1,
		"data": map[string]any{"object": obj},
	})
}

// SignatureHeader is the Stripe-Signature header Stripe would send with
// payload: t=<unix time>,v1=<hex HMAC-SHA256 of "t.payload" keyed with the
// webhook secret>.
func SignatureHeader(secret string, payload []byte, at time.Time) string {
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "." + string(payload)))
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}
