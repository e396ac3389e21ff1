package sandbox

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/sqldb"
)

var start = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func usd(cents int64) money.Money { return money.New(cents, "USD") }

type bundle struct {
	g   *Gateway
	clk *clock.Fake
	db  *sqldb.DB
	ctx context.Context
}

func setup(t *testing.T, db *sqldb.DB, opts Options) bundle {
	t.Helper()
	clk := clock.NewFake(start)
	return bundle{g: New(db, clk, opts), clk: clk, db: db, ctx: context.Background()}
}

// authorize authorises cents on card and fails the test on any error.
func (b bundle) authorize(t *testing.T, card string, cents int64) payment.Authorization {
	t.Helper()
	a, err := b.g.Authorize(b.ctx, payment.AuthorizeRequest{Amount: usd(cents), Card: card})
	if err != nil {
		t.Fatalf("authorize %s: %v", card, err)
	}
	return a
}

// wantAuth fails unless a has the status and amounts in cents.
func wantAuth(t *testing.T, a payment.Authorization, st payment.Status, auth, capt, refd int64) {
	t.Helper()
	if a.Status != st || a.Authorized != usd(auth) || a.Captured != usd(capt) || a.Refunded != usd(refd) {
		t.Fatalf("authorisation = %s %v/%v/%v, want %s %d/%d/%d",
			a.Status, a.Authorized, a.Captured, a.Refunded, st, auth, capt, refd)
	}
}

func wantDecline(t *testing.T, err error, code string) {
	t.Helper()
	d, ok := payment.IsDecline(err)
	if !ok || d.Code != code {
		t.Fatalf("error = %v, want a decline %q", err, code)
	}
}

func wantState(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, payment.ErrInvalidState) {
		t.Fatalf("error = %v, want ErrInvalidState", err)
	}
}

func TestCards(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		cases := []struct {
			card, pm, code, reason string
		}{
			{card: "4242424242424242"},
			{card: "4242 4242 4242 4242"},
			{card: "4000056655665556"}, // another Luhn-valid number
			{pm: "pm_card_visa"},
			{card: "4000000000000002", code: "card_declined", reason: "your card was declined"},
			{pm: "pm_card_chargeDeclined", code: "card_declined", reason: "your card was declined"},
			{card: "4000000000009995", code: "insufficient_funds", reason: "your card has insufficient funds"},
			{card: "4242424242424241", code: "invalid_number", reason: "your card number is invalid"},
			{card: "4242", code: "invalid_number", reason: "your card number is invalid"},
		}
		for _, c := range cases {
			a, err := b.g.Authorize(b.ctx, payment.AuthorizeRequest{Amount: usd(2500), Card: c.card,
				PaymentMethod: c.pm})
			if c.code != "" {
				wantDecline(t, err, c.code)
				if d, _ := payment.IsDecline(err); d.Reason != c.reason {
					t.Errorf("%s%s: reason %q", c.card, c.pm, d.Reason)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s%s: %v", c.card, c.pm, err)
			}
			wantAuth(t, a, payment.StatusAuthorized, 2500, 0, 0)
			if !strings.HasPrefix(a.ID, "pay_sbx_") || !a.ExpiresAt.Equal(start.Add(DefaultAuthTTL)) {
				t.Errorf("authorisation = %+v", a)
			}
			a, err = b.g.Capture(b.ctx, a.ID, usd(2500), "")
			if err != nil {
				t.Fatal(err)
			}
			wantAuth(t, a, payment.StatusCaptured, 2500, 2500, 0)
		}

		_, err := b.g.Authorize(b.ctx, payment.AuthorizeRequest{Amount: usd(2500)})
		if err == nil {
			t.Errorf("an authorisation without a card succeeded")
		}
	})
}

func TestCaptureFailsCard(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		a := b.authorize(t, "4000000000000341", 5000)
		wantAuth(t, a, payment.StatusAuthorized, 5000, 0, 0)

		_, err := b.g.Capture(b.ctx, a.ID, usd(5000), "k1")
		wantDecline(t, err, "capture_failed")
		got, err := b.g.Get(b.ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantAuth(t, got, payment.StatusAuthorized, 5000, 0, 0)

		voided, err := b.g.Void(b.ctx, a.ID, "k2")
		if err != nil {
			t.Fatal(err)
		}
		wantAuth(t, voided, payment.StatusVoided, 5000, 0, 0)
	})
}

