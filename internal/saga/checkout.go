package saga

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/contact"
	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

// CheckoutItem is one line of a cart.
type CheckoutItem struct {
	Type     string `json:"type"`
	Domain   string `json:"domain"`
	Years    int    `json:"years"`
	AuthCode string `json:"auth_code"`
}

// CheckoutRequest is a cart being paid for.
type CheckoutRequest struct {
	Tenant        store.Tenant
	Client        store.User
	Items         []CheckoutItem
	Contact       registrar.Contact
	Card          string
	PaymentMethod string
	ReturnURL     string
}

// ErrDeclined is returned (wrapped with the decline) when the card was
// refused; the order is recorded as failed and returned with it.
var ErrDeclined = errors.New("payment declined")

// ConflictError is a 409: the name cannot be had (Code "unavailable" or
// "not_transferable").
type ConflictError = validate.FieldError

// planned is a validated cart line with its price.
type planned struct {
	item   CheckoutItem
	name   domainname.Name
	offer  catalog.Offer
	amount money.Money
	prem   bool
}

// Checkout validates the cart, checks every name at its registrar, records
// the order and authorises payment. It returns the order with its items
// authorised, or a *validate.FieldError, or ErrDeclined with the failed order.
func (s *Saga) Checkout(ctx context.Context, req CheckoutRequest) (store.Order, error) {
	currency := req.Client.Currency
	lines, err := s.plan(ctx, req, currency)
	if err != nil {
		return store.Order{}, err
	}
	c, err := contact.Validate(req.Contact)
	if err != nil {
		return store.Order{}, validate.Prefix("contact", err)
	}
	if err := s.checkPayment(req); err != nil {
		return store.Order{}, err
	}

	o := s.newOrder(req, c, lines, currency)
	if err := s.sealAuthCodes(&o); err != nil {
		return o, err
	}
	if err := s.Store.CreateOrder(ctx, &o); err != nil {
		return o, fmt.Errorf("saga: record order: %w", err)
	}
	for _, l := range lines {
		s.Catalog.Forget(l.name.ASCII)
	}
	return s.authorize(ctx, req, o)
}

func (s *Saga) checkPayment(req CheckoutRequest) error {
	if s.Gateway.Name() == "stripe" {
		if req.Card != "" {
			return validate.Invalid("payment.card", "card numbers are not accepted; pay with a payment method (pm_…)")
		}
		if req.PaymentMethod == "" {
			return validate.Invalid("payment.payment_method", "a payment method is required")
		}
		return nil
	}
	if req.Card == "" && req.PaymentMethod == "" {
		return validate.Invalid("payment.card", "a card number is required")
	}
	return payment.CheckCard("payment.card", req.Card)
}

func (s *Saga) plan(ctx context.Context, req CheckoutRequest, currency string) ([]planned, error) {
	if len(req.Items) == 0 {
		return nil, validate.Invalid("items", "the cart is empty")
	}
	if len(req.Items) > 50 {
		return nil, validate.Invalid("items", "at most 50 items per order")
	}

	seen := map[string]bool{}
	lines := make([]planned, 0, len(req.Items))
	for i, it := range req.Items {
		field := "items." + strconv.Itoa(i)
		l, err := s.planItem(ctx, req, field, it, currency)
		if err != nil {
			return nil, err
		}
		if seen[l.name.ASCII] {
			return nil, validate.Invalid(field+".domain", "%s is in the cart twice", l.name.Unicode)
		}
		seen[l.name.ASCII] = true
		lines = append(lines, l)
	}
	return lines, nil
}

func (s *Saga) planItem(ctx context.Context, req CheckoutRequest, field string, it CheckoutItem, currency string) (planned, error) {
	if it.Type == "" {
		it.Type = store.ItemRegister
	}
	if it.Type != store.ItemRegister && it.Type != store.ItemTransfer {
		return planned{}, validate.Invalid(field+".type", "must be register or transfer")
	}
	if strings.TrimSpace(it.Domain) == "" {
		return planned{}, validate.Invalid(field+".domain", "a domain name is required")
	}
	n, offer, err := s.Catalog.ParseName(ctx, req.Tenant, field+".domain", it.Domain)
	if err != nil {
		return planned{}, err
	}
	offer, err = s.Catalog.Offer(ctx, req.Tenant, currency, n.TLD)
	if err != nil {
		return planned{}, err
	}
	if it.Years == 0 {
		return planned{}, validate.Invalid(field+".years", "years is required: .%s is sold for %d to %d years",
			n.TLD, offer.MinYears, offer.MaxYears)
	}
	if it.Years < offer.MinYears || it.Years > offer.MaxYears {
		return planned{}, validate.Invalid(field+".years", ".%s is sold for %d to %d years",
			n.TLD, offer.MinYears, offer.MaxYears)
	}

	// A domain whose transfer failed stays listed as gone; it may be
	// ordered again.
	if d, err := s.Store.Domain(ctx, req.Tenant.ID, "", n.ASCII); err == nil && d.Status != store.DomainGone {
		return planned{}, &validate.FieldError{Field: field + ".domain", Code: "unavailable",
			Message: n.Unicode + " is already managed here"}
	}
	if it.Type == store.ItemTransfer {
		return s.planTransfer(ctx, field, it, n, offer)
	}
	return s.planRegistration(ctx, req, field, it, n, offer, currency)
}

