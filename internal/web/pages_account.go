package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/dnsrecord"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
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

type domainData struct {
	Domain     store.Domain
	Privacy    jsonPrivacy
	Records    []jsonRecord
	Change     *jsonChange
	Types      []string
	DNSError   string
	Form       dnsrecord.Input
	FormValues string
}

func (s *Server) domainPage(w http.ResponseWriter, r *http.Request) {
	s.showDomain(w, r, http.StatusOK, domainData{})
}

func (s *Server) showDomain(w http.ResponseWriter, r *http.Request, status int, data domainData) {
	id := mustIdentity(r)
	d, sets, err := s.zoneOf(r, id)
	if _, ok := validate.As(err); ok {
		data.DNSError = err.Error()
	} else if err != nil {
		s.pageFail(w, r, err)
		return
	}
	data.Domain, data.Privacy = d, s.privacyOf(r, d)
	data.Records = toJSONRecords(d.Name, sets, rulesOf(id.Tenant))
	data.Change = s.latestChange(r, d)
	data.Types = id.Tenant.Settings.AllowedRecordTypes
	s.render(w, r, status, "domain", pageData{Title: d.Name, Data: data})
}

func (s *Server) recordSubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	ttl, _ := strconv.Atoi(r.PostFormValue("ttl"))
	in := dnsrecord.Input{Name: r.PostFormValue("name"), Type: r.PostFormValue("type"),
		TTL: uint32(max(ttl, 0))}
	for _, v := range strings.Split(r.PostFormValue("values"), "\n") {
		if v = strings.TrimSpace(v); v != "" {
			in.Values = append(in.Values, v)
		}
	}

	err := s.changeRecords(r, id, func(zone string, current []dnsrecordSet) ([]dnsrecordChange, error) {
		set, err := dnsrecord.Prepare(zone, in, current, rulesOf(id.Tenant))
		if err != nil {
			return nil, err
		}
		return dnsrecord.PlanSet(current, set), nil
	})
	if err != nil {
		s.showDomain(w, r, http.StatusUnprocessableEntity, domainData{DNSError: err.Error(), Form: in,
			FormValues: r.PostFormValue("values")})
		return
	}
	s.flash(r, "Record set saved; it reaches every name server within a minute.")
	http.Redirect(w, r, "/domains/"+chi.URLParam(r, "domain"), http.StatusSeeOther)
}

func (s *Server) recordDelete(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	err := s.changeRecords(r, id, func(zone string, current []dnsrecordSet) ([]dnsrecordChange, error) {
		name, err := dnsrecord.NormalizeName(zone, r.PostFormValue("name"))
		if err != nil {
			return nil, err
		}
		typ := strings.ToUpper(r.PostFormValue("type"))
		if !rulesOf(id.Tenant).Allows(zone, name, typ) {
			return nil, validate.Invalid("type", "%s records cannot be edited here", typ)
		}
		return dnsrecord.PlanDelete(current, name, typ)
	})
	if err != nil {
		s.showDomain(w, r, http.StatusUnprocessableEntity, domainData{DNSError: err.Error()})
		return
	}
	s.flash(r, "Record set deleted.")
	http.Redirect(w, r, "/domains/"+chi.URLParam(r, "domain"), http.StatusSeeOther)
}

func (s *Server) autoRenewSubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.pageFail(w, r, err)
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

func (s *Server) invoicesPage(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	invs, err := s.Store.Invoices(r.Context(), id.Tenant.ID, store.InvoiceFilter{ClientID: id.clientScope()})
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "invoices", pageData{Title: "Invoices",
		Data: struct{ Invoices []store.Invoice }{invs}})
}
