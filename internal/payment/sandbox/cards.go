package sandbox

import (
	"github.com/proecommerce/domains/internal/payment"
)

// behaviour is what the sandbox processor does with a card.
type behaviour string

const (
	cardOK           behaviour = "ok"
	cardDeclined     behaviour = "declined"
	cardInsufficient behaviour = "insufficient_funds"
	cardCaptureFails behaviour = "capture_fails"
	cardInvalid      behaviour = "invalid_number"
)

// testCards are the documented card numbers (listed in the README).
//
// Limitation: no card asks for 3-D Secure (StatusRequiresAction), so
// ReturnURL and ClientSecret are never used; none is documented. Any other
// Luhn-valid number behaves like 4242 4242 4242 4242.
var testCards = map[string]behaviour{
	"4242424242424242": cardOK,
	"4000000000000002": cardDeclined,
	"4000000000009995": cardInsufficient,
	"4000000000000341": cardCaptureFails,
}

// testMethods are Stripe's test payment method ids the sandbox honours, so
// the same API tests run against both gateways.
var testMethods = map[string]struct {
	b     behaviour
	last4 string
}{
	"pm_card_visa":                                 {cardOK, "4242"},
	"pm_card_chargeDeclined":                       {cardDeclined, "0002"},
	"pm_card_chargeDeclinedInsufficientFunds":      {cardInsufficient, "9995"},
	"pm_card_visa_chargeDeclinedInsufficientFunds": {cardInsufficient, "9995"},
}

// readCard returns the behaviour and last four digits of a raw card number;
// spaces and hyphens are ignored.
func readCard(card string) (behaviour, string) {
	digits, ok := payment.CardDigits(card)
	if !ok {
		return cardInvalid, ""
	}
	last4 := digits[len(digits)-4:]
	if b, ok := testCards[digits]; ok {
		return b, last4
	}
	return cardOK, last4
}

// decline returns the refusal for a behaviour at authorisation, or nil.
func (b behaviour) decline() error {
	switch b {
	case cardDeclined:
		return &payment.DeclineError{Code: "card_declined", Reason: "your card was declined"}
	case cardInsufficient:
		return &payment.DeclineError{Code: "insufficient_funds",
			Reason: "your card has insufficient funds"}
	case cardInvalid:
		return &payment.DeclineError{Code: "invalid_number", Reason: "your card number is invalid"}
	}
	return nil
}
