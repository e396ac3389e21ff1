package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/portfolio"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

// maxLink bounds the names of one bulk link or sync request.
const maxLink = 1000

func init() {
	extraPages = append(extraPages, "admin_unassigned")
	extraAPIRoutes = append(extraAPIRoutes, func(s *Server, r chi.Router) {
		r.With(adminOnly).Post("/domains/link", s.apiLinkDomains)
		r.With(adminOnly).Post("/domains/sync", s.apiSyncDomains)
	})
	extraPageRoutes = append(extraPageRoutes, func(s *Server, r chi.Router) {
		r.Use(s.requireLogin, s.requireAdminPage)
		r.Get("/admin/unassigned", s.unassignedPage)
		r.Post("/admin/unassigned", s.unassignedSubmit)
	})
}

// linkBody is POST /api/v1/domains/link.
type linkBody struct {
	ClientID string   `json:"client_id"`
	Domains  []string `json:"domains"`
}

// linkNames normalises and de-duplicates the names of a request; a name
// that cannot be one of ours is reported as not found.
func linkNames(raw []string) ([]string, error) {
	if len(raw) == 0 {
		return nil, validate.Invalid("domains", "at least one domain is required")
	}
	if len(raw) > maxLink {
		return nil, validate.Invalid("domains", "at most %d domains at once", maxLink)
	}
	seen := map[string]bool{}
	var out, bad []string
	for _, n := range raw {
		name, err := domainname.Normalize(n)
		if err != nil {
			bad = append(bad, n)
			continue
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	if len(bad) > 0 {
		return nil, &store.MissingDomainsError{Names: bad}
	}
	return out, nil
}

// linkClient checks that the id is a client of the tenant.
func (s *Server) linkClient(r *http.Request, tenantID, clientID string) (store.User, error) {
	clientID = strings.TrimSpace(clientID)
	if clientID == "" {
		return store.User{}, validate.Invalid("client_id", "a client id is required")
	}
	u, err := s.Store.User(r.Context(), tenantID, clientID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Role != store.RoleClient) {
		return store.User{}, &validate.FieldError{Field: "client_id", Code: "not_found",
			Message: "no such client"}
	}
	return u, err
}

// apiLinkDomains links many domains to one client, all or nothing.
func (s *Server) apiLinkDomains(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	var body linkBody
	if err := decodeJSON(r, &body); err != nil {
		s.apiFail(w, r, err)
		return
	}
	u, err := s.linkClient(r, id.Tenant.ID, body.ClientID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	names, err := linkNames(body.Domains)
	if err == nil {
		err = s.Store.LinkDomains(r.Context(), id.Tenant.ID, u.ID, names, id.User.Email,
			"linked by "+id.User.Email)
	}
	var missing *store.MissingDomainsError
	if errors.As(err, &missing) {
		apiError(w, http.StatusNotFound, "not_found", missing.Error(), "domains")
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeDomains(w, r, id.Tenant.ID, names)
}

func (s *Server) writeDomains(w http.ResponseWriter, r *http.Request, tenantID string, names []string) {
	out := make([]jsonDomain, 0, len(names))
	for _, n := range names {
		d, err := s.Store.Domain(r.Context(), tenantID, "", n)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		out = append(out, s.domainJSON(r, d))
	}
	writeJSON(w, http.StatusOK, map[string]any{"domains": out})
}

// apiSyncDomains reads the named domains from their registrars now.
//
// Limitation: the reads run within the request; a large selection at a
// slow registrar (Namecheap allows 20 calls a minute) can outlast the
// client's patience. The daily job covers whole accounts.
func (s *Server) apiSyncDomains(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	var body struct {
		Domains []string `json:"domains"`
	}
	if err := decodeJSON(r, &body); err != nil {
		s.apiFail(w, r, err)
		return
	}
	names, err := linkNames(body.Domains)
	if err == nil {
		var sum portfolio.Summary
		sum, err = s.syncer().SyncNames(r.Context(), s.Registrars, id.Tenant.ID, names)
		s.auditSync(r, id, names, sum, err)
	}
	var missing *store.MissingDomainsError
	if errors.As(err, &missing) || errors.Is(err, store.ErrNotFound) {
		apiError(w, http.StatusNotFound, "not_found", err.Error(), "domains")
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.writeDomains(w, r, id.Tenant.ID, names)
}

func (s *Server) syncer() *portfolio.Syncer {
	return portfolio.New(portfolio.Config{Store: s.Store, Clock: s.Clock, Logger: s.Logger})
}

// auditSync records an admin's sync of chosen domains and how it ended.
func (s *Server) auditSync(r *http.Request, id identity, names []string, sum portfolio.Summary, err error) {
	outcome := fmt.Sprintf("%d seen, %d updated, %d flagged, %d gone, %d linked", sum.Seen, sum.Updated,
		sum.Flagged, sum.Gone, sum.Linked)
	if err != nil {
		outcome = "failed"
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "sync_domains", strings.Join(names, ", "), outcome)
}