func TestPartialCaptureReleasesTheRest(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		a := b.authorize(t, "4242424242424242", 10000)

		_, err := b.g.Capture(b.ctx, a.ID, usd(0), "zero")
		wantState(t, err)
		_, err = b.g.Capture(b.ctx, a.ID, usd(10001), "too-much")
		wantState(t, err)
		_, err = b.g.Capture(b.ctx, a.ID, money.New(100, "EUR"), "eur")
		wantState(t, err)

		c, err := b.g.Capture(b.ctx, a.ID, usd(6000), "cap-1")
		if err != nil {
			t.Fatal(err)
		}
		wantAuth(t, c, payment.StatusPartiallyCaptured, 10000, 6000, 0)

		_, err = b.g.Capture(b.ctx, a.ID, usd(4000), "cap-2")
		wantState(t, err)
		_, err = b.g.Void(b.ctx, a.ID, "void")
		wantState(t, err)
		got, _ := b.g.Get(b.ctx, a.ID)
		wantAuth(t, got, payment.StatusPartiallyCaptured, 10000, 6000, 0)

		_, err = b.g.Get(b.ctx, "pay_sbx_missing")
		if !errors.Is(err, payment.ErrNotFound) {
			t.Errorf("get missing = %v", err)
		}
		_, err = b.g.Capture(b.ctx, "pay_sbx_missing", usd(1), "")
		if !errors.Is(err, payment.ErrNotFound) {
			t.Errorf("capture missing = %v", err)
		}
	})
}

func TestAuthorisationExpires(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{AuthTTL: time.Hour})
		early := b.authorize(t, "4242424242424242", 1000)
		late := b.authorize(t, "4242424242424242", 1000)
		if !late.ExpiresAt.Equal(start.Add(time.Hour)) {
			t.Errorf("expires at %v", late.ExpiresAt)
		}

		b.clk.Advance(59 * time.Minute)
		if _, err := b.g.Capture(b.ctx, early.ID, usd(1000), ""); err != nil {
			t.Fatalf("capture before the deadline: %v", err)
		}

		b.clk.Advance(time.Minute)
		got, err := b.g.Get(b.ctx, late.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantAuth(t, got, payment.StatusExpired, 1000, 0, 0)
		_, err = b.g.Capture(b.ctx, late.ID, usd(1000), "")
		wantState(t, err)
		_, err = b.g.Void(b.ctx, late.ID, "")
		wantState(t, err)

		got, _ = b.g.Get(b.ctx, early.ID)
		wantAuth(t, got, payment.StatusCaptured, 1000, 1000, 0)
	})
}

func TestRefund(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		a := b.authorize(t, "4242424242424242", 10000)
		_, err := b.g.Refund(b.ctx, a.ID, usd(100), "")
		wantState(t, err) // nothing captured yet

		if _, err := b.g.Capture(b.ctx, a.ID, usd(8000), ""); err != nil {
			t.Fatal(err)
		}
		r, err := b.g.Refund(b.ctx, a.ID, usd(3000), "r1")
		if err != nil {
			t.Fatal(err)
		}
		wantAuth(t, r, payment.StatusPartiallyRefunded, 10000, 8000, 3000)

		_, err = b.g.Refund(b.ctx, a.ID, usd(5001), "r2")
		wantState(t, err)
		r, err = b.g.Refund(b.ctx, a.ID, usd(5000), "r3")
		if err != nil {
			t.Fatal(err)
		}
		wantAuth(t, r, payment.StatusRefunded, 10000, 8000, 8000)
		_, err = b.g.Refund(b.ctx, a.ID, usd(1), "r4")
		wantState(t, err)
	})
}

func TestIdempotentReplay(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		req := payment.AuthorizeRequest{Amount: usd(4200), Card: "4242424242424242",
			IdempotencyKey: "item_1:authorize", Metadata: map[string]string{"order": "1"}}
		first, err := b.g.Authorize(b.ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		again, err := b.g.Authorize(b.ctx, req)
		if err != nil || again != first {
			t.Fatalf("replayed authorisation = %+v, %v; want %+v", again, err, first)
		}
		if n := countRows(t, b, "sandbox_payments"); n != 1 {
			t.Errorf("%d payments after a replayed authorisation", n)
		}
		req.Amount = usd(4300)
		_, err = b.g.Authorize(b.ctx, req)
		if !errors.Is(err, ErrKeyReuse) {
			t.Errorf("key reused with another amount: %v", err)
		}

		declined := payment.AuthorizeRequest{Amount: usd(100), Card: "4000000000000002", IdempotencyKey: "d"}
		for range 2 {
			_, err = b.g.Authorize(b.ctx, declined)
			wantDecline(t, err, "card_declined")
		}

		concurrentCapture(t, b, first.ID)
		_, err = b.g.Capture(b.ctx, first.ID, usd(4100), "item_1:capture")
		if !errors.Is(err, ErrKeyReuse) {
			t.Errorf("capture key reused with another amount: %v", err)
		}
		_, err = b.g.Void(b.ctx, first.ID, "item_1:capture")
		if !errors.Is(err, ErrKeyReuse) {
			t.Errorf("capture key reused for a void: %v", err)
		}
	})
}

