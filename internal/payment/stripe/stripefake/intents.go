package stripefake

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// fakeIntent is a PaymentIntent with its one charge.
type fakeIntent struct {
	id, currency, status, captureMethod  string
	customer, paymentMethod, futureUsage string
	cancellationReason, clientSecret     string
	amount, capturable, received         int64
	created                              int64
	metadata                             map[string]string
	charge                               *fakeCharge
	lastError                            map[string]any
}

type fakeCharge struct {
	id                         string
	amount, captured, refunded int64
	isCaptured                 bool
	captureBefore, created     int64
}

// Stripe's test payment methods the fake knows. Any other "pm_card_…"
// id authorises like PMVisa; an id without that prefix is resource_missing.
const (
	// PMVisa authorises.
	PMVisa = "pm_card_visa"
	// PMDeclined is declined (generic_decline).
	PMDeclined = "pm_card_chargeDeclined"
	// PMInsufficientFunds is declined (insufficient_funds).
	PMInsufficientFunds = "pm_card_visa_chargeDeclinedInsufficientFunds"
	// PMAuthenticationRequired needs 3-D Secure: requires_action on
	// session, authentication_required off session.
	PMAuthenticationRequired = "pm_card_authenticationRequired"
)

var currencyRE = regexp.MustCompile(`^[a-z]{3}$`)

func (f *Fake) createIntent(form url.Values) fakeAnswer {
	if bad := unknownParams(form, "amount", "currency", "capture_method", "confirm", "customer",
		"description", "metadata[", "off_session", "payment_method", "payment_method_types[",
		"return_url", "setup_future_usage", "expand["); bad != nil {
		return *bad
	}
	if bad := f.checkIntentForm(form); bad != nil {
		return *bad
	}

	pi := f.newIntent(form)
	switch pi.paymentMethod {
	case PMDeclined:
		return f.decline(pi, "card_declined", "generic_decline", "Your card was declined.")
	case PMInsufficientFunds:
		return f.decline(pi, "card_declined", "insufficient_funds", "Your card has insufficient funds.")
	case PMAuthenticationRequired:
		if form.Get("off_session") == "true" {
			return f.decline(pi, "authentication_required", "authentication_required",
				"Your card was declined. This transaction requires authentication.")
		}
		pi.status = "requires_action"
		return f.intentAnswer(pi, form)
	}
	if !strings.HasPrefix(pi.paymentMethod, "pm_card_") {
		delete(f.intents, pi.id)
		return fail(http.StatusBadRequest, "invalid_request_error", "resource_missing", "payment_method",
			fmt.Sprintf("No such PaymentMethod: '%s'", pi.paymentMethod))
	}

	f.authorise(pi)
	return f.intentAnswer(pi, form)
}

// checkIntentForm applies Stripe's rules on a create.
func (f *Fake) checkIntentForm(form url.Values) *fakeAnswer {
	refuse := func(code, param, msg string) *fakeAnswer {
		a := fail(http.StatusBadRequest, "invalid_request_error", code, param, msg)
		a.noStore = true
		return &a
	}
	if n, err := strconv.ParseInt(form.Get("amount"), 10, 64); err != nil || n <= 0 {
		return refuse("parameter_invalid_integer", "amount", "Invalid positive integer")
	}
	if !currencyRE.MatchString(form.Get("currency")) {
		return refuse("parameter_invalid_empty", "currency", "Invalid currency: "+form.Get("currency"))
	}
	if form.Get("off_session") != "" && form.Get("confirm") != "true" {
		return refuse("parameter_invalid_empty", "off_session", "off_session is only valid with confirm=true")
	}
	if form.Get("payment_method") == "" {
		return refuse("parameter_missing", "payment_method", "Missing required param: payment_method.")
	}
	if c := form.Get("customer"); c != "" && f.customers[c] == "" {
		a := fail(http.StatusBadRequest, "invalid_request_error", "resource_missing", "customer",
			"No such customer: '"+c+"'")
		return &a
	}
	return nil
}

func (f *Fake) newIntent(form url.Values) *fakeIntent {
	f.seq++
	amount, _ := strconv.ParseInt(form.Get("amount"), 10, 64)
	pi := &fakeIntent{
		id:            fmt.Sprintf("pi_%d", f.seq),
		currency:      form.Get("currency"),
		status:        "requires_payment_method",
		captureMethod: valueOr(form.Get("capture_method"), "automatic"),
		customer:      form.Get("customer"),
		paymentMethod: form.Get("payment_method"),
		futureUsage:   form.Get("setup_future_usage"),
		amount:        amount,
		created:       f.clock.Now().Unix(),
		metadata:      map[string]string{},
	}
	pi.clientSecret = fmt.Sprintf("%s_secret_%d", pi.id, f.seq*7919)
	for k, v := range form {
		if name, ok := strings.CutPrefix(k, "metadata["); ok {
			pi.metadata[strings.TrimSuffix(name, "]")] = v[0]
		}
	}
	f.intents[pi.id] = pi
	f.applied["create"]++
	return pi
}

