package stripegw

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
)

func renewal(pm string) payment.ChargeRequest {
	return payment.ChargeRequest{
		Amount:         money.New(1299, "EUR"),
		IdempotencyKey: "invoice_42:attempt_1:charge",
		Customer:       "cus_saved",
		PaymentMethod:  pm,
		Description:    "Renewal example.com",
		Metadata:       map[string]string{"invoice_id": "42"},
	}
}

func TestChargeSavedCapturesOffSession(t *testing.T) {
	f, gw, _ := setup(t, 0)

	a, err := gw.ChargeSaved(context.Background(), renewal(pmVisa))
	if err != nil {
		t.Fatalf("ChargeSaved: %v", err)
	}

	call := f.Calls(http.MethodPost, "/v1/payment_intents")[0]
	if call.Key != "invoice_42:attempt_1:charge" {
		t.Errorf("key = %q", call.Key)
	}
	wantForm(t, call, map[string]string{
		"amount": "1299", "currency": "eur", "off_session": "true", "confirm": "true",
		"customer": "cus_saved", "payment_method": pmVisa, "capture_method": "", "setup_future_usage": "",
		"metadata[invoice_id]": "42",
	})
	if a.Status != payment.StatusCaptured {
		t.Errorf("status = %q, want captured", a.Status)
	}
	wantMoney(t, "captured", a.Captured, money.New(1299, "EUR"))
}

func TestChargeSavedAuthenticationRequired(t *testing.T) {
	_, gw, _ := setup(t, 0)

	_, err := gw.ChargeSaved(context.Background(), renewal(pmAuthRequired))

	d, ok := payment.IsDecline(err)
	if !ok || d.Code != "authentication_required" {
		t.Fatalf("err = %v, want decline authentication_required", err)
	}
	var di *DeclinedIntentError
	if !errors.As(err, &di) || di.PaymentIntentID == "" || !strings.HasPrefix(di.ClientSecret, di.PaymentIntentID+"_secret_") {
		t.Errorf("the intent to confirm on-session is missing: %+v", di)
	}
	if strings.Contains(err.Error(), "_secret_") {
		t.Errorf("error text holds the client secret: %v", err)
	}
}

func TestChargeSavedInsufficientFunds(t *testing.T) {
	_, gw, _ := setup(t, 0)

	_, err := gw.ChargeSaved(context.Background(), renewal(pmInsufficient))

	if d, ok := payment.IsDecline(err); !ok || d.Code != "insufficient_funds" {
		t.Errorf("err = %v, want decline insufficient_funds", err)
	}
}

func TestHoldDeadlineFromCaptureBefore(t *testing.T) {
	f, gw, _ := setup(t, 0)
	visaMIT := 4*24*time.Hour + 18*time.Hour
	f.SetHoldLifetime(visaMIT)

	a, err := gw.Authorize(context.Background(), checkoutRequest("i:authorize"))
	if err != nil {
		t.Fatalf("Authorize: %v", err)
	}

	if want := testNow.Add(visaMIT); !a.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %v, want capture_before %v", a.ExpiresAt, want)
	}
}

func TestHoldDeadlineDefaultsToSevenDays(t *testing.T) {
	f, gw, _ := setup(t, 0)
	f.SetHoldLifetime(0)

	a, err := gw.Authorize(context.Background(), checkoutRequest("i:authorize"))
	if err != nil {
		t.Fatalf("Authorize: %v", err)
	}

	if want := testNow.Add(7 * 24 * time.Hour); !a.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %v, want created + 7 days %v", a.ExpiresAt, want)
	}
}

func TestLapsedHoldIsExpiredAndCannotBeCaptured(t *testing.T) {
	f, gw, clk := setup(t, 0)
	ctx := context.Background()
	a, _ := gw.Authorize(ctx, checkoutRequest("i:authorize"))

	clk.Advance(7*24*time.Hour + time.Second)

	g, err := gw.Get(ctx, a.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if g.Status != payment.StatusExpired {
		t.Errorf("status = %q, want expired", g.Status)
	}
	_, err = gw.Capture(ctx, a.ID, usd(1500), "o:capture")
	if !errors.Is(err, payment.ErrInvalidState) {
		t.Errorf("capture of lapsed hold: err = %v, want ErrInvalidState", err)
	}
	if f.Applied("capture") != 0 {
		t.Error("a lapsed hold was captured")
	}
}
