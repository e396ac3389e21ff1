package route53

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

var person = registrar.Contact{
	FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.org",
	Phone: "+44.2071234567", Address1: "12 Analytical Row", City: "London",
	PostalCode: "N1 9GU", Country: "gb",
}

func TestRegisterRequestShape(t *testing.T) {
	f, r := newFake(t, map[string]handler{
		"RegisterDomain": fixed(ok(map[string]any{"OperationId": "op-reg-1"})),
	})

	op, err := r.Register(context.Background(), registrar.RegisterRequest{
		Domain: "example.com", Years: 2, Contact: person, Privacy: true,
	})
	if err != nil {
		t.Fatalf("Register: %v", err)
	}

	if op.ID != "op-reg-1" || op.Status != registrar.OpSubmitted || op.Type != registrar.OpRegister ||
		op.Domain != "example.com" || !op.Submitted.Equal(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("operation = %+v", op)
	}

	body := f.only(t).body
	if body["DomainName"] != "example.com" || body["DurationInYears"] != float64(2) || body["AutoRenew"] != false {
		t.Errorf("request = %v", body)
	}
	for _, flag := range []string{"PrivacyProtectRegistrantContact", "PrivacyProtectAdminContact",
		"PrivacyProtectTechContact", "PrivacyProtectBillingContact"} {
		if body[flag] != true {
			t.Errorf("%s = %v, want true", flag, body[flag])
		}
	}
	for _, role := range []string{"RegistrantContact", "AdminContact", "TechContact", "BillingContact"} {
		c, _ := body[role].(map[string]any)
		want := map[string]any{
			"FirstName": "Ada", "LastName": "Lovelace", "ContactType": "PERSON",
			"Email": "ada@example.org", "PhoneNumber": "+44.2071234567",
			"AddressLine1": "12 Analytical Row", "City": "London", "ZipCode": "N1 9GU", "CountryCode": "GB",
		}
		for k, v := range want {
			if c[k] != v {
				t.Errorf("%s.%s = %v, want %v", role, k, c[k], v)
			}
		}
		if _, has := c["OrganizationName"]; has {
			t.Errorf("%s has an organisation: %v", role, c)
		}
	}
}

func TestRegisterCompanyContact(t *testing.T) {
	f, r := newFake(t, map[string]handler{
		"RegisterDomain": fixed(ok(map[string]any{"OperationId": "op-reg-2"})),
	})
	c := person
	c.Organization = "Engines Ltd"
	c.State = "Greater London"

	if _, err := r.Register(context.Background(), registrar.RegisterRequest{Domain: "engines.com", Years: 1, Contact: c}); err != nil {
		t.Fatalf("Register: %v", err)
	}

	body := f.only(t).body
	admin, _ := body["AdminContact"].(map[string]any)
	if admin["ContactType"] != "COMPANY" || admin["OrganizationName"] != "Engines Ltd" || admin["State"] != "Greater London" {
		t.Errorf("admin contact = %v", admin)
	}
	if body["PrivacyProtectBillingContact"] != false || body["PrivacyProtectAdminContact"] != false {
		t.Errorf("privacy flags must all be false: %v", body)
	}
}

func TestRegisterErrors(t *testing.T) {
	cases := []struct {
		reply reply
		kind  registrar.Kind
	}{
		{awsError(400, "DuplicateRequest", "request already in progress"), registrar.KindDuplicate},
		{awsError(400, "UnsupportedTLD", "tld not supported"), registrar.KindUnsupportedTLD},
		{awsError(400, "OperationLimitExceeded", "too many operations"), registrar.KindThrottled},
		{awsError(400, "DomainLimitExceeded", "quota"), registrar.KindInvalid},
		{awsError(400, "TLDRulesViolation", "not allowed"), registrar.KindUnsupported},
		{awsError(503, "ServiceUnavailable", "down"), registrar.KindProviderDown},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind), func(t *testing.T) {
			_, r := newFake(t, map[string]handler{"RegisterDomain": fixed(tc.reply)})

			_, err := r.Register(context.Background(), registrar.RegisterRequest{Domain: "a.com", Years: 1, Contact: person})

			if registrar.KindOf(err) != tc.kind {
				t.Fatalf("err = %v, want kind %s", err, tc.kind)
			}
		})
	}
}