func (s *Saga) planRegistration(ctx context.Context, req CheckoutRequest, field string, it CheckoutItem,
	n domainname.Name, offer catalog.Offer, currency string) (planned, error) {
	if offer.Registration == nil {
		return planned{}, &validate.FieldError{Field: field + ".domain", Code: "unsupported_tld",
			Message: "." + n.TLD + " is not sold for registration"}
	}
	q, err := s.Catalog.Check(ctx, req.Tenant, currency, n, offer)
	if err != nil {
		return planned{}, &validate.FieldError{Field: field + ".domain", Code: "provider_error",
			Message: "the registrar did not answer for " + n.Unicode + "; try again"}
	}
	if q.Status != registrar.StatusAvailable && q.Status != registrar.StatusPremium {
		return planned{}, &validate.FieldError{Field: field + ".domain", Code: "unavailable",
			Message: fmt.Sprintf("%s cannot be registered (%s)", n.Unicode, q.Status)}
	}
	return planned{item: it, name: n, offer: offer, amount: q.Price.Times(it.Years),
		prem: q.Premium}, nil
}

func (s *Saga) planTransfer(ctx context.Context, field string, it CheckoutItem, n domainname.Name, offer catalog.Offer) (planned, error) {
	if offer.Transfer == nil {
		return planned{}, &validate.FieldError{Field: field + ".domain", Code: "unsupported_tld",
			Message: "." + n.TLD + " cannot be transferred in here"}
	}
	it.AuthCode = strings.TrimSpace(it.AuthCode)
	if it.AuthCode == "" && offer.Cost.AuthCodeRequired {
		return planned{}, validate.Invalid(field+".auth_code", "the auth code from the current registrar is required")
	}

	reg, ok := s.Registrars.Registrar(offer.Registrar)
	if !ok {
		return planned{}, fmt.Errorf("saga: registrar %q is not configured", offer.Registrar)
	}
	tr, err := reg.CheckTransferability(ctx, n.ASCII, it.AuthCode)
	if err != nil {
		return planned{}, &validate.FieldError{Field: field + ".domain", Code: "provider_error",
			Message: "the registrar could not check " + n.Unicode + "; try again"}
	}
	if !tr.Transferable {
		return planned{}, &validate.FieldError{Field: field + ".domain", Code: "not_transferable",
			Message: n.Unicode + " cannot be transferred: " + tr.Reason}
	}
	return planned{item: it, name: n, offer: offer, amount: offer.Transfer.Times(max(it.Years, 1))}, nil
}

func (s *Saga) newOrder(req CheckoutRequest, c registrar.Contact, lines []planned, currency string) store.Order {
	o := store.Order{TenantID: req.Tenant.ID, ClientID: req.Client.ID, Contact: c,
		Total: money.Zero(currency)}

	regs := money.Zero(currency)
	for _, l := range lines {
		o.Total.Amount += l.amount.Amount
		if l.item.Type == store.ItemRegister {
			regs.Amount += l.amount.Amount
		}
	}
	regIndex := 0
	if regs.Amount > 0 {
		o.Payments = append(o.Payments, s.newPayment(store.PurposeRegistrations, regs))
		regIndex = 1
	}

	for i, l := range lines {
		it := store.Item{Position: i, Type: l.item.Type, Domain: l.name.ASCII,
			Registrar: l.offer.Registrar, Years: l.item.Years, Amount: l.amount, Premium: l.prem,
			PaymentIndex: regIndex}
		if l.item.Type == store.ItemTransfer {
			o.Payments = append(o.Payments, s.newPayment(store.PurposeTransfer, l.amount))
			it.AuthCode = l.item.AuthCode // sealed by Checkout before it is stored
			it.PaymentIndex = len(o.Payments)
		}
		o.Items = append(o.Items, it)
	}
	return o
}

func (s *Saga) newPayment(purpose string, amount money.Money) store.Payment {
	return store.Payment{Purpose: purpose, Gateway: s.Gateway.Name(),
		Status: store.PaymentAuthorizing, Amount: amount}
}

// declined converts a gateway refusal into ErrDeclined with its reason.
func declined(err error) error {
	if d, ok := payment.IsDecline(err); ok {
		return fmt.Errorf("%w: %s", ErrDeclined, d.Reason)
	}
	return nil
}

func (s *Saga) sealAuthCodes(o *store.Order) error {
	for i := range o.Items {
		sealed, err := s.Secrets.Seal(o.Items[i].AuthCode)
		if err != nil {
			return fmt.Errorf("saga: seal auth code: %w", err)
		}
		o.Items[i].AuthCode = sealed
	}
	return nil
}
