package contact

import (
	"testing"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/validate"
)

func validContact() registrar.Contact {
	return registrar.Contact{
		FirstName:  " Dana ",
		LastName:   "Whitfield",
		Email:      "dana.whitfield@example.com ",
		Phone:      "(206) 555-0119",
		Address1:   "1200 SW Example Avenue",
		City:       "Portland",
		State:      "Oregon",
		PostalCode: "97205",
		Country:    "us",
	}
}

func TestValidateNormalises(t *testing.T) {
	got, err := Validate(validContact())
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}

	want := registrar.Contact{
		FirstName:  "Dana",
		LastName:   "Whitfield",
		Email:      "dana.whitfield@example.com",
		Phone:      "+1.2065550119",
		Address1:   "1200 SW Example Avenue",
		City:       "Portland",
		State:      "Oregon",
		PostalCode: "97205",
		Country:    "US",
	}
	if got != want {
		t.Errorf("Validate = %+v, want %+v", got, want)
	}
}

func TestValidateForeignContact(t *testing.T) {
	c := registrar.Contact{
		FirstName: "Aoife", LastName: "Byrne", Organization: "Byrne & Co.",
		Email: "aoife@example.net", Phone: "+353.15550123", Address1: "1 Example Quay",
		City: "Dublin", PostalCode: "D02 XY45", Country: "IE",
	}
	got, err := Validate(c)
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if got != c {
		t.Errorf("Validate changed a valid contact: %+v", got)
	}
}

func TestValidateRequired(t *testing.T) {
	cases := map[string]func(*registrar.Contact){
		"first_name":  func(c *registrar.Contact) { c.FirstName = "  " },
		"last_name":   func(c *registrar.Contact) { c.LastName = "" },
		"email":       func(c *registrar.Contact) { c.Email = "" },
		"phone":       func(c *registrar.Contact) { c.Phone = "" },
		"address1":    func(c *registrar.Contact) { c.Address1 = "" },
		"city":        func(c *registrar.Contact) { c.City = "" },
		"postal_code": func(c *registrar.Contact) { c.PostalCode = "" },
		"country":     func(c *registrar.Contact) { c.Country = "" },
		"state":       func(c *registrar.Contact) { c.State = " " },
	}
	for field, breakIt := range cases {
		c := validContact()
		breakIt(&c)
		assertFieldError(t, field, c, field, CodeRequired)
	}

	for _, country := range []string{"CA", "AU"} {
		c := validContact()
		c.Country, c.State, c.Phone = country, "", "+61 2 9374 4000"
		assertFieldError(t, "no state in "+country, c, "state", CodeRequired)
	}
}

func TestValidateInvalid(t *testing.T) {
	cases := []struct {
		name, field string
		breakIt     func(*registrar.Contact)
	}{
		{"country XX", "country", func(c *registrar.Contact) { c.Country = "XX" }},
		{"country usa", "country", func(c *registrar.Contact) { c.Country = "usa" }},
		{"country UK", "country", func(c *registrar.Contact) { c.Country = "UK" }},
		{"email without @", "email", func(c *registrar.Contact) { c.Email = "dana.example.com" }},
		{"email with name", "email", func(c *registrar.Contact) { c.Email = "Dana <d@example.com>" }},
		{"email without dot", "email", func(c *registrar.Contact) { c.Email = "dana@localhost" }},
		{"phone letters", "phone", func(c *registrar.Contact) { c.Phone = "1-800-FLOWERS" }},
		{"control character", "city", func(c *registrar.Contact) { c.City = "Port\x00land" }},
		{"too long", "address1", func(c *registrar.Contact) { c.Address1 = string(make([]byte, 256)) }},
	}
	for _, c := range cases {
		contact := validContact()
		c.breakIt(&contact)
		assertFieldError(t, c.name, contact, c.field, "invalid")
	}
}

func assertFieldError(t *testing.T, name string, c registrar.Contact, field, code string) {
	t.Helper()

	_, err := Validate(c)
	fe, ok := validate.As(err)
	if !ok {
		t.Errorf("%s: error %v is not a FieldError", name, err)
		return
	}
	if fe.Field != field || fe.Code != code || fe.Message == "" {
		t.Errorf("%s: got field %q code %q (%s), want field %q code %q",
			name, fe.Field, fe.Code, fe.Message, field, code)
	}
}
