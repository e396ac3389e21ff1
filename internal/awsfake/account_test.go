package awsfake

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

func TestAccountOperationsThroughTheAdapter(t *testing.T) {
	f := New(t, Config{Taken: []string{"moving.net"}})
	reg, _ := adapters(t, f)
	ctx := context.Background()
	expires := time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)
	f.AddDomain(Domain{Name: "kept.com", Expires: expires, AutoRenew: true, Locked: true,
		Nameservers: []string{"ns1.old.example", "ns2.old.example"}, AuthCode: "c0de"})

	mustOp(t)(reg.SetNameservers(ctx, "kept.com", []string{"ns-1.awsdns-01.org", "ns-2.awsdns-02.com"}))
	mustOp(t)(reg.SetPrivacy(ctx, "kept.com", true))
	mustOp(t)(reg.SetAutoRenew(ctx, "kept.com", false))
	mustOp(t)(reg.SetLock(ctx, "kept.com", false))
	code, err := reg.AuthCode(ctx, "kept.com")
	if err != nil || code != "c0de" {
		t.Errorf("auth code %q, %v", code, err)
	}

	d, _ := f.Domain("kept.com")
	if !slices.Equal(d.Nameservers, []string{"ns-1.awsdns-01.org", "ns-2.awsdns-02.com"}) || !d.Privacy ||
		d.AutoRenew || d.Locked {
		t.Errorf("domain after the changes %+v", d)
	}
	detail, err := reg.DomainDetail(ctx, "kept.com")
	if err != nil || detail.Locked || !detail.Privacy || detail.AutoRenew || !detail.Expires.Equal(expires) {
		t.Errorf("detail %+v, %v", detail, err)
	}
	checkRenewAndTransfer(t, f, reg)
}

func checkRenewAndTransfer(t *testing.T, f *Fake, reg registrarAPI) {
	t.Helper()
	ctx := context.Background()
	if _, err := reg.Renew(ctx, "kept.com", 2026, 1); registrar.KindOf(err) != registrar.KindInvalid {
		t.Errorf("renew with a wrong expiry year: %v", err)
	}
	op := mustOp(t)(reg.Renew(ctx, "kept.com", 2027, 2))
	if got, _ := reg.Operation(ctx, op.ID); got.Status != registrar.OpSucceeded {
		t.Errorf("renewal %+v", got)
	}
	if d, _ := f.Domain("kept.com"); d.Expires.Year() != 2029 {
		t.Errorf("expires %v after renewing 2 years", d.Expires)
	}

	tr, err := reg.CheckTransferability(ctx, "moving.net", "code")
	if err != nil || !tr.Transferable {
		t.Errorf("transferability %+v, %v", tr, err)
	}
	mustOp(t)(reg.TransferIn(ctx, registrar.TransferRequest{Domain: "moving.net", AuthCode: "code", Years: 1,
		Contact: contact, Nameservers: []string{"ns1.example.org", "ns2.example.org"}}))
	page, err := reg.ListDomains(ctx, "")
	if err != nil || len(page.Domains) != 1 || page.Domains[0].Domain != "kept.com" {
		t.Errorf("domains %+v, %v (a transfer in progress is not yet listed)", page, err)
	}
	if f.Accepted("TransferDomain") != 1 || f.Accepted("RenewDomain") != 1 || f.Accepted("DisableDomainAutoRenew") != 1 {
		t.Errorf("accepted calls: %v", f.CallLog())
	}
}

type registrarAPI = registrar.Registrar

func mustOp(t *testing.T) func(registrar.Operation, error) registrar.Operation {
	t.Helper()
	return func(op registrar.Operation, err error) registrar.Operation {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return op
	}
}
