package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/renewal"
	"github.com/proecommerce/domains/internal/store"
)

// upcomingDays is how far ahead the renewals page and API look.
const upcomingDays = 90

func init() {
	extraAPIRoutes = append(extraAPIRoutes, func(s *Server, r chi.Router) {
		r.Get("/renewals", s.apiRenewals)
		r.Post("/domains/{domain}/renewal/cancel", s.apiCancelRenewal)
		r.Post("/domains/{domain}/renewal", s.apiRenewNow)
	})
	extraPageRoutes = append(extraPageRoutes, func(s *Server, r chi.Router) {
		r.With(s.requireLogin).Get("/renewals", s.renewalsPage)
		r.With(s.requireLogin).Post("/renewals/{id}/pay", s.renewalPaySubmit)
		r.With(s.requireLogin).Post("/renewals/cancel/{domain}", s.renewalCancelSubmit)
	})
	extraPages = append(extraPages, "renewals")
}

// renewals returns the renewal service over the server's store and providers.
func (s *Server) renewals() *renewal.Service {
	var gw payment.Gateway
	if s.Saga != nil {
		gw = s.Saga.Gateway
	}
	return renewal.New(s.Store, s.Catalog, s.Registrars, gw, s.Clock, s.Logger, renewal.Config{})
}

// jsonUpcoming is one row of GET /api/v1/renewals.
type jsonUpcoming struct {
	Domain    string       `json:"domain"`
	ExpiresAt time.Time    `json:"expires_at"`
	AutoRenew bool         `json:"auto_renew"`
	Cancelled bool         `json:"cancelled"`
	InvoiceID string       `json:"invoice_id,omitempty"`
	State     string       `json:"state,omitempty"`
	Amount    *money.Money `json:"amount,omitempty"`
	DueAt     *time.Time   `json:"due_at,omitempty"`
	Error     string       `json:"error,omitempty"`
}

func toJSONUpcoming(u store.Upcoming) jsonUpcoming {
	out := jsonUpcoming{Domain: u.Domain, ExpiresAt: u.ExpiresAt, AutoRenew: u.AutoRenew,
		Cancelled: u.Cancelled}
	if r := u.Renewal; r != nil {
		due := r.DueAt
		out.InvoiceID, out.State, out.Amount, out.DueAt, out.Error = r.InvoiceID, r.State,
			&r.Amount, &due, r.Error
	}
	return out
}

func (s *Server) upcoming(r *http.Request, id identity) ([]store.Upcoming, error) {
	until := s.Clock.Now().AddDate(0, 0, upcomingDays)
	return s.Store.UpcomingRenewals(r.Context(), id.Tenant.ID, id.clientScope(), until)
}

func (s *Server) apiRenewals(w http.ResponseWriter, r *http.Request) {
	list, err := s.upcoming(r, mustIdentity(r))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := make([]jsonUpcoming, 0, len(list))
	for _, u := range list {
		out = append(out, toJSONUpcoming(u))
	}
	writeJSON(w, http.StatusOK, map[string]any{"renewals": out})
}

func (s *Server) apiCancelRenewal(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	ids, err := s.renewals().Cancel(r.Context(), d, id.User.Email)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if ids == nil {
		ids = []string{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"domain": d.Name, "cancelled_invoices": ids})
}

// apiRenewNow answers POST /api/v1/domains/{domain}/renewal: the renewal
// invoice of the domain's current period, made now when the monthly run
// has not (a late renewal, or renewing early), priced by where the domain
// stands. It is paid with POST /api/v1/invoices/{id}/pay.
func (s *Server) apiRenewNow(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	rn, err := s.renewals().InvoiceNow(r.Context(), d)
	switch {
	case errors.Is(err, renewal.ErrLost), errors.Is(err, renewal.ErrNotPayable),
		errors.Is(err, renewal.ErrNoClient):
		apiError(w, http.StatusConflict, "conflict", err.Error(), "")
		return
	case err != nil:
		s.apiFail(w, r, err)
		return
	}
	s.writeInvoice(w, r, id, rn)
}

// writeInvoice answers with the invoice of a renewal.
func (s *Server) writeInvoice(w http.ResponseWriter, r *http.Request, id identity, rn store.Renewal) {
	s.writeInvoiceID(w, r, id, rn.ClientID, rn.InvoiceID)
}

