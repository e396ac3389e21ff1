package web

import (
	"fmt"
	"net/http"

	"github.com/proecommerce/domains/internal/store"
)

type count struct {
	Label string
	Value int
}

type adminData struct {
	Counts     []count
	Orders     []store.Order
	Unassigned []store.Domain
	Clients    []store.User
	Settings   [][2]string
}

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	ctx := r.Context()
	orders, err := s.Store.Orders(ctx, id.Tenant.ID, "", 20)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	unassigned, err := s.Store.Domains(ctx, id.Tenant.ID, store.DomainFilter{Unassigned: true, Limit: 50})
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	clients, err := s.Store.Clients(ctx, id.Tenant.ID)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	counts, err := s.Store.Counts(ctx, id.Tenant.ID)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	data := adminData{Orders: orders, Unassigned: unassigned, Clients: clients, Settings: s.Settings}
	for _, c := range counts {
		data.Counts = append(data.Counts, count{Label: c[0].(string), Value: c[1].(int)})
	}
	s.render(w, r, http.StatusOK, "admin", pageData{Title: "Admin", Data: data})
}

func (s *Server) privacySubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if p := s.privacyOf(r, d); !p.Available {
		s.flash(r, "WHOIS privacy cannot be changed: "+p.Reason)
		http.Redirect(w, r, "/domains/"+d.Name, http.StatusSeeOther)
		return
	}
	if _, err := s.setPrivacy(r, d, r.PostFormValue("enabled") == "true"); err != nil {
		s.pageFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "privacy", d.Name, r.PostFormValue("enabled"))
	http.Redirect(w, r, "/domains/"+d.Name, http.StatusSeeOther)
}

func (s *Server) linkClientSubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	u, err := s.Store.User(r.Context(), id.Tenant.ID, r.PostFormValue("client_id"))
	if err != nil || u.Role != store.RoleClient {
		s.pageFail(w, r, store.ErrNotFound)
		return
	}
	d.ClientID = u.ID
	if err := s.Store.SetDomainFlags(r.Context(), d); err != nil {
		s.pageFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "link_client", d.Name, u.ID)
	s.flash(r, fmt.Sprintf("%s is now %s's.", d.Name, u.Name))
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
}

func (s *Server) sandboxCompleteSubmit(w http.ResponseWriter, r *http.Request) {
	if s.SandboxComplete == nil {
		s.notFoundPage(w, r)
		return
	}
	domain := r.PostFormValue("domain")
	if err := s.SandboxComplete(r, domain, r.PostFormValue("fail") == "true"); err != nil {
		s.flash(r, "Could not complete: "+err.Error())
	} else {
		s.flash(r, "The sandbox operation for "+domain+" was completed.")
	}
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
}
