package sandbox

import (
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/sqldb"
)

func TestAvailabilityByLabel(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		names := []string{"example.com", "google.net", "amazon.org", "taken-shop.io",
			"locked-shop.com", "premium-shop.com", "reject-shop.com", "fail-shop.co.uk",
			"slow-shop.com", "my-shop.com", "bad_label.com", "-shop.com", "a.b.com"}
		want := []registrar.AvailabilityStatus{"taken", "taken", "taken", "taken",
			"taken", "premium", "available", "available",
			"available", "available", "invalid", "invalid", "invalid"}

		got, err := b.r.CheckAvailability(b.ctx, names)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(names) {
			t.Fatalf("got %d answers, want %d", len(got), len(names))
		}
		for i, a := range got {
			if a.Domain != names[i] || a.Status != want[i] {
				t.Errorf("%s: got %s %s, want %s", names[i], a.Domain, a.Status, want[i])
			}
		}

		prem := got[5]
		if *prem.PremiumRegistration != money.New(12000, "USD") || prem.PremiumRenewal != nil {
			t.Errorf("premium prices = %v / %v, want 120.00 USD to register and the list renewal",
				prem.PremiumRegistration, prem.PremiumRenewal)
		}
		if got[0].PremiumRegistration != nil {
			t.Errorf("taken name has a premium price")
		}

		_, err = b.r.CheckAvailability(b.ctx, []string{"my-shop.com", "my-shop.notatld"})
		wantKind(t, err, registrar.KindUnsupportedTLD, "domain")
	})
}

func TestRegisterSucceedsAfterDelay(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{RegisterDelay: 5 * time.Second})
		op, err := b.r.Register(b.ctx, registrar.RegisterRequest{Domain: "my-shop.com", Years: 2,
			Privacy: true, Nameservers: []string{"ns1.host.test", "ns2.host.test"}})
		if err != nil {
			t.Fatal(err)
		}
		wantOp(t, op, registrar.OpInProgress, msgPending)
		if op.Type != registrar.OpRegister || op.Domain != "my-shop.com" || !op.Submitted.Equal(start) {
			t.Fatalf("operation = %+v", op)
		}

		b.clk.Advance(4 * time.Second)
		wantOp(t, b.op(t, op.ID), registrar.OpInProgress, msgPending)
		_, err = b.r.DomainDetail(b.ctx, "my-shop.com")
		wantKind(t, err, registrar.KindNotFound, "")

		b.clk.Advance(time.Hour) // looked at late: completion is still start+5s
		done := b.op(t, op.ID)
		wantOp(t, done, registrar.OpSucceeded, "")
		completed := start.Add(5 * time.Second)
		if !done.Updated.Equal(completed) {
			t.Errorf("updated = %v, want %v", done.Updated, completed)
		}

		d := b.detail(t, "my-shop.com")
		if !d.Expires.Equal(completed.AddDate(2, 0, 0)) || !d.Created.Equal(completed) {
			t.Errorf("created %v expires %v, want %v and two years later", d.Created, d.Expires, completed)
		}
		if !d.Privacy || d.AutoRenew || !d.Locked || len(d.Nameservers) != 2 ||
			d.Nameservers[1] != "ns2.host.test" {
			t.Errorf("detail = %+v", d)
		}
		if code, err := b.r.AuthCode(b.ctx, "my-shop.com"); err != nil || len(code) < 8 {
			t.Errorf("auth code = %q, %v", code, err)
		}

		a, _ := b.r.CheckAvailability(b.ctx, []string{"my-shop.com"})
		if a[0].Status != registrar.StatusTaken {
			t.Errorf("registered name reads %s", a[0].Status)
		}
		_, err = b.r.Register(b.ctx, registrar.RegisterRequest{Domain: "my-shop.com", Years: 1})
		wantKind(t, err, registrar.KindUnavailable, "")
	})
}

func TestRegisterRefusals(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		cases := []struct {
			domain string
			years  int
			kind   registrar.Kind
			field  string
		}{
			{"reject-shop.com", 1, registrar.KindInvalid, "domain"},
			{"taken-shop.com", 1, registrar.KindUnavailable, ""},
			{"example.co.uk", 1, registrar.KindUnavailable, ""},
			{"locked-shop.com", 1, registrar.KindUnavailable, ""},
			{"my-shop.notatld", 1, registrar.KindUnsupportedTLD, "domain"},
			{"my_shop.com", 1, registrar.KindInvalid, "domain"},
			{"my-shop.de", 2, registrar.KindInvalid, "years"},
			{"my-shop.com", 0, registrar.KindInvalid, "years"},
		}
		for _, c := range cases {
			_, err := b.r.Register(b.ctx, registrar.RegisterRequest{Domain: c.domain, Years: c.years})
			wantKind(t, err, c.kind, c.field)
		}

		_, err := b.r.Register(b.ctx, registrar.RegisterRequest{Domain: "reject-shop.com", Years: 1})
		if e := err.(*registrar.Error); e.Message != "sandbox: the registry refused to register reject-shop.com" {
			t.Errorf("reject message = %q", e.Message)
		}
		ops, _ := b.r.FindOperations(b.ctx, "reject-shop.com", registrar.OpRegister, start)
		if len(ops) != 0 {
			t.Errorf("a refused registration left %d operations", len(ops))
		}
	})
}

