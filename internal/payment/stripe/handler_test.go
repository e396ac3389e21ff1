package stripegw

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// creditSink stands in for the store: it applies each event id once, like
// a unique constraint, and can fail after committing, as a timeout would.
type creditSink struct {
	mu          sync.Mutex
	seen        map[string]bool
	credited    int64
	calls       int
	failOnFirst bool
}

func (s *creditSink) apply(_ context.Context, ev Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if !s.seen[ev.ID] {
		s.seen[ev.ID] = true
		if ev.Type == EventIntentSucceeded {
			s.credited += ev.Amount.Amount
		}
	}
	if s.failOnFirst && s.calls == 1 {
		return errors.New("timed out after commit")
	}
	return nil
}

func post(t *testing.T, h http.Handler, body []byte, header string) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/webhooks/stripe", bytes.NewReader(body))
	if header != "" {
		req.Header.Set("Stripe-Signature", header)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func TestWebhookHandlerRepeatedEventCreditsOnce(t *testing.T) {
	_, gw, clk := setup(t, 0)
	sink := &creditSink{seen: map[string]bool{}, failOnFirst: true}
	h := WebhookHandler(gw, sink.apply)
	evt1 := intentEvent("evt_1", EventIntentSucceeded, "pi_1", "succeeded", `,"amount_received":1500`)

	if code := post(t, h, evt1, sign(evt1, testWebhookSecret, clk.Now())); code != http.StatusInternalServerError {
		t.Errorf("first delivery (sink timed out) = %d, want 500 so Stripe retries", code)
	}
	clk.Advance(time.Minute)
	if code := post(t, h, evt1, sign(evt1, testWebhookSecret, clk.Now())); code != http.StatusOK {
		t.Errorf("repeat delivery = %d, want 200", code)
	}
	other := intentEvent("evt_2", EventIntentCapturableUpdated, "pi_1", "requires_capture", `,"amount_capturable":1500`)
	if code := post(t, h, other, sign(other, testWebhookSecret, clk.Now())); code != http.StatusOK {
		t.Errorf("other event = %d, want 200", code)
	}

	if sink.credited != 1500 || sink.calls != 3 {
		t.Errorf("credited %d in %d calls, want 1500 (15.00 USD) in 3", sink.credited, sink.calls)
	}
}

func TestWebhookHandlerRefusals(t *testing.T) {
	_, gw, clk := setup(t, 0)
	called := false
	h := WebhookHandler(gw, func(context.Context, Event) error { called = true; return nil })
	body := intentEvent("evt_1", EventIntentSucceeded, "pi_1", "succeeded", "")

	tests := map[string]struct {
		body   []byte
		header string
	}{
		"missing signature": {body, ""},
		"wrong secret":      {body, sign(body, "whsec_other", clk.Now())},
		"stale":             {body, sign(body, testWebhookSecret, clk.Now().Add(-time.Hour))},
		"signed garbage":    {[]byte("not json"), sign([]byte("not json"), testWebhookSecret, clk.Now())},
	}
	for name, tt := range tests {
		if code := post(t, h, tt.body, tt.header); code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", name, code)
		}
	}
	if called {
		t.Error("the sink saw a refused event")
	}
}

func TestWebhookHandlerIgnoresUnreadTypesAndOtherMethods(t *testing.T) {
	_, gw, clk := setup(t, 0)
	called := false
	h := WebhookHandler(gw, func(context.Context, Event) error { called = true; return nil })
	body := []byte(`{"id":"evt_9","object":"event","type":"customer.created","data":{"object":{"id":"cus_1"}}}`)

	if code := post(t, h, body, sign(body, testWebhookSecret, clk.Now())); code != http.StatusOK {
		t.Errorf("unread type: status %d, want 200", code)
	}
	if called {
		t.Error("the sink saw an unread event type")
	}

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/webhooks/stripe", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", rec.Code)
	}
}
