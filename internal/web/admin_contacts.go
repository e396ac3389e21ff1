package web

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/contact"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

func init() {
	extraAPIRoutes = append(extraAPIRoutes, func(s *Server, r chi.Router) {
		r.With(adminOnly).Put("/domains/{domain}/contacts", s.apiSetContacts)
	})
}

// contactsBody names the contacts to replace; those left out stay.
type contactsBody struct {
	Registrant *registrar.Contact `json:"registrant"`
	Admin      *registrar.Contact `json:"admin"`
	Tech       *registrar.Contact `json:"tech"`
	Billing    *registrar.Contact `json:"billing"`
}

// change validates each contact given and returns the registrar's change
// and the roles it touches.
func (b contactsBody) change() (registrar.ContactChange, []string, error) {
	var (
		out   registrar.ContactChange
		roles []string
	)
	for _, c := range []struct {
		role string
		in   *registrar.Contact
		out  **registrar.Contact
	}{
		{"registrant", b.Registrant, &out.Registrant},
		{"admin", b.Admin, &out.Admin},
		{"tech", b.Tech, &out.Tech},
		{"billing", b.Billing, &out.Billing},
	} {
		if c.in == nil {
			continue
		}
		clean, err := contact.Validate(*c.in)
		if err != nil {
			return out, nil, validate.Prefix(c.role, err)
		}
		*c.out = &clean
		roles = append(roles, c.role)
	}
	if out.Empty() {
		return out, nil, validate.Invalid("", "name at least one of registrant, admin, tech and billing")
	}
	return out, roles, nil
}

// apiSetContacts replaces some of a domain's contacts at the registrar.
// It sends the contact change and nothing else: WHOIS privacy is never
// changed on the way, also where the TLD has none.
func (s *Server) apiSetContacts(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var body contactsBody
	if err := decodeJSON(r, &body); err != nil {
		s.apiFail(w, r, err)
		return
	}
	change, roles, err := body.change()
	if err != nil {
		s.apiFail(w, r, err)
		return
	}

	d, _, err = s.setContacts(r, d, change)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "contacts", d.Name,
		"replaced: "+strings.Join(roles, ", "))
	writeJSON(w, http.StatusOK, s.pendingJSON(r, d))
}

// setContacts sends the change to a registrar that can take it; one that
// cannot is a conflict and nothing is sent.
func (s *Server) setContacts(r *http.Request, d store.Domain, change registrar.ContactChange) (store.Domain, bool, error) {
	reg, err := s.regOf(d)
	if err != nil {
		return d, false, err
	}
	if !canUpdateContacts(reg) {
		return d, false, &validate.FieldError{Code: "conflict",
			Message: "the registrar " + d.Registrar + " cannot change contacts here"}
	}
	return s.change(r, d, "contacts", func(reg registrar.Registrar) (registrar.Operation, error) {
		cu, ok := reg.(registrar.ContactUpdater)
		if !ok {
			return registrar.Operation{}, &registrar.Error{Kind: registrar.KindUnsupported,
				Message: "the registrar cannot change contacts"}
		}
		return cu.UpdateContacts(r.Context(), d.Name, change)
	})
}

// canUpdateContacts looks through an audit wrapper, which always has the
// method, at the registrar inside.
func canUpdateContacts(reg registrar.Registrar) bool {
	if w, ok := reg.(interface{ CanUpdateContacts() bool }); ok {
		return w.CanUpdateContacts()
	}
	_, ok := reg.(registrar.ContactUpdater)
	return ok
}
