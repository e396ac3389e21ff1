package namecheap

import (
	"context"
	"net/url"
	"testing"

	"github.com/proecommerce/domains/internal/registrar"
)

func TestSetPrivacyUsesWhoisguardID(t *testing.T) {
	f := newFake(t)
	f.okOn("namecheap.domains.getInfo", getInfoXML("example.com", "04/28/2025", "04/28/2027", "False", "53536"))
	f.okOn("namecheap.whoisguard.enable", `<WhoisguardEnableResult DomainName="example.com" IsSuccess="true" />`)
	r, _ := newTestRegistrar(t, f, 0)

	op, err := r.SetPrivacy(context.Background(), "example.com", true)
	if err != nil {
		t.Fatalf("SetPrivacy: %v", err)
	}
	if op.ID != "privacy:example.com:on" || op.Status != registrar.OpSucceeded {
		t.Errorf("operation = %+v", op)
	}
	wantForm(t, f.calls("namecheap.whoisguard.enable")[0], map[string]string{
		"WhoisguardID": "53536", "ForwardedToEmail": "owner@example.org"})

	// Already off: nothing to do, no disable call.
	if _, err := r.SetPrivacy(context.Background(), "example.com", false); err != nil {
		t.Fatalf("SetPrivacy off: %v", err)
	}
	if len(f.calls("namecheap.whoisguard.disable")) != 0 {
		t.Error("disable called for a domain whose privacy is off")
	}
}

func TestSetPrivacyDisable(t *testing.T) {
	f := newFake(t)
	f.okOn("namecheap.domains.getInfo", getInfoXML("example.com", "04/28/2025", "04/28/2027", "True", "53536"))
	f.okOn("namecheap.whoisguard.disable", `<WhoisguardDisableResult DomainName="example.com" IsSuccess="true" />`)
	r, _ := newTestRegistrar(t, f, 0)

	if _, err := r.SetPrivacy(context.Background(), "example.com", false); err != nil {
		t.Fatalf("SetPrivacy: %v", err)
	}
	wantForm(t, f.calls("namecheap.whoisguard.disable")[0], map[string]string{"WhoisguardID": "53536"})
}

func TestSetPrivacyRefusedWhereNotOffered(t *testing.T) {
	f := newFake(t)
	f.okOn("namecheap.domains.getInfo", getInfoXML("example.us", "04/28/2025", "04/28/2027", "NotAlloted", "0"))
	r, _ := newTestRegistrar(t, f, 0)

	_, err := r.SetPrivacy(context.Background(), "example.us", true)
	if !registrar.IsKind(err, registrar.KindUnsupported) {
		t.Fatalf("error = %v, want unsupported", err)
	}
}

func TestSetLockAndOperation(t *testing.T) {
	f := newFake(t)
	f.okOn("namecheap.domains.setRegistrarLock",
		`<DomainSetRegistrarLockResult Domain="example.com" IsSuccess="true" />`)
	f.okOn("namecheap.domains.getRegistrarLock",
		`<DomainGetRegistrarLockResult Domain="example.com" RegistrarLockStatus="true" />`)
	r, _ := newTestRegistrar(t, f, 0)
	ctx := context.Background()

	op, err := r.SetLock(ctx, "example.com", true)
	if err != nil {
		t.Fatalf("SetLock: %v", err)
	}
	wantForm(t, f.calls("namecheap.domains.setRegistrarLock")[0], map[string]string{
		"DomainName": "example.com", "LockAction": "LOCK"})

	got, err := r.Operation(ctx, op.ID)
	if err != nil || got.Status != registrar.OpSucceeded {
		t.Fatalf("Operation = %+v, %v", got, err)
	}

	if _, err := r.SetLock(ctx, "example.com", false); err != nil {
		t.Fatalf("SetLock off: %v", err)
	}
	wantForm(t, f.calls("namecheap.domains.setRegistrarLock")[1], map[string]string{"LockAction": "UNLOCK"})
	got, err = r.Operation(ctx, "lock:example.com:off")
	if err != nil || got.Status != registrar.OpFailed {
		t.Fatalf("Operation for unlock read back locked = %+v, %v; want failed", got, err)
	}
}

func TestSetNameserversSplitsCoUK(t *testing.T) {
	f := newFake(t)
	f.okOn("namecheap.domains.dns.setCustom", `<DomainDNSSetCustomResult Domain="example.co.uk" Updated="true" />`)
	r, _ := newTestRegistrar(t, f, 0)

	op, err := r.SetNameservers(context.Background(), "example.co.uk",
		[]string{"NS-1.awsdns-01.org.", "ns-2.awsdns-02.co.uk"})
	if err != nil {
		t.Fatalf("SetNameservers: %v", err)
	}
	if op.ID != "nameservers:example.co.uk" || op.Status != registrar.OpSucceeded {
		t.Errorf("operation = %+v", op)
	}
	wantForm(t, f.calls("namecheap.domains.dns.setCustom")[0], map[string]string{
		"SLD": "example", "TLD": "co.uk", "Nameservers": "ns-1.awsdns-01.org,ns-2.awsdns-02.co.uk"})
}

func TestAutoRenewAndAuthCodeAreHonest(t *testing.T) {
	f := newFake(t)
	autoRenew := false
	f.on("namecheap.domains.getList", func(url.Values) (int, string) {
		return 200, getListXML(listRowXML("example.com", "01/01/2025", "01/01/2027", false, autoRenew), 1, 1, 100)
	})
	r, _ := newTestRegistrar(t, f, 0)
	ctx := context.Background()

	op, err := r.SetAutoRenew(ctx, "example.com", false)
	if err != nil || op.Status != registrar.OpSucceeded {
		t.Fatalf("SetAutoRenew off when already off = %+v, %v", op, err)
	}

	autoRenew = true
	if _, err := r.SetAutoRenew(ctx, "example.com", false); !registrar.IsKind(err, registrar.KindUnsupported) {
		t.Errorf("SetAutoRenew off when on: error = %v, want unsupported", err)
	}
	if _, err := r.SetAutoRenew(ctx, "example.com", true); !registrar.IsKind(err, registrar.KindUnsupported) {
		t.Errorf("SetAutoRenew on: error = %v, want unsupported", err)
	}
	if _, err := r.AuthCode(ctx, "example.com"); !registrar.IsKind(err, registrar.KindUnsupported) {
		t.Errorf("AuthCode: error = %v, want unsupported", err)
	}

	caps := r.Capabilities()
	if caps.AuthCode || caps.Suggestions || caps.Notes["auth_code"] == "" || !caps.Privacy || !caps.TransferIn {
		t.Errorf("capabilities = %+v", caps)
	}
	if _, ok := any(r).(registrar.Suggester); ok {
		t.Error("the adapter claims to suggest names")
	}
}
