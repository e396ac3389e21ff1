package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/tlddata"
	"github.com/proecommerce/domains/internal/validate"
)

// domainOf reads the {domain} of the path within the caller's scope; a
// domain of someone else is not found.
func (s *Server) domainOf(r *http.Request, id identity) (store.Domain, error) {
	raw := chi.URLParam(r, "domain")
	name, err := domainname.Normalize(raw)
	if err != nil {
		return store.Domain{}, store.ErrNotFound
	}
	return s.Store.Domain(r.Context(), id.Tenant.ID, id.clientScope(), name)
}

// privacyOf says whether the domain's TLD allows WHOIS privacy, and why not.
func (s *Server) privacyOf(r *http.Request, d store.Domain) jsonPrivacy {
	p := jsonPrivacy{Enabled: d.Privacy, Available: true}
	price, err := s.Store.Price(r.Context(), d.Registrar, d.TLD)
	if err == nil && price.Privacy != nil && !*price.Privacy {
		p.Available, p.Reason = false, price.PrivacyReason
		if p.Reason == "" {
			p.Reason = "the registry for ." + d.TLD + " does not offer WHOIS privacy"
		}
	}
	if p.Available {
		if ok, why := s.privacyForRegistrant(r, d); !ok {
			p.Available, p.Reason = false, why
		}
	}
	if reg, ok := s.Registrars.Registrar(d.Registrar); ok && !reg.Capabilities().Privacy {
		p.Available, p.Reason = false, "the registrar "+d.Registrar+" cannot change WHOIS privacy"
	}
	return p
}

// privacyForRegistrant applies the TLD's rule on who may have privacy
// (.ca: persons only) to the registrant of the order that brought the
// domain. Only TLDs with such a rule cost the look-up; a domain that came
// from elsewhere has no registrant on record here and is left to the
// registrar's own answer.
func (s *Server) privacyForRegistrant(r *http.Request, d store.Domain) (bool, string) {
	if e, ok := tlddata.Lookup(d.TLD); !ok || e.PrivacyContactTypes == nil || d.OrderItemID == "" {
		return true, ""
	}
	it, err := s.Store.Item(r.Context(), d.OrderItemID)
	if err != nil {
		return true, ""
	}
	o, err := s.Store.OrderByID(r.Context(), it.OrderID)
	if err != nil {
		return true, ""
	}
	return catalog.PrivacyForContact(d.Registrar, d.TLD, o.Contact)
}

func (s *Server) domainJSON(r *http.Request, d store.Domain) jsonDomain {
	return toJSONDomain(d, s.privacyOf(r, d), s.transferView(r, d))
}

// transferView says where the transfer that brought the domain in stands;
// nil when the domain did not come by transfer.
func (s *Server) transferView(r *http.Request, d store.Domain) *jsonTransfer {
	if d.OrderItemID == "" {
		return nil
	}
	it, err := s.Store.Item(r.Context(), d.OrderItemID)
	if err != nil || it.Type != store.ItemTransfer {
		return nil
	}
	return transferOf(it)
}

// domainStatuses are the states a domain can be listed by.
var domainStatuses = []string{store.DomainPending, store.DomainActive, store.DomainTransferring,
	store.DomainExpired, store.DomainRedemption, store.DomainGone}

func (s *Server) apiListDomains(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	q := r.URL.Query()
	f := store.DomainFilter{ClientID: id.clientScope(), Status: q.Get("status"),
		After: q.Get("cursor"), Limit: 100}
	if f.Status != "" && !slices.Contains(domainStatuses, f.Status) {
		s.apiFail(w, r, validate.Invalid("status", "must be one of %s", strings.Join(domainStatuses, ", ")))
		return
	}
	if u := q.Get("unassigned"); u != "" && u != "true" && u != "false" {
		s.apiFail(w, r, validate.Invalid("unassigned", "must be true or false"))
		return
	}
	if q.Get("unassigned") == "true" {
		if !id.User.IsAdmin() {
			apiError(w, http.StatusNotFound, "not_found", "not found", "unassigned")
			return
		}
		f.Unassigned = true
	}

	domains, err := s.Store.Domains(r.Context(), id.Tenant.ID, f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := make([]jsonDomain, 0, len(domains))
	for _, d := range domains {
		out = append(out, s.domainJSON(r, d))
	}
	var next *string
	if len(domains) == f.Limit {
		last := domains[len(domains)-1].Name
		next = &last
	}
	writeJSON(w, http.StatusOK, map[string]any{"domains": out, "next_cursor": next})
}

func (s *Server) apiGetDomain(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.domainJSON(r, d))
}

type enabledBody struct {
	Enabled *bool `json:"enabled"`
}

func decodeEnabled(r *http.Request) (bool, error) {
	var body enabledBody
	if err := decodeJSON(r, &body); err != nil {
		return false, err
	}
	if body.Enabled == nil {
		return false, validate.Invalid("enabled", "true or false is required")
	}
	return *body.Enabled, nil
}

func (s *Server) apiSetAutoRenew(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	on, err := decodeEnabled(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}

	if err := s.autoRenewConflict(r, d); err != nil {
		s.apiFail(w, r, err)
		return
	}

	// Auto-renew is ours: the product charges the saved card and renews.
	// The registrar's own auto-renew stays off so nothing renews unpaid.
	d.AutoRenew = on
	if err := s.Store.SetDomainFlags(r.Context(), d); err != nil {
		s.apiFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "auto_renew", d.Name, boolWord(on))
	writeJSON(w, http.StatusOK, s.domainJSON(r, d))
}

func (s *Server) apiSetPrivacy(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	on, err := decodeEnabled(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	d, _, err = s.setPrivacy(r, d, on)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "privacy", d.Name, boolWord(on))
	writeJSON(w, http.StatusOK, s.pendingJSON(r, d))
}

// setPrivacy asks the registrar, follows the operation briefly and stores
// the state read back from it; pending says the registrar is still at it.
// A TLD or registrar without privacy is a conflict and no call is sent.
func (s *Server) setPrivacy(r *http.Request, d store.Domain, on bool) (store.Domain, bool, error) {
	if err := s.heldConflict(r, d); err != nil {
		return d, false, err
	}
	if p := s.privacyOf(r, d); !p.Available {
		return d, false, &validate.FieldError{Field: "enabled", Code: "conflict", Message: p.Reason}
	}
	return s.change(r, d, "enabled", func(reg registrar.Registrar) (registrar.Operation, error) {
		return reg.SetPrivacy(r.Context(), d.Name, on)
	})
}

func (s *Server) apiSetClient(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var body struct {
		ClientID *string `json:"client_id"`
	}
	if err := decodeJSON(r, &body); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if body.ClientID == nil {
		s.apiFail(w, r, validate.Invalid("client_id", "a client id is required (null is not accepted)"))
		return
	}
	// Someone else's client answers as one that does not exist: 404.
	u, err := s.linkClient(r, id.Tenant.ID, *body.ClientID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}

	d.ClientID = u.ID
	if err := s.Store.SetDomainFlags(r.Context(), d); err != nil {
		s.apiFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "link_client", d.Name, u.ID)
	writeJSON(w, http.StatusOK, s.domainJSON(r, d))
}

func boolWord(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
