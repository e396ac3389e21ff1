package stripegw

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v84/webhook"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
)

const testWebhookSecret = "whsec_test"

// sign makes a Stripe-Signature header for payload at t with secret.
func sign(payload []byte, secret string, t time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{
		Payload: payload, Secret: secret, Timestamp: t,
	}).Header
}

func intentEvent(id, typ, pi, status string, extra string) []byte {
	return fmt.Appendf(nil, `{"id":%q,"object":"event","type":%q,"api_version":"2026-02-25.clover",
"created":1796292000,"livemode":false,"data":{"object":{"id":%q,"object":"payment_intent",
"amount":1500,"currency":"usd","status":%q%s}}}`, id, typ, pi, status, extra)
}

func chargeEvent(id, typ, extra string) []byte {
	return fmt.Appendf(nil, `{"id":%q,"object":"event","type":%q,"api_version":"2026-02-25.clover",
"created":1796292000,"data":{"object":{"id":"ch_1","object":"charge","amount":1500,"currency":"usd",
"payment_intent":"pi_1"%s}}}`, id, typ, extra)
}

func TestVerifyEventAcceptsValidSignature(t *testing.T) {
	_, gw, clk := setup(t, 0)
	body := intentEvent("evt_1", EventIntentSucceeded, "pi_1", "succeeded", `,"amount_received":1500`)

	ev, err := gw.VerifyEvent(body, sign(body, testWebhookSecret, clk.Now().Add(-time.Minute)))
	if err != nil {
		t.Fatalf("VerifyEvent: %v", err)
	}

	if ev.ID != "evt_1" || ev.Type != EventIntentSucceeded || ev.PaymentIntentID != "pi_1" {
		t.Errorf("event = %+v", ev)
	}
	if ev.Status != payment.StatusCaptured {
		t.Errorf("status = %q, want captured", ev.Status)
	}
	wantMoney(t, "amount", ev.Amount, money.New(1500, "USD"))
	if ev.Amount.String() != "15.00 USD" {
		t.Errorf("amount reads %s, want 15.00 USD", ev.Amount)
	}
}

func TestVerifyEventRefusesBadSignatures(t *testing.T) {
	_, gw, clk := setup(t, 0)
	body := intentEvent("evt_1", EventIntentSucceeded, "pi_1", "succeeded", `,"amount_received":1500`)
	now := clk.Now()
	valid := sign(body, testWebhookSecret, now)

	tests := map[string]struct {
		body   []byte
		header string
	}{
		"wrong secret":     {body, sign(body, "whsec_other", now)},
		"stale":            {body, sign(body, testWebhookSecret, now.Add(-6*time.Minute))},
		"from the future":  {body, sign(body, testWebhookSecret, now.Add(6*time.Minute))},
		"missing header":   {body, ""},
		"no v1 signature":  {body, fmt.Sprintf("t=%d", now.Unix())},
		"garbage header":   {body, "nonsense"},
		"bad timestamp":    {body, "t=abc,v1=00"},
		"tampered payload": {append([]byte(" "), body...), valid},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := gw.VerifyEvent(tt.body, tt.header)
			if !errors.Is(err, ErrBadSignature) {
				t.Errorf("err = %v, want ErrBadSignature", err)
			}
		})
	}
}

func TestVerifyEventWithoutSecretRefusesAll(t *testing.T) {
	f, _, clk := setup(t, 0)
	gw, _ := New(Config{SecretKey: fakeSecretKey, APIURL: f.URL(), Clock: clk})
	body := intentEvent("evt_1", EventIntentSucceeded, "pi_1", "succeeded", "")

	_, err := gw.VerifyEvent(body, sign(body, "", clk.Now()))

	if !errors.Is(err, ErrBadSignature) {
		t.Errorf("err = %v, want ErrBadSignature", err)
	}
}

func TestEventStatuses(t *testing.T) {
	tests := []struct {
		name   string
		body   []byte
		pi     string
		status payment.Status
		amount int64
	}{
		{"authorised", intentEvent("e", EventIntentCapturableUpdated, "pi_1", "requires_capture",
			`,"amount_capturable":1500`), "pi_1", payment.StatusAuthorized, 1500},
		{"partially captured", intentEvent("e", EventIntentSucceeded, "pi_1", "succeeded",
			`,"amount_received":900`), "pi_1", payment.StatusPartiallyCaptured, 900},
		{"hold lapsed", intentEvent("e", EventIntentCanceled, "pi_1", "canceled",
			`,"cancellation_reason":"automatic"`), "pi_1", payment.StatusExpired, 1500},
		{"voided", intentEvent("e", EventIntentCanceled, "pi_1", "canceled",
			`,"cancellation_reason":"requested_by_customer"`), "pi_1", payment.StatusVoided, 1500},
		{"failed", intentEvent("e", EventIntentPaymentFailed, "pi_1", "requires_payment_method", ""),
			"pi_1", payment.StatusDeclined, 1500},
		{"charge expired", chargeEvent("e", EventChargeExpired, `,"captured":false,"amount_refunded":1500`),
			"pi_1", payment.StatusExpired, 1500},
		{"partly refunded after partial capture", chargeEvent("e", EventChargeRefunded,
			`,"captured":true,"amount_captured":900,"amount_refunded":1000`), "pi_1", payment.StatusPartiallyRefunded, 400},
		{"fully refunded", chargeEvent("e", EventChargeRefunded,
			`,"captured":true,"amount_captured":1500,"amount_refunded":1500`), "pi_1", payment.StatusRefunded, 1500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, gw, clk := setup(t, 0)

			ev, err := gw.VerifyEvent(tt.body, sign(tt.body, testWebhookSecret, clk.Now()))
			if err != nil {
				t.Fatalf("VerifyEvent: %v", err)
			}

			if ev.PaymentIntentID != tt.pi || ev.Status != tt.status || !ev.Supported() {
				t.Errorf("event = %+v, want %s %s", ev, tt.pi, tt.status)
			}
			wantMoney(t, "amount", ev.Amount, usd(tt.amount))
		})
	}
}

func TestUnreadEventTypeIsVerifiedButUnsupported(t *testing.T) {
	_, gw, clk := setup(t, 0)
	body := []byte(`{"id":"evt_9","object":"event","type":"customer.created","data":{"object":{"id":"cus_1"}}}`)

	ev, err := gw.VerifyEvent(body, sign(body, testWebhookSecret, clk.Now()))

	if err != nil || ev.Supported() || ev.ID != "evt_9" {
		t.Errorf("event = %+v, %v; want verified, unsupported", ev, err)
	}
}
