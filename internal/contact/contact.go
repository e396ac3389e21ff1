// Package contact validates WHOIS contacts the way registrars require and
// normalises them (trimmed fields, upper-case country, "+CC.NUMBER" phone)
// before they reach a registrar adapter.
package contact

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/validate"
)

// maxFieldLength is the longest value, in characters, any field may hold;
// it is Route 53 Domains' limit, the most generous of our registrars.
// Limitation: registrar-specific shorter limits are left to the adapters.
const maxFieldLength = 255

// CodeRequired is the FieldError code of a required field left empty; other
// problems carry validate's "invalid".
const CodeRequired = "required"

// field is one contact field: its json name, value and whether it is needed.
type field struct {
	name     string
	value    *string
	required bool
}

// Validate checks a contact as registrars require and returns it
// normalised: every field trimmed, country upper-case, phone in
// "+CC.NUMBER" form. First and last name, e-mail, phone, address line, city,
// postal code and country (ISO 3166-1 alpha-2) are required; state is
// required for US, CA and AU; organisation is optional. The first problem
// found is returned as a *validate.FieldError whose Field is the json name
// of the field ("phone", "country", "first_name", ...).
func Validate(c registrar.Contact) (registrar.Contact, error) {
	c.Country = strings.ToUpper(strings.TrimSpace(c.Country))

	for _, f := range fields(&c) {
		*f.value = strings.TrimSpace(*f.value)
		if err := checkField(f); err != nil {
			return registrar.Contact{}, err
		}
	}

	if err := checkEmail(c.Email); err != nil {
		return registrar.Contact{}, err
	}
	if err := checkCountry(c.Country, c.State); err != nil {
		return registrar.Contact{}, err
	}

	phone, err := NormalizePhone(c.Phone, c.Country)
	if err != nil {
		return registrar.Contact{}, err
	}
	c.Phone = phone
	return c, nil
}

// fields lists the contact's fields in the order of the form.
func fields(c *registrar.Contact) []field {
	return []field{
		{"first_name", &c.FirstName, true},
		{"last_name", &c.LastName, true},
		{"organization", &c.Organization, false},
		{"email", &c.Email, true},
		{"phone", &c.Phone, true},
		{"address1", &c.Address1, true},
		{"address2", &c.Address2, false},
		{"city", &c.City, true},
		{"state", &c.State, false}, // required by country: see checkCountry
		{"postal_code", &c.PostalCode, true},
		{"country", &c.Country, true},
	}
}

func checkField(f field) error {
	v := *f.value
	if v == "" {
		if f.required {
			return required(f.name)
		}
		return nil
	}

	if !utf8.ValidString(v) || strings.ContainsFunc(v, unicode.IsControl) {
		return validate.Invalid(f.name, "contains control characters or invalid text")
	}
	if n := utf8.RuneCountInString(v); n > maxFieldLength {
		return validate.Invalid(f.name, "is %d characters long; at most %d are allowed",
			n, maxFieldLength)
	}
	return nil
}

// checkEmail accepts a bare address ("dana@example.com") whose domain has a
// dot; display names ("Dana <dana@example.com>") are refused.
func checkEmail(email string) error {
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Name != "" || addr.Address != email {
		return validate.Invalid("email", "is not a valid e-mail address")
	}

	domain := email[strings.LastIndex(email, "@")+1:]
	if !strings.Contains(domain, ".") || strings.HasSuffix(domain, ".") {
		return validate.Invalid("email", "needs a full domain after the @")
	}
	return nil
}

// Limitation: the state is not checked against the country's list of states
// or provinces and the postal code not against its format; registrars that
// insist report it at registration as an invalid-input error.

// checkCountry requires an assigned ISO 3166-1 alpha-2 code, and a state
// for the countries whose addresses need one.
func checkCountry(country, state string) error {
	switch {
	case country == "UK":
		return validate.Invalid("country", "UK is not an ISO 3166-1 code; use GB")
	case len(country) != 2:
		return validate.Invalid("country",
			"must be a two-letter ISO 3166-1 code such as US or GB, not %q", country)
	case !ValidCountry(country):
		return validate.Invalid("country", "%q is not an ISO 3166-1 country code", country)
	case statesRequired[country] && state == "":
		return &validate.FieldError{Field: "state", Code: CodeRequired,
			Message: "is required for addresses in " + country}
	}
	return nil
}

func required(name string) *validate.FieldError {
	return &validate.FieldError{Field: name, Code: CodeRequired, Message: "is required"}
}