// authorise runs a successful card confirmation.
func (f *Fake) authorise(pi *fakeIntent) {
	f.seq++
	ch := &fakeCharge{id: fmt.Sprintf("ch_%d", f.seq), amount: pi.amount, created: pi.created}
	if f.holdLifetime > 0 {
		ch.captureBefore = pi.created + int64(f.holdLifetime.Seconds())
	}
	pi.charge = ch

	if pi.captureMethod == "manual" {
		pi.status = "requires_capture"
		pi.capturable = pi.amount
		return
	}
	pi.status = "succeeded"
	pi.received = pi.amount
	ch.isCaptured, ch.captured, ch.captureBefore = true, pi.amount, 0
}

// decline answers a card error with the PaymentIntent it leaves behind.
func (f *Fake) decline(pi *fakeIntent, code, declineCode, msg string) fakeAnswer {
	pi.lastError = map[string]any{"type": "card_error", "code": code, "decline_code": declineCode, "message": msg}
	e := stripeError("card_error", code, msg)
	e["error"]["decline_code"] = declineCode
	e["error"]["payment_intent"] = f.intentJSON(pi, false)
	return fakeAnswer{status: http.StatusPaymentRequired, body: e}
}

func (f *Fake) retrieveIntent(id string, form url.Values) fakeAnswer {
	if bad := unknownParams(form, "expand["); bad != nil {
		return *bad
	}
	pi, ans := f.lookup(id)
	if pi == nil {
		return ans
	}
	return f.intentAnswer(pi, form)
}

// lookup finds an intent, letting an uncaptured hold lapse on the clock as
// Stripe does (status canceled, cancellation_reason automatic).
func (f *Fake) lookup(id string) (*fakeIntent, fakeAnswer) {
	pi := f.intents[id]
	if pi == nil {
		return nil, fail(http.StatusNotFound, "invalid_request_error", "resource_missing", "id",
			"No such payment_intent: '"+id+"'")
	}
	ch := pi.charge
	if pi.status == "requires_capture" && ch.captureBefore > 0 && f.clock.Now().Unix() >= ch.captureBefore {
		pi.status, pi.cancellationReason, pi.capturable = "canceled", "automatic", 0
		ch.refunded = ch.amount
	}
	return pi, fakeAnswer{}
}

func (f *Fake) actOnIntent(id, action string, form url.Values) fakeAnswer {
	pi, ans := f.lookup(id)
	if pi == nil {
		return ans
	}
	switch action {
	case "capture":
		return f.capture(pi, form)
	case "cancel":
		return f.cancel(pi, form)
	}
	return fail(http.StatusNotFound, "invalid_request_error", "", "", "Unrecognized request URL")
}

func (f *Fake) capture(pi *fakeIntent, form url.Values) fakeAnswer {
	if bad := unknownParams(form, "amount_to_capture", "expand["); bad != nil {
		return *bad
	}
	if pi.status != "requires_capture" {
		return unexpectedState(pi, "captured", "requires_capture")
	}
	amount := pi.capturable
	if s := form.Get("amount_to_capture"); s != "" {
		amount, _ = strconv.ParseInt(s, 10, 64)
	}
	if amount <= 0 || amount > pi.capturable {
		return fail(http.StatusBadRequest, "invalid_request_error", "amount_too_large", "amount_to_capture",
			"The amount to capture must be between 1 and the amount capturable.")
	}

	pi.status, pi.received, pi.capturable = "succeeded", amount, 0
	ch := pi.charge
	ch.isCaptured, ch.captured = true, amount
	ch.refunded = ch.amount - amount // Stripe refunds the released remainder
	f.applied["capture"]++
	return f.intentAnswer(pi, form)
}

func (f *Fake) cancel(pi *fakeIntent, form url.Values) fakeAnswer {
	if bad := unknownParams(form, "cancellation_reason", "expand["); bad != nil {
		return *bad
	}
	switch pi.status {
	case "requires_payment_method", "requires_capture", "requires_confirmation", "requires_action":
	default:
		return unexpectedState(pi, "canceled",
			"requires_payment_method, requires_capture, requires_confirmation, requires_action")
	}

	pi.status, pi.capturable = "canceled", 0
	pi.cancellationReason = form.Get("cancellation_reason")
	if pi.charge != nil {
		pi.charge.refunded = pi.charge.amount
	}
	f.applied["cancel"]++
	return f.intentAnswer(pi, form)
}

