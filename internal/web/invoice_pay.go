package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/renewal"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

func init() {
	extraPageRoutes = append(extraPageRoutes, func(s *Server, r chi.Router) {
		r.With(s.requireLogin).Post("/invoices/{id}/pay", s.invoicePaySubmit)
	})
}

// payInvoiceBody is the optional body of POST /api/v1/invoices/{id}/pay:
// a card to charge instead of the saved one, as in POST /api/v1/orders.
type payInvoiceBody struct {
	Payment *orderPaymentBody `json:"payment"`
}

// invoicePaid is what became of a payment of an open invoice.
type invoicePaid struct {
	Paid bool
	// Refusal is why the card was refused, when not paid.
	Refusal string
	// Renewal is set for a renewal invoice.
	Renewal *store.Renewal
}

// openInvoice returns the client's invoice, ErrNotFound when it is not
// theirs.
func (s *Server) openInvoice(r *http.Request, id identity, invoiceID string) (store.Invoice, error) {
	invs, err := s.Store.Invoices(r.Context(), id.Tenant.ID, store.InvoiceFilter{ClientID: id.clientScope()})
	if err != nil {
		return store.Invoice{}, err
	}
	i := slices.IndexFunc(invs, func(inv store.Invoice) bool { return inv.ID == invoiceID })
	if i < 0 {
		return store.Invoice{}, store.ErrNotFound
	}
	return invs[i], nil
}

// payOpenInvoice pays an open invoice with card, or the saved card when
// none is given: a renewal invoice through its renewal (the domain is then
// renewed), any other through the order it bills.
func (s *Server) payOpenInvoice(r *http.Request, id identity, inv store.Invoice, card renewal.Card) (invoicePaid, error) {
	_, err := s.Store.Renewal(r.Context(), inv.ID)
	if errors.Is(err, store.ErrNotFound) {
		p, err := s.renewals().PayOrderInvoice(r.Context(), inv, card)
		return invoicePaid{Paid: p.Status == string(payment.StatusCaptured), Refusal: p.Error}, err
	}
	if err != nil {
		return invoicePaid{}, err
	}
	rn, err := s.renewals().PayInvoiceWith(r.Context(), id.Tenant.ID, id.clientScope(), inv.ID, card)
	paid := rn.State == store.RenewalPaid || rn.State == store.RenewalRenewing ||
		rn.State == store.RenewalRenewed
	return invoicePaid{Paid: paid, Refusal: rn.Error, Renewal: &rn}, err
}

// payCard reads the optional payment of a pay request. The gateway's
// rules are those of checkout: raw card numbers only in sandbox mode.
func (s *Server) payCard(r *http.Request) (renewal.Card, error) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return renewal.Card{}, validate.Invalid("", "the body could not be read")
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return renewal.Card{}, nil
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	var body payInvoiceBody
	if err := decodeJSON(r, &body); err != nil || body.Payment == nil {
		return renewal.Card{}, err
	}
	return s.checkCard(renewal.Card{Number: body.Payment.Card, PaymentMethod: body.Payment.PaymentMethod})
}

// checkCard refuses a card the gateway does not take.
func (s *Server) checkCard(c renewal.Card) (renewal.Card, error) {
	switch {
	case s.PaymentMode == "stripe" && c.Number != "":
		return c, validate.Invalid("payment.card", "card numbers are not accepted; pay with a payment method (pm_…)")
	case s.PaymentMode == "stripe" && c.PaymentMethod == "":
		return c, validate.Invalid("payment.payment_method", "a payment method is required")
	case c.Number != "" && c.PaymentMethod != "":
		return c, validate.Invalid("payment.card", "give a card or a payment method, not both")
	case s.PaymentMode != "stripe" && !c.Given():
		return c, validate.Invalid("payment.card", "a card number is required")
	}
	return c, payment.CheckCard("payment.card", c.Number)
}

// apiPayInvoice answers POST /api/v1/invoices/{id}/pay: an open invoice of
// the client is charged once, to the card in the body or the saved one.
func (s *Server) apiPayInvoice(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	card, err := s.payCard(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	inv, err := s.openInvoice(r, id, chi.URLParam(r, "id"))
	if errors.Is(err, store.ErrNotFound) {
		apiError(w, http.StatusNotFound, "not_found", "no such invoice", "")
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if inv.Status != store.InvoiceOpen {
		apiError(w, http.StatusConflict, "conflict", "the invoice is "+inv.Status, "")
		return
	}

	out, err := s.payOpenInvoice(r, id, inv, card)
	var need *renewal.AuthenticationNeeded
	switch {
	case errors.As(err, &need):
		apiError(w, http.StatusPaymentRequired, "authentication_required",
			"the bank asks the card holder to confirm this payment: pay it from the portal", "payment")
		return
	case errors.Is(err, renewal.ErrNotPayable):
		apiError(w, http.StatusConflict, "conflict", err.Error(), "")
		return
	case err != nil:
		s.apiFail(w, r, err)
		return
	case !out.Paid:
		apiError(w, http.StatusPaymentRequired, "payment_declined", out.Refusal, "payment")
		return
	}
	s.writeInvoiceID(w, r, id, inv.ClientID, inv.ID)
}

// invoicesData is what the invoices page shows.
type invoicesData struct {
	Invoices []store.Invoice
	// NextAction, when set, is a payment the client must confirm with
	// their bank now (checkout-stripe.js runs Stripe's handleNextAction).
	NextAction     *renewal.AuthenticationNeeded
	PaymentMode    string
	PublishableKey string
}

func (s *Server) invoicesPage(w http.ResponseWriter, r *http.Request) {
	s.showInvoices(w, r, nil)
}

func (s *Server) showInvoices(w http.ResponseWriter, r *http.Request, next *renewal.AuthenticationNeeded) {
	id := mustIdentity(r)
	invs, err := s.Store.Invoices(r.Context(), id.Tenant.ID, store.InvoiceFilter{ClientID: id.clientScope()})
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "invoices", pageData{Title: "Invoices",
		Data: invoicesData{Invoices: invs, NextAction: next, PaymentMode: s.PaymentMode,
			PublishableKey: s.StripePublishableKey}})
}

// invoicePaySubmit pays an open invoice from the invoices page: with the
// card number typed in (sandbox mode), or else the saved card.
//
// Limitation: in Stripe mode the page has no card form of its own, so the
// saved card is charged; a new card is given through the API.
func (s *Server) invoicePaySubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	inv, err := s.openInvoice(r, id, chi.URLParam(r, "id"))
	if errors.Is(err, store.ErrNotFound) {
		s.notFoundPage(w, r)
		return
	}
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	card := renewal.Card{}
	if s.PaymentMode != "stripe" {
		card.Number = r.PostFormValue("card")
	}

	msg := "This invoice cannot be paid now."
	if inv.Status == store.InvoiceOpen {
		var out invoicePaid
		var need *renewal.AuthenticationNeeded
		out, err = s.payOpenInvoice(r, id, inv, card)
		switch {
		case errors.As(err, &need) && out.Renewal != nil:
			// The renewals page reads the confirmed payment back on reload.
			s.showRenewals(w, r, need)
			return
		case errors.As(err, &need):
			s.showInvoices(w, r, need)
			return
		case errors.Is(err, renewal.ErrNotPayable):
		case err != nil:
			s.pageFail(w, r, err)
			return
		case !out.Paid:
			msg = "The payment was refused: " + out.Refusal
		default:
			msg = "Paid: invoice " + inv.ID + " (" + inv.Total.String() + ")."
		}
	}
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, "/invoices", http.StatusSeeOther)
}
