package audit_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/audit"
	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	paysandbox "github.com/proecommerce/domains/internal/payment/sandbox"
	"github.com/proecommerce/domains/internal/registrar"
	regsandbox "github.com/proecommerce/domains/internal/registrar/sandbox"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/testdb"
)

// entries keeps what the wrappers record.
type entries struct {
	mu   sync.Mutex
	rows []string
}

func (e *entries) Audit(_ context.Context, tenantID, actor, action, subject, detail string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rows = append(e.rows, strings.Join([]string{tenantID, actor, action, subject, detail}, " | "))
	return nil
}

func (e *entries) all() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return strings.Join(e.rows, "\n")
}

func TestChangingCallsAreAuditedForTheirActor(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		clk := clock.NewFake(time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC))
		sb, err := regsandbox.New(db, clk, regsandbox.Options{})
		if err != nil {
			t.Fatal(err)
		}
		rec := &entries{}
		logger := slog.New(slog.DiscardHandler)
		reg := audit.WrapRegistrar(sb, rec, logger)
		gw := audit.WrapGateway(paysandbox.New(db, clk, paysandbox.Options{}), rec, logger)

		// Without an actor nothing is filed.
		bare := context.Background()
		if _, err := reg.CheckAvailability(bare, []string{"audited-name.com"}); err != nil {
			t.Fatal(err)
		}
		c := registrar.Contact{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com",
			Phone: "+1.2065550119", Address1: "1 Main St", City: "Seattle", State: "WA", PostalCode: "98101",
			Country: "US"}
		if _, err := reg.Register(bare, registrar.RegisterRequest{Domain: "quiet-name.com", Years: 1, Contact: c}); err != nil {
			t.Fatal(err)
		}
		if got := rec.all(); got != "" {
			t.Fatalf("calls without an actor were filed: %s", got)
		}

		ctx := audit.WithActor(bare, "ten_1", "boss@example.com")
		if _, err := reg.Register(ctx, registrar.RegisterRequest{Domain: "audited-name.com", Years: 1, Contact: c}); err != nil {
			t.Fatal(err)
		}
		if _, err := sb.Complete(ctx, "audited-name.com", false); err != nil {
			t.Fatal(err)
		}
		code, err := reg.AuthCode(ctx, "audited-name.com")
		if err != nil || code == "" {
			t.Fatalf("auth code %q, %v", code, err)
		}
		if _, err := reg.UpdateContacts(ctx, "audited-name.com", registrar.ContactChange{Billing: &c}); !registrar.IsKind(err, registrar.KindUnsupported) {
			t.Errorf("contact change at the sandbox: %v", err)
		}
		a, err := gw.Authorize(ctx, payment.AuthorizeRequest{Amount: money.New(1440, "USD"), IdempotencyKey: "k1",
			Card: "4242424242424242"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := gw.Capture(audit.WithDefaultActor(ctx, "ten_2", "saga"), a.ID, money.New(1440, "USD"), "k2"); err != nil {
			t.Fatal(err)
		}

		got := rec.all()
		for _, want := range []string{
			"ten_1 | boss@example.com | registrar.register | audited-name.com | sandbox: operation ",
			"ten_1 | boss@example.com | registrar.auth_code | audited-name.com | sandbox: retrieved",
			"ten_1 | boss@example.com | payment.authorize | " + a.ID + " 14.40 USD | sandbox: authorized",
			"ten_1 | boss@example.com | payment.capture | " + a.ID + " 14.40 USD | sandbox: captured",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("no entry %q in:\n%s", want, got)
			}
		}
		if strings.Contains(got, code) || strings.Contains(got, "4242") || strings.Contains(got, "quiet-name.com") {
			t.Errorf("the log holds a code, a card or an unattributed call:\n%s", got)
		}
		if strings.Count(got, "\n") != 3 {
			t.Errorf("want 4 entries (reads and the unsupported change are not filed):\n%s", got)
		}
	})
}
