package stripefake_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	stripegw "github.com/proecommerce/domains/internal/payment/stripe"
	"github.com/proecommerce/domains/internal/payment/stripe/stripefake"
)

const webhookSecret = "whsec_fake_test"

var start = time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)

func gateway(t *testing.T) (*stripefake.Fake, *stripegw.Gateway, *clock.Fake) {
	t.Helper()
	clk := clock.NewFake(start)
	f := stripefake.NewWithClock(t, clk)
	gw, err := stripegw.New(stripegw.Config{SecretKey: stripefake.SecretKey, WebhookSecret: webhookSecret,
		APIURL: f.URL(), MaxNetworkRetries: -1, Clock: clk,
		Logger: slog.New(slog.NewTextHandler(t.Output(), nil))})
	if err != nil {
		t.Fatal(err)
	}
	return f, gw, clk
}

func authorize(key, pm string) payment.AuthorizeRequest {
	return payment.AuthorizeRequest{Amount: money.New(2880, "USD"), IdempotencyKey: key, PaymentMethod: pm,
		Email: "ada@example.com", SaveForRenewals: true, Metadata: map[string]string{"order_id": "9"}}
}

func TestPartialCaptureReleasesTheRest(t *testing.T) {
	f, gw, _ := gateway(t)
	ctx := context.Background()

	a, err := gw.Authorize(ctx, authorize("order_9:authorize", stripefake.PMVisa))
	if err != nil || a.Status != payment.StatusAuthorized || a.Authorized != money.New(2880, "USD") {
		t.Fatalf("Authorize = %+v, %v", a, err)
	}
	c, err := gw.Capture(ctx, a.ID, money.New(1440, "USD"), "order_9:capture")
	if err != nil || c.Status != payment.StatusPartiallyCaptured || c.Captured != money.New(1440, "USD") {
		t.Fatalf("Capture = %+v, %v", c, err)
	}

	in := f.Intents()
	if len(in) != 1 || in[0].Status != "succeeded" || in[0].Received != 1440 || in[0].Capturable != 0 ||
		in[0].Refunded != 0 || in[0].Metadata["order_id"] != "9" || in[0].Customer == "" {
		t.Errorf("intents = %+v", in)
	}
	if n := f.Applied("capture"); n != 1 {
		t.Errorf("captures applied = %d", n)
	}
}

func TestIdempotencyReplaysAndRefusesOtherParameters(t *testing.T) {
	f, gw, _ := gateway(t)
	ctx := context.Background()
	a, err := gw.Authorize(ctx, authorize("order_9:authorize", stripefake.PMVisa))
	if err != nil {
		t.Fatal(err)
	}

	if _, err := gw.Capture(ctx, a.ID, money.New(1440, "USD"), "order_9:capture"); err != nil {
		t.Fatal(err)
	}
	again, err := gw.Capture(ctx, a.ID, money.New(1440, "USD"), "order_9:capture")
	if err != nil || again.Captured != money.New(1440, "USD") {
		t.Fatalf("replayed capture = %+v, %v", again, err)
	}
	if _, err := gw.Capture(ctx, a.ID, money.New(1000, "USD"), "order_9:capture"); err == nil {
		t.Error("same key with another amount was accepted")
	}

	calls := f.Calls("POST", "/v1/payment_intents/"+a.ID+"/capture")
	if len(calls) != 3 || calls[0].Replayed || !calls[1].Replayed || f.Applied("capture") != 1 {
		t.Errorf("capture calls %+v, applied %d", calls, f.Applied("capture"))
	}
}

func TestDeclinesAndAuthentication(t *testing.T) {
	_, gw, _ := gateway(t)
	ctx := context.Background()

	for pm, code := range map[string]string{stripefake.PMDeclined: "generic_decline",
		stripefake.PMInsufficientFunds: "insufficient_funds"} {
		_, err := gw.Authorize(ctx, authorize("k:"+pm, pm))
		d, ok := payment.IsDecline(err)
		if !ok || d.Code != code {
			t.Errorf("%s: err = %v, want decline %s", pm, err, code)
		}
	}

	a, err := gw.Authorize(ctx, authorize("k:3ds", stripefake.PMAuthenticationRequired))
	if err != nil || a.Status != payment.StatusRequiresAction || a.ClientSecret == "" {
		t.Errorf("3-D Secure card = %+v, %v", a, err)
	}
}

func TestFaultIsOneShot(t *testing.T) {
	f, gw, _ := gateway(t)
	ctx := context.Background()
	a, err := gw.Authorize(ctx, authorize("k:a", stripefake.PMVisa))
	if err != nil {
		t.Fatal(err)
	}

	f.InjectFault("/v1/payment_intents/"+a.ID+"/capture", stripefake.Fault{Status: 500, Type: "api_error"})
	if _, err := gw.Capture(ctx, a.ID, money.New(2880, "USD"), "k:c"); !errors.Is(err, payment.ErrProviderDown) {
		t.Fatalf("faulted capture err = %v, want ErrProviderDown", err)
	}
	c, err := gw.Capture(ctx, a.ID, money.New(2880, "USD"), "k:c")
	if err != nil || c.Status != payment.StatusCaptured {
		t.Fatalf("capture after the fault = %+v, %v", c, err)
	}
}

func TestHoldLapsesOnTheClock(t *testing.T) {
	f, gw, clk := gateway(t)
	f.SetHoldLifetime(time.Hour)
	ctx := context.Background()
	a, err := gw.Authorize(ctx, authorize("k:a", stripefake.PMVisa))
	if err != nil || !a.ExpiresAt.Equal(start.Add(time.Hour)) {
		t.Fatalf("Authorize = %+v, %v", a, err)
	}

	clk.Advance(time.Hour)
	got, err := gw.Get(ctx, a.ID)
	if err != nil || got.Status != payment.StatusExpired {
		t.Errorf("Get after the hold lapsed = %+v, %v", got, err)
	}
}

func TestOutsideRefundAndSignedEvent(t *testing.T) {
	f, gw, _ := gateway(t)
	ctx := context.Background()
	a, err := gw.Authorize(ctx, authorize("k:a", stripefake.PMVisa))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gw.Capture(ctx, a.ID, money.New(1440, "USD"), "k:c"); err != nil {
		t.Fatal(err)
	}

	if err := f.RefundOutside(a.ID, 400); err != nil {
		t.Fatal(err)
	}
	if err := f.RefundOutside(a.ID, 2000); err == nil {
		t.Error("refunding more than captured was accepted")
	}
	body, err := f.EventJSON("evt_1", stripegw.EventChargeRefunded, a.ID)
	if err != nil {
		t.Fatal(err)
	}

	ev, err := gw.VerifyEvent(body, stripefake.SignatureHeader(webhookSecret, body, start))
	if err != nil || ev.ID != "evt_1" || ev.PaymentIntentID != a.ID ||
		ev.Status != payment.StatusPartiallyRefunded || ev.Amount != money.New(400, "USD") {
		t.Fatalf("VerifyEvent = %+v, %v", ev, err)
	}
	if _, err := gw.VerifyEvent(body, stripefake.SignatureHeader("whsec_other", body, start)); !errors.Is(err, stripegw.ErrBadSignature) {
		t.Errorf("wrong secret: err = %v", err)
	}

	got, err := gw.Get(ctx, a.ID)
	if err != nil || got.Refunded != money.New(400, "USD") || got.Status != payment.StatusPartiallyRefunded {
		t.Errorf("Get after the refund = %+v, %v", got, err)
	}
}