func TestRegisterFailLabel(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		op, err := b.r.Register(b.ctx, registrar.RegisterRequest{Domain: "fail-x.co.uk", Years: 1})
		if err != nil {
			t.Fatal(err)
		}
		wantOp(t, op, registrar.OpInProgress, msgPending)

		b.clk.Advance(DefaultRegisterDelay)
		wantOp(t, b.op(t, op.ID), registrar.OpFailed, "the registry refused the registration")
		_, err = b.r.DomainDetail(b.ctx, "fail-x.co.uk")
		wantKind(t, err, registrar.KindNotFound, "")
	})
}

func TestSlowLabelWaitsForComplete(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		ok, err := b.r.Register(b.ctx, registrar.RegisterRequest{Domain: "slow-a.com", Years: 3})
		if err != nil {
			t.Fatal(err)
		}
		bad, err := b.r.Register(b.ctx, registrar.RegisterRequest{Domain: "slow-b.com", Years: 1})
		if err != nil {
			t.Fatal(err)
		}

		b.clk.Advance(48 * time.Hour)
		wantOp(t, b.op(t, ok.ID), registrar.OpInProgress, msgPending)

		done, err := b.r.Complete(b.ctx, "slow-a.com", false)
		if err != nil {
			t.Fatal(err)
		}
		wantOp(t, done, registrar.OpSucceeded, "")
		wantOp(t, b.op(t, ok.ID), registrar.OpSucceeded, "")
		if d := b.detail(t, "slow-a.com"); !d.Expires.Equal(b.clk.Now().AddDate(3, 0, 0)) {
			t.Errorf("expires %v, want three years after completion", d.Expires)
		}

		failed, err := b.r.Complete(b.ctx, "slow-b.com", true)
		if err != nil || failed.ID != bad.ID {
			t.Fatal(failed, err)
		}
		wantOp(t, failed, registrar.OpFailed, msgRegisterRefused)

		_, err = b.r.Complete(b.ctx, "slow-b.com", false)
		wantKind(t, err, registrar.KindNotFound, "")
	})
}

func TestDuplicateRegister(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		req := registrar.RegisterRequest{Domain: "my-shop.com", Years: 1}
		first, err := b.r.Register(b.ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		_, err = b.r.Register(b.ctx, req)
		wantKind(t, err, registrar.KindDuplicate, "")

		ops, err := b.r.FindOperations(b.ctx, "my-shop.com", registrar.OpRegister, start)
		if err != nil || len(ops) != 1 || ops[0].ID != first.ID {
			t.Fatalf("find operations = %+v, %v", ops, err)
		}
		later, _ := b.r.FindOperations(b.ctx, "my-shop.com", registrar.OpRegister, start.Add(time.Second))
		if len(later) != 0 {
			t.Errorf("operations since a later time = %+v", later)
		}

		b.clk.Advance(DefaultRegisterDelay)
		ops, _ = b.r.FindOperations(b.ctx, "my-shop.com", registrar.OpRegister, start)
		wantOp(t, ops[0], registrar.OpSucceeded, "")
		_, err = b.r.Register(b.ctx, req)
		wantKind(t, err, registrar.KindUnavailable, "")
	})
}

func TestStateSurvivesRestart(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		op, err := b.r.Register(b.ctx, registrar.RegisterRequest{Domain: "my-shop.io", Years: 1})
		if err != nil {
			t.Fatal(err)
		}

		again, err := New(db, b.clk, Options{})
		if err != nil {
			t.Fatal(err)
		}
		b.clk.Advance(DefaultRegisterDelay)
		got, err := again.Operation(b.ctx, op.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantOp(t, got, registrar.OpSucceeded, "")
		wantOp(t, b.op(t, op.ID), registrar.OpSucceeded, "")

		_, err = again.Operation(b.ctx, "sbx-nope")
		wantKind(t, err, registrar.KindNotFound, "")
	})
}

func TestPricesAndCapabilities(t *testing.T) {
	t.Parallel()
	b := bundle{}
	r, err := New(&sqldb.DB{}, nil, Options{})
	if err == nil || r != nil {
		t.Fatal("New without a clock succeeded")
	}
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b = setup(t, db, Options{})
		prices, err := b.r.Prices(b.ctx)
		if err != nil || len(prices) < 100 {
			t.Fatalf("prices: %d rows, %v", len(prices), err)
		}
		var com *registrar.TLDPrice
		for i := range prices {
			if prices[i].TLD == "com" {
				com = &prices[i]
			}
		}
		if com == nil || *com.Registration != money.New(1200, "USD") || com.MaxYears != 10 {
			t.Fatalf("com price = %+v", com)
		}

		c := b.r.Capabilities()
		if !c.Privacy || !c.TransferLock || !c.AuthCode || !c.Suggestions || !c.PremiumPricing ||
			!c.TransferIn || !c.Renew || c.CreatesZoneOnRegister {
			t.Errorf("capabilities = %+v", c)
		}
		if b.r.Name() != "sandbox" {
			t.Errorf("name = %q", b.r.Name())
		}
	})
}
