package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

func init() {
	extraAPIRoutes = append(extraAPIRoutes, func(s *Server, r chi.Router) {
		r.Put("/domains/{domain}/lock", s.apiSetLock)
		r.Post("/domains/{domain}/auth-code", s.apiAuthCode)
		r.Put("/domains/{domain}/nameservers", s.apiSetNameservers)
	})
}

// selfService reports whether the caller may do an action clients may be
// allowed: admins always, clients when the tenant's switch is on.
func selfService(id identity, allowed func(store.SelfService) bool) bool {
	return id.User.IsAdmin() || allowed(id.Tenant.Settings.ClientSelfService)
}

// domainWithPending is the domain answer plus the registrar operations
// still running for it (privacy, lock, nameservers).
type domainWithPending struct {
	jsonDomain
	Pending []string `json:"pending_operations"`
}

func (s *Server) pendingJSON(r *http.Request, d store.Domain) domainWithPending {
	p := s.pendingKinds(r.Context(), d)
	if p == nil {
		p = []string{}
	}
	return domainWithPending{jsonDomain: s.domainJSON(r, d), Pending: p}
}

// scopedDomain reads the path's domain for a caller allowed the action;
// anyone else gets 404, as for a domain they do not own.
func (s *Server) scopedDomain(w http.ResponseWriter, r *http.Request,
	allowed func(store.SelfService) bool) (identity, store.Domain, bool) {
	id := mustIdentity(r)
	if !selfService(id, allowed) {
		apiError(w, http.StatusNotFound, "not_found", "not found", "")
		return id, store.Domain{}, false
	}
	d, err := s.domainOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return id, d, false
	}
	return id, d, true
}

func (s *Server) apiSetLock(w http.ResponseWriter, r *http.Request) {
	id, d, ok := s.scopedDomain(w, r, func(ss store.SelfService) bool { return ss.TransferLock })
	if !ok {
		return
	}
	on, err := decodeEnabled(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	d, _, err = s.setLock(r, d, on)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "transfer_lock", d.Name, boolWord(on))
	writeJSON(w, http.StatusOK, s.pendingJSON(r, d))
}

func (s *Server) apiAuthCode(w http.ResponseWriter, r *http.Request) {
	id, d, ok := s.scopedDomain(w, r, func(ss store.SelfService) bool { return ss.AuthCode })
	if !ok {
		return
	}
	code, err := s.authCode(r, id, d)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]string{"domain": d.Name, "auth_code": code})
}

// apiSetNameservers is for admins, and for clients when the operator
// lets them change their own domains' name servers.
func (s *Server) apiSetNameservers(w http.ResponseWriter, r *http.Request) {
	id, d, ok := s.scopedDomain(w, r, func(ss store.SelfService) bool { return ss.Nameservers })
	if !ok {
		return
	}
	var body struct {
		Nameservers []string `json:"nameservers"`
	}
	if err := decodeJSON(r, &body); err != nil {
		s.apiFail(w, r, err)
		return
	}
	d, _, err := s.setNameservers(r, d, body.Nameservers)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "nameservers", d.Name,
		strings.Join(d.Nameservers, ", "))
	writeJSON(w, http.StatusOK, s.pendingJSON(r, d))
}

// cleanNameservers checks 2 to 13 host names and returns them normalised.
func cleanNameservers(in []string) ([]string, error) {
	if len(in) < 2 || len(in) > 13 {
		return nil, validate.Invalid("nameservers", "give 2 to 13 name servers")
	}
	out := make([]string, 0, len(in))
	seen := map[string]bool{}
	for i, ns := range in {
		h, err := hostName(ns)
		field := "nameservers." + strconv.Itoa(i)
		if err != nil {
			return nil, validate.Invalid(field, "%q is not a host name", ns)
		}
		if seen[h] {
			return nil, validate.Invalid(field, "%s is given twice", h)
		}
		seen[h] = true
		out = append(out, h)
	}
	return out, nil
}

// hostName normalises a host name (a name server, a mail host). An IP
// address, or anything whose last label is all digits, is refused: no TLD
// is numeric and registrars want names there.
func hostName(in string) (string, error) {
	h, err := domainname.Normalize(in)
	if err != nil {
		return "", err
	}
	last := h[strings.LastIndex(h, ".")+1:]
	if strings.Trim(last, "0123456789") == "" {
		return "", fmt.Errorf("web: %q is an address, not a host name", in)
	}
	return h, nil
}
