package namecheap

import (
	"context"
	"net/url"
	"testing"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
)

var testContact = registrar.Contact{
	FirstName: "Ada", LastName: "Lovelace", Organization: "Analytical Ltd",
	Email: "ada@example.org", Phone: "+44.2079460958",
	Address1: "12 St James's Square", Address2: "Floor 2", City: "London",
	PostalCode: "SW1Y 4JH", Country: "gb",
}

func createOK(domain, nonRealTime string) string {
	return okXML("namecheap.domains.create", `<DomainCreateResult Domain="`+domain+
		`" Registered="true" ChargedAmount="8.9800" DomainID="9007" OrderID="196074"
        TransactionID="380716" WhoisguardEnable="true" FreePositiveSSL="false"
        NonRealTimeDomain="`+nonRealTime+`" />`)
}

func TestRegisterCoUKSendsEveryContactSet(t *testing.T) {
	f := newFake(t)
	f.on("namecheap.domains.create", func(url.Values) (int, string) {
		return 200, createOK("example.co.uk", "false")
	})
	f.on("namecheap.domains.getTldList", func(url.Values) (int, string) {
		return 200, tldListXML(tldXML("co.uk", 1, 10, true, false, false))
	})
	r, _ := newTestRegistrar(t, f, 0)

	op, err := r.Register(context.Background(), registrar.RegisterRequest{
		Domain: "Example.CO.UK", Years: 2, Contact: testContact, Privacy: true,
		Nameservers: []string{"ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk"},
	})
	if err != nil {
		t.Fatalf("Register: %v", err)
	}
	if op.ID != "register:example.co.uk" || op.Status != registrar.OpSucceeded ||
		op.Type != registrar.OpRegister || op.Domain != "example.co.uk" {
		t.Errorf("operation = %+v", op)
	}

	form := f.calls("namecheap.domains.create")[0]
	wantForm(t, form, map[string]string{
		"DomainName": "example.co.uk", "Years": "2",
		"Nameservers":       "ns-1.awsdns-01.org,ns-2.awsdns-02.co.uk",
		"AddFreeWhoisguard": "yes", "WGEnabled": "yes",
		"IsPremiumDomain": "", "PremiumPrice": "",
	})
	for _, role := range contactRoles {
		wantForm(t, form, map[string]string{
			role + "FirstName": "Ada", role + "LastName": "Lovelace",
			role + "OrganizationName": "Analytical Ltd",
			role + "Address1":         "12 St James's Square", role + "Address2": "Floor 2",
			role + "City": "London", role + "StateProvince": "London",
			role + "PostalCode": "SW1Y 4JH", role + "Country": "GB",
			role + "Phone": "+44.2079460958", role + "EmailAddress": "ada@example.org",
		})
	}
}

func TestRegisterPremiumAndNonRealTime(t *testing.T) {
	f := newFake(t)
	f.on("namecheap.domains.create", func(url.Values) (int, string) {
		return 200, createOK("us.xyz", "true")
	})
	f.on("namecheap.domains.getTldList", func(url.Values) (int, string) {
		return 200, errXML("5050900", "Unhandled exceptions")
	})
	f.on("namecheap.domains.getInfo", func(url.Values) (int, string) {
		return 200, errXML("2019166", "Domain not found")
	})
	r, _ := newTestRegistrar(t, f, 0)

	price := money.New(1300000, "USD")
	op, err := r.Register(context.Background(), registrar.RegisterRequest{
		Domain: "us.xyz", Years: 1, Contact: testContact, PremiumPrice: &price, Privacy: true,
	})
	if err != nil {
		t.Fatalf("Register: %v", err)
	}
	wantForm(t, f.calls("namecheap.domains.create")[0], map[string]string{
		"IsPremiumDomain": "true", "PremiumPrice": "13000.00",
		// The TLD list failed, so privacy goes as asked and Namecheap decides.
		"AddFreeWhoisguard": "yes", "WGEnabled": "yes",
	})
	if op.Status != registrar.OpInProgress || op.ID != "register:us.xyz:pending" {
		t.Fatalf("operation = %+v, want in progress with a pending ID", op)
	}

	// Until getInfo shows the domain the registration is still in progress.
	again, err := r.Operation(context.Background(), op.ID)
	if err != nil || again.Status != registrar.OpInProgress {
		t.Fatalf("Operation = %+v, %v; want in progress", again, err)
	}
	f.okOn("namecheap.domains.getInfo", getInfoXML("us.xyz", "12/03/2026", "12/03/2027", "False", "0"))
	again, err = r.Operation(context.Background(), op.ID)
	if err != nil || again.Status != registrar.OpSucceeded {
		t.Fatalf("Operation = %+v, %v; want succeeded", again, err)
	}
}

func TestRegisterErrorsMapToKinds(t *testing.T) {
	cases := []struct {
		number, text string
		kind         registrar.Kind
		field        string
	}{
		{"3019166", "Domain not available", registrar.KindUnavailable, ""},
		{"2015182", "Contact phone is invalid. The phone number format is +NNN.NNNNNNNNNN",
			registrar.KindInvalid, "Phone"},
		{"2030280", "TLD is not supported in API", registrar.KindUnsupportedTLD, ""},
		{"5050900", "Unhandled exceptions", registrar.KindProviderDown, ""},
		{"2033407", "Cannot enable Whoisguard when AddWhoisguard is set to NO", registrar.KindInvalid, ""},
	}
	for _, c := range cases {
		t.Run(c.number, func(t *testing.T) {
			f := newFake(t)
			f.on("namecheap.domains.create", func(url.Values) (int, string) {
				return 200, errXML(c.number, c.text)
			})
			r, _ := newTestRegistrar(t, f, 0)

			_, err := r.Register(context.Background(), registrar.RegisterRequest{
				Domain: "example.com", Years: 1, Contact: testContact})
			var re *registrar.Error
			if !asRegistrarError(err, &re) || re.Kind != c.kind || re.Field != c.field || re.Code != c.number {
				t.Fatalf("error = %#v, want kind %s field %q code %s", err, c.kind, c.field, c.number)
			}
			noKey(t, err)
		})
	}
}
