package namecheap

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/registrar"
)

func TestCheckAvailabilityAvailableTakenPremium(t *testing.T) {
	f := newFake(t)
	f.okOn("namecheap.domains.check", `
    <DomainCheckResult Domain="free-name.com" Available="true" ErrorNo="0" Description=""
      IsPremiumName="false" PremiumRegistrationPrice="0" PremiumRenewalPrice="0"
      PremiumRestorePrice="0" PremiumTransferPrice="0" IcannFee="0" EapFee="0.0" />
    <DomainCheckResult Domain="google.com" Available="false" ErrorNo="0" Description=""
      IsPremiumName="false" PremiumRegistrationPrice="0" PremiumRenewalPrice="0"
      PremiumRestorePrice="0" PremiumTransferPrice="0" IcannFee="0" EapFee="0.0" />
    <DomainCheckResult Domain="us.xyz" Available="true" ErrorNo="0" Description=""
      IsPremiumName="true" PremiumRegistrationPrice="13000.0000" PremiumRenewalPrice="13.5"
      PremiumRestorePrice="65.0000" PremiumTransferPrice="13000.0000" IcannFee="0" EapFee="0.0" />`)
	r, _ := newTestRegistrar(t, f, 0)

	got, err := r.CheckAvailability(context.Background(),
		[]string{"Free-Name.com.", "google.com", "us.xyz", "not a name"})
	if err != nil {
		t.Fatalf("CheckAvailability: %v", err)
	}

	calls := f.calls("namecheap.domains.check")
	if len(calls) != 1 {
		t.Fatalf("check calls = %d, want 1", len(calls))
	}
	wantForm(t, calls[0], map[string]string{"DomainList": "free-name.com,google.com,us.xyz"})

	want := []struct {
		domain string
		status registrar.AvailabilityStatus
	}{
		{"free-name.com", registrar.StatusAvailable},
		{"google.com", registrar.StatusTaken},
		{"us.xyz", registrar.StatusPremium},
		{"not a name", registrar.StatusInvalid},
	}
	for i, w := range want {
		if got[i].Domain != w.domain || got[i].Status != w.status {
			t.Errorf("result %d = %s %s, want %s %s", i, got[i].Domain, got[i].Status, w.domain, w.status)
		}
	}

	p := got[2]
	if p.PremiumRegistration == nil || p.PremiumRegistration.Amount != 1300000 ||
		p.PremiumRegistration.Currency != "USD" {
		t.Errorf("premium registration = %v, want 13000.00 USD", p.PremiumRegistration)
	}
	if p.PremiumRenewal == nil || p.PremiumRenewal.Amount != 1350 {
		t.Errorf("premium renewal = %v, want 13.50 USD", p.PremiumRenewal)
	}
	if got[0].PremiumRegistration != nil {
		t.Errorf("regular name has a premium price: %v", got[0].PremiumRegistration)
	}
}

func TestCheckAvailabilityBatchesOfFifty(t *testing.T) {
	f := newFake(t)
	f.on("namecheap.domains.check", func(form url.Values) (int, string) {
		var b strings.Builder
		for _, d := range strings.Split(form.Get("DomainList"), ",") {
			fmt.Fprintf(&b, `<DomainCheckResult Domain="%s" Available="true" IsPremiumName="false" />`, d)
		}
		return 200, okXML("namecheap.domains.check", b.String())
	})
	r, _ := newTestRegistrar(t, f, 0)

	names := make([]string, 51)
	for i := range names {
		names[i] = fmt.Sprintf("name%02d.com", i)
	}
	got, err := r.CheckAvailability(context.Background(), names)
	if err != nil {
		t.Fatalf("CheckAvailability: %v", err)
	}

	calls := f.calls("namecheap.domains.check")
	if len(calls) != 2 {
		t.Fatalf("check calls = %d, want 2", len(calls))
	}
	if n := len(strings.Split(calls[0].Get("DomainList"), ",")); n != 50 {
		t.Errorf("first batch = %d names, want 50", n)
	}
	if calls[1].Get("DomainList") != "name50.com" {
		t.Errorf("second batch = %q, want name50.com", calls[1].Get("DomainList"))
	}
	if len(got) != 51 || got[50].Domain != "name50.com" || got[50].Status != registrar.StatusAvailable {
		t.Errorf("last result = %+v", got[len(got)-1])
	}
}