// writeInvoiceID answers with one invoice of a client.
func (s *Server) writeInvoiceID(w http.ResponseWriter, r *http.Request, id identity, clientID, invoiceID string) {
	invs, err := s.Store.Invoices(r.Context(), id.Tenant.ID, store.InvoiceFilter{
		ClientID: clientID})
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	for _, inv := range invs {
		if inv.ID == invoiceID {
			writeJSON(w, http.StatusOK, toJSONInvoice(inv))
			return
		}
	}
	apiError(w, http.StatusNotFound, "not_found", "no such invoice", "")
}

// payRenewalInvoice pays an open renewal invoice with the saved card. A
// refused card comes back as the renewal's Error with ok false.
func (s *Server) payRenewalInvoice(r *http.Request, id identity, invoiceID string) (store.Renewal, bool, error) {
	rn, err := s.renewals().PayInvoice(r.Context(), id.Tenant.ID, id.clientScope(), invoiceID)
	if err != nil {
		return rn, false, err
	}
	paid := rn.State == store.RenewalPaid || rn.State == store.RenewalRenewing ||
		rn.State == store.RenewalRenewed
	return rn, paid, nil
}

// renewalsData is what the renewals page shows.
type renewalsData struct {
	Renewals []store.Upcoming
	Days     int
	// NextAction, when set, is a payment the client must confirm with
	// their bank now (checkout-stripe.js runs Stripe's handleNextAction).
	NextAction     *renewal.AuthenticationNeeded
	PaymentMode    string
	PublishableKey string
}

func (s *Server) renewalsPage(w http.ResponseWriter, r *http.Request) {
	s.showRenewals(w, r, nil)
}

// showRenewals renders the renewals page. Payments the client was asked
// to confirm with their bank are read back first, so the page shows them
// paid once confirmed (the script reloads the page when Stripe is done).
func (s *Server) showRenewals(w http.ResponseWriter, r *http.Request, next *renewal.AuthenticationNeeded) {
	id := mustIdentity(r)
	list, err := s.upcoming(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if next == nil && s.settleConfirmations(r, list) {
		if list, err = s.upcoming(r, id); err != nil {
			s.pageFail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "renewals", pageData{Title: "Upcoming renewals",
		Data: renewalsData{Renewals: list, Days: upcomingDays, NextAction: next,
			PaymentMode: s.PaymentMode, PublishableKey: s.StripePublishableKey}})
}

// settleConfirmations advances the listed renewals waiting for a bank's
// confirmation and reports whether any was looked at.
func (s *Server) settleConfirmations(r *http.Request, list []store.Upcoming) bool {
	looked := false
	for _, u := range list {
		rn := u.Renewal
		if rn == nil || rn.State != store.RenewalCharging || rn.PaymentID == "" {
			continue
		}
		looked = true
		if _, err := s.renewals().Advance(r.Context(), rn.InvoiceID, false); err != nil {
			s.Logger.Warn("renewal confirmation not settled", "invoice_id", rn.InvoiceID, "err", err)
		}
	}
	return looked
}

func (s *Server) renewalPaySubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	rn, paid, err := s.payRenewalInvoice(r, id, chi.URLParam(r, "id"))
	msg := "Paid: " + rn.Domain + " is renewed."
	var need *renewal.AuthenticationNeeded
	switch {
	case errors.As(err, &need):
		s.showRenewals(w, r, need)
		return
	case errors.Is(err, store.ErrNotFound):
		s.notFoundPage(w, r)
		return
	case errors.Is(err, renewal.ErrNotPayable):
		msg = "This invoice cannot be paid now."
	case err != nil:
		s.pageFail(w, r, err)
		return
	case !paid:
		msg = "The payment was refused: " + rn.Error
	case rn.State != store.RenewalRenewed:
		msg = "Paid: the renewal of " + rn.Domain + " is under way."
	}
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, "/renewals", http.StatusSeeOther)
}

func (s *Server) renewalCancelSubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if _, err := s.renewals().Cancel(r.Context(), d, id.User.Email); err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", d.Name+" will not be renewed.")
	http.Redirect(w, r, "/renewals", http.StatusSeeOther)
}
