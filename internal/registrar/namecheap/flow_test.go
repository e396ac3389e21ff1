package namecheap_test

import (
	"context"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/namecheap"
	"github.com/proecommerce/domains/internal/registrar/namecheap/namecheaptest"
)

var flowStart = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

func newFlow(t *testing.T) (*namecheap.Registrar, *namecheaptest.Server) {
	t.Helper()
	srv := namecheaptest.New()
	t.Cleanup(srv.Close)
	clk := clock.NewFake(flowStart)
	srv.Now = clk.Now

	r, err := namecheap.New(namecheap.Config{
		APIUser: namecheaptest.APIUser, APIKey: namecheaptest.APIKey,
		UserName: namecheaptest.UserName, ClientIP: namecheaptest.ClientIP,
		BaseURL: srv.URL, Clock: clk,
		Limiter: namecheap.NewLimiter(clk, func(_ context.Context, d time.Duration) error {
			clk.Advance(d)
			return nil
		}),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r, srv
}

// must returns a call's value, failing the test on its error:
// must(r.Prices(ctx))(t).
func must[T any](v T, err error) func(*testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// TestFlowSearchRegisterManageRenew runs the adapter through what the
// product does with a Namecheap name, against the stateful fake.
func TestFlowSearchRegisterManageRenew(t *testing.T) {
	r, srv := newFlow(t)
	srv.Taken["taken-flow.com"] = true
	srv.Premium["rich.com"] = "250.00"
	ctx := context.Background()

	prices := must(r.Prices(ctx))(t)
	for _, p := range prices {
		if p.TLD == "com" && (p.Registration.Amount != 1146 || p.Renewal.Amount != 1866) {
			t.Errorf("com prices = %v / %v, want 11.46 / 18.66", p.Registration, p.Renewal)
		}
		if p.TLD == "us" && (p.Privacy == nil || *p.Privacy) {
			t.Errorf("us privacy = %v, want false", p.Privacy)
		}
	}

	avail := must(r.CheckAvailability(ctx, []string{"shop-flow.com", "taken-flow.com", "rich.com"}))(t)
	want := []registrar.AvailabilityStatus{registrar.StatusAvailable, registrar.StatusTaken, registrar.StatusPremium}
	for i, w := range want {
		if avail[i].Status != w {
			t.Errorf("%s = %s, want %s", avail[i].Domain, avail[i].Status, w)
		}
	}

	contact := registrar.Contact{FirstName: "Grace", LastName: "Hopper", Email: "grace@example.org",
		Phone: "+1.2065550119", Address1: "1 Main St", City: "Arlington", State: "VA",
		PostalCode: "22201", Country: "US"}
	op := must(r.Register(ctx, registrar.RegisterRequest{Domain: "shop-flow.com", Years: 2,
		Contact: contact, Privacy: true, Nameservers: []string{"ns1.example.net", "ns2.example.net"}}))(t)
	if op.Status != registrar.OpSucceeded {
		t.Fatalf("register = %+v", op)
	}
	if got := must(r.Operation(ctx, op.ID))(t); got.Status != registrar.OpSucceeded {
		t.Errorf("Operation = %+v", got)
	}
	found := must(r.FindOperations(ctx, "shop-flow.com", registrar.OpRegister, flowStart))(t)
	if len(found) != 1 || found[0].ID != op.ID {
		t.Errorf("FindOperations = %+v", found)
	}

	_, err := r.Register(ctx, registrar.RegisterRequest{Domain: "shop-flow.com", Years: 1, Contact: contact})
	if !registrar.IsKind(err, registrar.KindUnavailable) {
		t.Errorf("second registration: error = %v, want unavailable", err)
	}

	d := must(r.DomainDetail(ctx, "shop-flow.com"))(t)
	if d.Expires.Year() != 2028 || !d.Privacy || len(d.Nameservers) != 2 || d.AutoRenew {
		t.Errorf("detail = %+v", d)
	}

	must(r.SetNameservers(ctx, "shop-flow.com", []string{"ns-1.awsdns-01.org", "ns-2.awsdns-02.com"}))(t)
	must(r.SetLock(ctx, "shop-flow.com", true))(t)
	must(r.SetPrivacy(ctx, "shop-flow.com", false))(t)
	must(r.SetAutoRenew(ctx, "shop-flow.com", false))(t)
	d = must(r.DomainDetail(ctx, "shop-flow.com"))(t)
	if !d.Locked || d.Privacy || d.Nameservers[0] != "ns-1.awsdns-01.org" {
		t.Errorf("detail after changes = %+v", d)
	}
	must(r.SetPrivacy(ctx, "shop-flow.com", true))(t)
	if got, _ := srv.Domain("shop-flow.com"); !got.Privacy {
		t.Error("privacy not back on at the fake")
	}

	must(r.Renew(ctx, "shop-flow.com", 2028, 1))(t)
	must(r.Renew(ctx, "shop-flow.com", 2028, 1))(t)
	if got, _ := srv.Domain("shop-flow.com"); got.Expires.Year() != 2029 {
		t.Errorf("expiry after renew and replay = %v, want 2029", got.Expires)
	}
	if n := len(srv.Calls("namecheap.domains.renew")); n != 1 {
		t.Errorf("renew calls = %d, want 1", n)
	}

	// .us allows no privacy: the adapter does not ask for it.
	must(r.Register(ctx, registrar.RegisterRequest{Domain: "shop-flow.us", Years: 1,
		Contact: contact, Privacy: true}))(t)
	creates := srv.Calls("namecheap.domains.create")
	if last := creates[len(creates)-1]; last.Get("AddFreeWhoisguard") != "no" || last.Get("WGEnabled") != "no" {
		t.Errorf(".us registration asked for privacy: %v", last)
	}
	_, err = r.SetPrivacy(ctx, "shop-flow.us", true)
	if !registrar.IsKind(err, registrar.KindUnsupported) {
		t.Errorf("privacy on .us: error = %v, want unsupported", err)
	}

	page := must(r.ListDomains(ctx, ""))(t)
	if len(page.Domains) != 2 || page.NextCursor != "" || page.Domains[0].Domain != "shop-flow.com" {
		t.Errorf("list = %+v", page)
	}
}

func TestFlowTransferIn(t *testing.T) {
	r, srv := newFlow(t)
	srv.Taken["moving.net"] = true
	ctx := context.Background()

	tr := must(r.CheckTransferability(ctx, "moving.net", "EPP-CODE-1"))(t)
	if !tr.Transferable {
		t.Fatalf("transferability = %+v", tr)
	}
	uk := must(r.CheckTransferability(ctx, "moving.co.uk", "EPP-CODE-1"))(t)
	if uk.Transferable {
		t.Errorf("co.uk transferable at the fake: %+v", uk)
	}

	op := must(r.TransferIn(ctx, registrar.TransferRequest{Domain: "moving.net", AuthCode: "EPP-CODE-1",
		Years: 1}))(t)
	if op.Status != registrar.OpSubmitted {
		t.Fatalf("transfer = %+v", op)
	}
	if got := must(r.Operation(ctx, op.ID))(t); got.Status != registrar.OpInProgress {
		t.Errorf("status = %s, want in_progress", got.Status)
	}

	srv.SetTransferStatus(1001, "Completed")
	if got := must(r.Operation(ctx, op.ID))(t); got.Status != registrar.OpSucceeded {
		t.Errorf("status = %s, want succeeded", got.Status)
	}
	found := must(r.FindOperations(ctx, "moving.net", registrar.OpTransferIn, flowStart))(t)
	if len(found) != 1 || found[0].ID != op.ID || found[0].Status != registrar.OpSucceeded {
		t.Errorf("FindOperations = %+v", found)
	}
	if d := must(r.DomainDetail(ctx, "moving.net"))(t); d.Expires.Year() != 2027 {
		t.Errorf("transferred domain expires %v", d.Expires)
	}
}
