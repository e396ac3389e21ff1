package web

import (
	"net/mail"
	"strings"

	"github.com/proecommerce/domains/internal/validate"
)

func validEmail(email string) error {
	if email == "" {
		return validate.Invalid("email", "an e-mail address is required")
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || !strings.Contains(email, "@") {
		return validate.Invalid("email", "not a valid e-mail address")
	}
	domain := email[strings.LastIndex(email, "@")+1:]
	if !strings.Contains(domain, ".") || strings.HasSuffix(domain, ".") {
		return validate.Invalid("email", "needs a full domain after the @")
	}
	return nil
}