func unexpectedState(pi *fakeIntent, verb, allowed string) fakeAnswer {
	msg := fmt.Sprintf("This PaymentIntent could not be %s because it has a status of %s. "+
		"Only a PaymentIntent with one of the following statuses may be %s: %s.", verb, pi.status, verb, allowed)
	ans := fail(http.StatusBadRequest, "invalid_request_error", "payment_intent_unexpected_state", "", msg)
	ans.body.(map[string]map[string]any)["error"]["payment_intent"] = nil
	return ans
}

func (f *Fake) createRefund(form url.Values) fakeAnswer {
	if bad := unknownParams(form, "payment_intent", "amount"); bad != nil {
		return *bad
	}
	pi, ans := f.lookup(form.Get("payment_intent"))
	if pi == nil {
		return ans
	}
	if pi.status != "succeeded" {
		return fail(http.StatusBadRequest, "invalid_request_error", "charge_not_refundable", "payment_intent",
			"This PaymentIntent does not have a successful charge to refund.")
	}

	ch := pi.charge
	left := ch.captured - (ch.refunded - (ch.amount - ch.captured))
	amount := left
	if s := form.Get("amount"); s != "" {
		amount, _ = strconv.ParseInt(s, 10, 64)
	}
	if amount <= 0 || amount > left {
		return fail(http.StatusBadRequest, "invalid_request_error", "", "amount",
			fmt.Sprintf("Refund amount (%d) is greater than unrefunded amount on charge (%d)", amount, left))
	}

	ch.refunded += amount
	f.seq++
	f.applied["refund"]++
	return fakeAnswer{status: http.StatusOK, body: map[string]any{
		"id": fmt.Sprintf("re_%d", f.seq), "object": "refund", "amount": amount, "currency": pi.currency,
		"charge": ch.id, "payment_intent": pi.id, "status": "succeeded", "created": f.clock.Now().Unix(),
	}}
}

func (f *Fake) intentAnswer(pi *fakeIntent, form url.Values) fakeAnswer {
	expand := false
	for k, v := range form {
		if strings.HasPrefix(k, "expand[") && v[0] == "latest_charge" {
			expand = true
		}
	}
	return fakeAnswer{status: http.StatusOK, body: f.intentJSON(pi, expand)}
}

func (f *Fake) intentJSON(pi *fakeIntent, expandCharge bool) map[string]any {
	obj := map[string]any{
		"id": pi.id, "object": "payment_intent", "amount": pi.amount, "currency": pi.currency,
		"amount_capturable": pi.capturable, "amount_received": pi.received, "status": pi.status,
		"capture_method": pi.captureMethod, "client_secret": pi.clientSecret, "created": pi.created,
		"customer": nilIfEmpty(pi.customer), "payment_method": pi.paymentMethod,
		"setup_future_usage": nilIfEmpty(pi.futureUsage), "metadata": pi.metadata, "livemode": false,
		"cancellation_reason": nilIfEmpty(pi.cancellationReason), "payment_method_types": []string{"card"},
		"last_payment_error": pi.lastError, "latest_charge": nil, "next_action": nil,
	}
	if pi.status == "requires_action" {
		obj["next_action"] = map[string]any{"type": "use_stripe_sdk", "use_stripe_sdk": map[string]any{}}
	}
	if pi.charge != nil {
		obj["latest_charge"] = pi.charge.id
		if expandCharge {
			obj["latest_charge"] = f.chargeJSON(pi)
		}
	}
	return obj
}

func (f *Fake) chargeJSON(pi *fakeIntent) map[string]any {
	ch := pi.charge
	card := map[string]any{"brand": "visa", "last4": "4242", "amount_authorized": ch.amount}
	if ch.captureBefore > 0 {
		card["capture_before"] = ch.captureBefore
	}
	return map[string]any{
		"id": ch.id, "object": "charge", "amount": ch.amount, "amount_captured": ch.captured,
		"amount_refunded": ch.refunded, "captured": ch.isCaptured, "refunded": ch.refunded == ch.amount,
		"currency": pi.currency, "payment_intent": pi.id, "created": ch.created, "status": "succeeded",
		"payment_method_details": map[string]any{"type": "card", "card": card},
	}
}

func valueOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
