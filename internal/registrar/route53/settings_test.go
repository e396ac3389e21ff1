package route53

import (
	"context"
	"slices"
	"testing"

	"github.com/proecommerce/domains/internal/registrar"
)

func TestSetPrivacyAllContacts(t *testing.T) {
	f, r := newFake(t, map[string]handler{
		"UpdateDomainContactPrivacy": fixed(ok(map[string]any{"OperationId": "op-priv"})),
	})

	op, err := r.SetPrivacy(context.Background(), "example.com", false)
	if err != nil {
		t.Fatalf("SetPrivacy: %v", err)
	}

	body := f.only(t).body
	for _, k := range []string{"AdminPrivacy", "RegistrantPrivacy", "TechPrivacy", "BillingPrivacy"} {
		if body[k] != false {
			t.Errorf("%s = %v, want false", k, body[k])
		}
	}
	if op.ID != "op-priv" || op.Type != registrar.OpPrivacy || op.Status != registrar.OpSubmitted {
		t.Errorf("operation = %+v", op)
	}
}

func TestSetAutoRenewIsSynchronous(t *testing.T) {
	f, r := newFake(t, map[string]handler{
		"DisableDomainAutoRenew": fixed(ok(map[string]any{})),
		"EnableDomainAutoRenew":  fixed(ok(map[string]any{})),
	})

	off, err := r.SetAutoRenew(context.Background(), "example.com", false)
	if err != nil {
		t.Fatalf("SetAutoRenew: %v", err)
	}
	on, err := r.SetAutoRenew(context.Background(), "example.com", true)
	if err != nil {
		t.Fatalf("SetAutoRenew: %v", err)
	}
	again, err := r.Operation(context.Background(), off.ID)
	if err != nil {
		t.Fatalf("Operation: %v", err)
	}

	if !slices.Equal(f.ops(), []string{"DisableDomainAutoRenew", "EnableDomainAutoRenew"}) {
		t.Errorf("calls = %v (Operation of a sync id must not call Route 53)", f.ops())
	}
	if off.Status != registrar.OpSucceeded || on.Status != registrar.OpSucceeded || off.ID == on.ID {
		t.Errorf("off = %+v, on = %+v", off, on)
	}
	if again.Status != registrar.OpSucceeded || again.Domain != "example.com" || again.Type != registrar.OpAutoRenew {
		t.Errorf("again = %+v", again)
	}
}

func TestSetLock(t *testing.T) {
	f, r := newFake(t, map[string]handler{
		"EnableDomainTransferLock":  fixed(ok(map[string]any{"OperationId": "op-lock"})),
		"DisableDomainTransferLock": fixed(ok(map[string]any{"OperationId": "op-unlock"})),
	})

	lock, err := r.SetLock(context.Background(), "example.com", true)
	if err != nil {
		t.Fatalf("SetLock: %v", err)
	}
	unlock, err := r.SetLock(context.Background(), "example.com", false)
	if err != nil {
		t.Fatalf("SetLock: %v", err)
	}

	if lock.ID != "op-lock" || unlock.ID != "op-unlock" || lock.Type != registrar.OpLock {
		t.Errorf("lock = %+v, unlock = %+v", lock, unlock)
	}
	if !slices.Equal(f.ops(), []string{"EnableDomainTransferLock", "DisableDomainTransferLock"}) {
		t.Errorf("calls = %v", f.ops())
	}
}

func TestAuthCode(t *testing.T) {
	_, r := newFake(t, map[string]handler{
		"RetrieveDomainAuthCode": fixed(ok(map[string]any{"AuthCode": "a1B2-c3D4"})),
	})

	code, err := r.AuthCode(context.Background(), "example.com")
	if err != nil || code != "a1B2-c3D4" {
		t.Fatalf("AuthCode = %q, %v", code, err)
	}
}

func TestSetNameservers(t *testing.T) {
	f, r := newFake(t, map[string]handler{
		"UpdateDomainNameservers": fixed(ok(map[string]any{"OperationId": "op-ns"})),
	})

	op, err := r.SetNameservers(context.Background(), "example.com",
		[]string{"ns-1.awsdns-01.org.", "ns-2.awsdns-02.com"})
	if err != nil {
		t.Fatalf("SetNameservers: %v", err)
	}

	ns, _ := f.only(t).body["Nameservers"].([]any)
	if len(ns) != 2 || ns[0].(map[string]any)["Name"] != "ns-1.awsdns-01.org" {
		t.Errorf("Nameservers = %v", ns)
	}
	if op.ID != "op-ns" || op.Type != registrar.OpNameservers {
		t.Errorf("operation = %+v", op)
	}

	if _, err := r.SetNameservers(context.Background(), "example.com", nil); registrar.KindOf(err) != registrar.KindInvalid {
		t.Errorf("empty list: err = %v", err)
	}
}
