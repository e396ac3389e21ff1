package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/store"
)

func (s *Server) ordersPage(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	orders, err := s.Store.Orders(r.Context(), id.Tenant.ID, id.clientScope(), 100)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	title := "Your orders"
	if id.User.IsAdmin() {
		title = "All orders"
	}
	s.render(w, r, http.StatusOK, "orders", pageData{Title: title,
		Data: struct{ Orders []store.Order }{orders}})
}

type orderData struct {
	Order   store.Order
	Payment *jsonPaymentSummary
}

func (s *Server) orderData(r *http.Request) (orderData, error) {
	id := mustIdentity(r)
	o, err := s.Store.Order(r.Context(), id.Tenant.ID, id.clientScope(), chi.URLParam(r, "id"))
	if err != nil {
		return orderData{}, err
	}
	data := orderData{Order: o}
	if j := toJSONOrder(o); j.Payment.Status != "none" {
		data.Payment = &j.Payment
	}
	return data, nil
}

func (s *Server) orderPage(w http.ResponseWriter, r *http.Request) {
	data, err := s.orderData(r)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "order", pageData{Title: "Order " + data.Order.ID, Data: data})
}

// orderStatus is the live fragment the order page polls while it is open.
func (s *Server) orderStatus(w http.ResponseWriter, r *http.Request) {
	data, err := s.orderData(r)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	s.fragment(w, "orderstatus", "orderstatus", data)
}

func (s *Server) domainsPage(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	domains, err := s.Store.Domains(r.Context(), id.Tenant.ID, store.DomainFilter{
		ClientID: id.clientScope(), After: r.URL.Query().Get("after"), Limit: 200})
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	title := "My domains"
	if id.User.IsAdmin() {
		title = "All domains"
	}
	s.render(w, r, http.StatusOK, "domains", pageData{Title: title,
		Data: struct{ Domains []store.Domain }{domains}})
}

func (s *Server) domainPage(w http.ResponseWriter, r *http.Request) {
	s.showDomain(w, r, http.StatusOK, domainData{})
}

func (s *Server) autoRenewSubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if err := s.autoRenewConflict(r, d); err != nil {
		s.flash(r, "Auto-renew was not changed: "+pageMessage(err))
		http.Redirect(w, r, "/domains/"+d.Name, http.StatusSeeOther)
		return
	}

	d.AutoRenew = r.PostFormValue("enabled") == "true"
	if err := s.Store.SetDomainFlags(r.Context(), d); err != nil {
		s.pageFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "auto_renew", d.Name, boolWord(d.AutoRenew))
	http.Redirect(w, r, "/domains/"+d.Name, http.StatusSeeOther)
}