// concurrentCapture captures the same payment with one key from several
// goroutines: every call gets the same answer and money moves once.
func concurrentCapture(t *testing.T, b bundle, id string) {
	t.Helper()
	var wg sync.WaitGroup
	got := make([]payment.Authorization, 6)
	errs := make([]error, len(got))
	for i := range got {
		wg.Go(func() { got[i], errs[i] = b.g.Capture(b.ctx, id, usd(4000), "item_1:capture") })
	}
	wg.Wait()

	for i := range got {
		if errs[i] != nil {
			t.Fatalf("capture %d: %v", i, errs[i])
		}
		if got[i] != got[0] {
			t.Errorf("capture %d = %+v, want %+v", i, got[i], got[0])
		}
	}
	wantAuth(t, got[0], payment.StatusPartiallyCaptured, 4200, 4000, 0)
	now, _ := b.g.Get(b.ctx, id)
	wantAuth(t, now, payment.StatusPartiallyCaptured, 4200, 4000, 0)
}

func countRows(t *testing.T, b bundle, table string) int {
	t.Helper()
	var n int
	if err := b.db.QueryRow(b.ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestChargeSaved(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		a, err := b.g.Authorize(b.ctx, payment.AuthorizeRequest{Amount: usd(1200),
			Card: "4242424242424242", SaveForRenewals: true})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(a.Customer, "cus_sbx_") || !strings.HasPrefix(a.PaymentMethod, "pm_sbx_") {
			t.Fatalf("saved card: customer %q method %q", a.Customer, a.PaymentMethod)
		}

		req := payment.ChargeRequest{Amount: usd(1500), Customer: a.Customer,
			PaymentMethod: a.PaymentMethod, IdempotencyKey: "renewal_1:charge"}
		c, err := b.g.ChargeSaved(b.ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		wantAuth(t, c, payment.StatusCaptured, 1500, 1500, 0)
		if again, _ := b.g.ChargeSaved(b.ctx, req); again.ID != c.ID {
			t.Errorf("replayed charge made a new payment %s", again.ID)
		}
		if r, err := b.g.Refund(b.ctx, c.ID, usd(1500), ""); err != nil || r.Status != payment.StatusRefunded {
			t.Errorf("refund of a charge = %+v, %v", r, err)
		}

		req.Customer, req.IdempotencyKey = "cus_other", ""
		_, err = b.g.ChargeSaved(b.ctx, req)
		if !errors.Is(err, payment.ErrNotFound) {
			t.Errorf("charge of another customer's card = %v", err)
		}

		failing, err := b.g.Authorize(b.ctx, payment.AuthorizeRequest{Amount: usd(1200),
			Card: "4000000000000341", SaveForRenewals: true, Customer: "cus_x"})
		if err != nil || failing.Customer != "cus_x" {
			t.Fatalf("save 0341: %+v, %v", failing, err)
		}
		_, err = b.g.ChargeSaved(b.ctx, payment.ChargeRequest{Amount: usd(1500), Customer: "cus_x",
			PaymentMethod: failing.PaymentMethod})
		wantDecline(t, err, "card_declined")

		_, err = b.g.ChargeSaved(b.ctx, payment.ChargeRequest{Amount: usd(1500), Customer: "cus_y",
			PaymentMethod: "pm_card_chargeDeclined"})
		wantDecline(t, err, "card_declined")
		v, err := b.g.ChargeSaved(b.ctx, payment.ChargeRequest{Amount: usd(1500), Customer: "cus_y",
			PaymentMethod: "pm_card_visa"})
		if err != nil || v.Status != payment.StatusCaptured || v.Customer != "cus_y" {
			t.Errorf("charge pm_card_visa = %+v, %v", v, err)
		}
	})
}
