package stripegw

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/proecommerce/domains/internal/payment"
)

func TestCaptureReplayWithSameKeyCapturesOnce(t *testing.T) {
	f, gw, _ := setup(t, 0)
	ctx := context.Background()
	a, _ := gw.Authorize(ctx, checkoutRequest("i:authorize"))

	first, err := gw.Capture(ctx, a.ID, usd(1000), "order_9:capture")
	if err != nil {
		t.Fatalf("Capture: %v", err)
	}
	again, err := gw.Capture(ctx, a.ID, usd(1000), "order_9:capture")
	if err != nil {
		t.Fatalf("replayed Capture: %v", err)
	}

	if f.Applied("capture") != 1 {
		t.Errorf("captures applied = %d, want 1", f.Applied("capture"))
	}
	calls := f.Calls(http.MethodPost, "/v1/payment_intents/"+a.ID+"/capture")
	if len(calls) != 2 || !calls[1].Replayed {
		t.Errorf("second capture was not a replay: %+v", calls)
	}
	if again != first {
		t.Errorf("replay = %+v, want %+v", again, first)
	}
}

func TestCaptureAfterLostAnswerIsRetriedWithSameKey(t *testing.T) {
	f, gw, _ := setup(t, 2)
	ctx := context.Background()
	a, _ := gw.Authorize(ctx, checkoutRequest("i:authorize"))
	path := "/v1/payment_intents/" + a.ID + "/capture"
	f.DropAfterCommit(path, 1)

	c, err := gw.Capture(ctx, a.ID, usd(1200), "order_10:capture")
	if err != nil {
		t.Fatalf("Capture: %v", err)
	}

	if f.Applied("capture") != 1 {
		t.Errorf("captures applied = %d, want 1", f.Applied("capture"))
	}
	calls := f.Calls(http.MethodPost, path)
	if len(calls) != 2 || calls[0].Key != "order_10:capture" || calls[1].Key != "order_10:capture" ||
		!calls[1].Replayed {
		t.Errorf("calls = %+v, want a retry replayed under the same key", calls)
	}
	wantMoney(t, "captured", c.Captured, usd(1200))
}

func TestLostAnswerWithoutRetriesIsProviderDownThenReplays(t *testing.T) {
	f, gw, _ := setup(t, 0)
	ctx := context.Background()
	f.DropAfterCommit("/v1/payment_intents", 1)
	req := checkoutRequest("item_11:authorize")
	req.SaveForRenewals = false

	_, err := gw.Authorize(ctx, req)
	if !errors.Is(err, payment.ErrProviderDown) {
		t.Fatalf("err = %v, want ErrProviderDown", err)
	}

	a, err := gw.Authorize(ctx, req)
	if err != nil {
		t.Fatalf("retried Authorize: %v", err)
	}
	if f.Applied("create") != 1 || a.Status != payment.StatusAuthorized {
		t.Errorf("intents created = %d, status %q; want 1, authorized", f.Applied("create"), a.Status)
	}
}

func TestSameKeyOtherParametersIsRefused(t *testing.T) {
	f, gw, _ := setup(t, 0)
	ctx := context.Background()
	a, _ := gw.Authorize(ctx, checkoutRequest("i:authorize"))
	if _, err := gw.Capture(ctx, a.ID, usd(1000), "order_12:capture"); err != nil {
		t.Fatalf("Capture: %v", err)
	}

	_, err := gw.Capture(ctx, a.ID, usd(1100), "order_12:capture")

	if !errors.Is(err, ErrIdempotencyConflict) {
		t.Errorf("err = %v, want ErrIdempotencyConflict", err)
	}
	if f.Applied("capture") != 1 {
		t.Errorf("captures applied = %d, want 1", f.Applied("capture"))
	}
}

func TestStripeRandomKeyIsNeverUsed(t *testing.T) {
	f, gw, _ := setup(t, 0)
	ctx := context.Background()
	a, _ := gw.Authorize(ctx, checkoutRequest("k:authorize"))
	_, _ = gw.Capture(ctx, a.ID, usd(700), "k:capture")
	_, _ = gw.Refund(ctx, a.ID, usd(100), "k:refund")

	want := map[string]bool{"k:authorize": true, "k:authorize:customer": true, "k:capture": true, "k:refund": true}
	for _, c := range f.AllCalls() {
		if c.Method == http.MethodPost && !want[c.Key] {
			t.Errorf("%s sent Idempotency-Key %q, not one of ours", c.Path, c.Key)
		}
		if c.Method == http.MethodGet && c.Key != "" {
			t.Errorf("GET %s sent an Idempotency-Key", c.Path)
		}
	}
}