func TestProviderDownWithoutAnswer(t *testing.T) {
	cfg := testAWSConfig(t, "http://127.0.0.1:1")
	r, err := New(context.Background(), Config{AWS: &cfg})
	if err != nil {
		t.Fatal(err)
	}

	_, err = r.DomainDetail(context.Background(), "example.com")

	if registrar.KindOf(err) != registrar.KindProviderDown {
		t.Fatalf("err = %v, want provider down", err)
	}
}

func TestTransferInSendsAuthCodeAndNameservers(t *testing.T) {
	f, r := newFake(t, map[string]handler{
		"TransferDomain": fixed(ok(map[string]any{"OperationId": "op-tr-1"})),
	})

	op, err := r.TransferIn(context.Background(), registrar.TransferRequest{
		Domain: "moving.net", AuthCode: "s3cr3t-code", Years: 1, Contact: person,
		Privacy: true, Nameservers: []string{"NS1.Example.NET."},
	})
	if err != nil {
		t.Fatalf("TransferIn: %v", err)
	}

	body := f.only(t).body
	ns, _ := body["Nameservers"].([]any)
	first, _ := ns[0].(map[string]any)
	if body["AuthCode"] != "s3cr3t-code" || first["Name"] != "ns1.example.net" || body["AutoRenew"] != false ||
		body["PrivacyProtectTechContact"] != true {
		t.Errorf("request = %v", body)
	}
	if op.ID != "op-tr-1" || op.Type != registrar.OpTransferIn {
		t.Errorf("operation = %+v", op)
	}
}

func TestTransferabilityReasons(t *testing.T) {
	for _, raw := range []string{"TRANSFERABLE", "UNTRANSFERABLE", "DONT_KNOW", "DOMAIN_IN_OWN_ACCOUNT",
		"DOMAIN_IN_ANOTHER_ACCOUNT", "PREMIUM_DOMAIN"} {
		t.Run(raw, func(t *testing.T) {
			_, r := newFake(t, map[string]handler{
				"CheckDomainTransferability": func(t *testing.T, body map[string]any) reply {
					if body["AuthCode"] != "code-1" || body["DomainName"] != "moving.net" {
						t.Errorf("request = %v", body)
					}
					return ok(map[string]any{"Transferability": map[string]any{"Transferable": raw}})
				},
			})

			got, err := r.CheckTransferability(context.Background(), "moving.net", "code-1")
			if err != nil {
				t.Fatalf("CheckTransferability: %v", err)
			}

			wantOK := raw == "TRANSFERABLE"
			if got.Transferable != wantOK || got.Raw != raw || (got.Reason == "") == !wantOK {
				t.Errorf("got %+v", got)
			}
		})
	}
}

func TestRenewPassesCurrentExpiryYear(t *testing.T) {
	f, r := newFake(t, map[string]handler{
		"RenewDomain": fixed(ok(map[string]any{"OperationId": "op-renew-1"})),
	})

	op, err := r.Renew(context.Background(), "example.com", 2027, 3)
	if err != nil {
		t.Fatalf("Renew: %v", err)
	}

	body := f.only(t).body
	if body["CurrentExpiryYear"] != float64(2027) || body["DurationInYears"] != float64(3) {
		t.Errorf("request = %v", body)
	}
	if op.ID != "op-renew-1" || op.Type != registrar.OpRenew {
		t.Errorf("operation = %+v", op)
	}
}

func TestErrorsDoNotCarryAuthCode(t *testing.T) {
	_, r := newFake(t, map[string]handler{
		"CheckDomainTransferability": fixed(awsError(400, "InvalidInput", "bad request")),
	})

	_, err := r.CheckTransferability(context.Background(), "moving.net", "s3cr3t-code")

	var e *registrar.Error
	if !errors.As(err, &e) || containsAny(err.Error(), "s3cr3t-code") {
		t.Fatalf("err = %v", err)
	}
}
