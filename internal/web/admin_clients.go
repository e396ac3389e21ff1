package web

import (
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/store"
)

// sessionImpersonatorKey holds the id of the admin acting as a client in
// this session; the session's user is the client meanwhile.
const sessionImpersonatorKey = "impersonator_id"

// clientListLimit caps each list of the client detail page.
//
// Limitation: the page shows a client's first 200 domains and latest 200
// orders; the domain and order lists, filtered by client, have the rest.
const clientListLimit = 200

func init() {
	extraPages = append(extraPages, "admin_client")
	extraPageRoutes = append(extraPageRoutes, func(s *Server, r chi.Router) {
		r.Use(s.requireLogin, s.requireAdminPage)
		r.Get("/admin/clients/{id}", s.adminClientPage)
		r.Post("/admin/clients/{id}/impersonate", s.impersonateStart)
	}, func(s *Server, r chi.Router) {
		// An impersonating session is the client's: it passes the login
		// check but never the admin one.
		r.Use(s.requireLogin)
		r.Post("/admin/impersonate/stop", s.impersonateStop)
	})
}

// adminClientData is the admin's view of one client.
type adminClientData struct {
	Client   store.User
	Domains  []store.Domain
	Orders   []store.Order
	Invoices []store.Invoice
}

// clientOf reads the client named in the path; another tenant's user, an
// admin or an unknown id is store.ErrNotFound.
func (s *Server) clientOf(r *http.Request, id identity) (store.User, error) {
	u, err := s.Store.User(r.Context(), id.Tenant.ID, chi.URLParam(r, "id"))
	if err != nil {
		return store.User{}, err
	}
	if u.Role != store.RoleClient {
		return store.User{}, fmt.Errorf("web: user %s is not a client: %w", u.ID, store.ErrNotFound)
	}
	return u, nil
}

func (s *Server) adminClientPage(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	c, err := s.clientOf(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}

	data, err := s.adminClientData(r, id, c)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_client", pageData{Title: c.Name, Data: data})
}

func (s *Server) adminClientData(r *http.Request, id identity, c store.User) (adminClientData, error) {
	ctx := r.Context()
	data := adminClientData{Client: c}
	var err error
	if data.Domains, err = s.Store.Domains(ctx, id.Tenant.ID,
		store.DomainFilter{ClientID: c.ID, Limit: clientListLimit}); err != nil {
		return data, err
	}
	if data.Orders, err = s.Store.Orders(ctx, id.Tenant.ID, c.ID, clientListLimit); err != nil {
		return data, err
	}
	data.Invoices, err = s.Store.Invoices(ctx, id.Tenant.ID, store.InvoiceFilter{ClientID: c.ID})
	return data, err
}

// impersonateStart turns the session into the client's while remembering
// the admin, so support sees what the client sees. The start is audited.
func (s *Server) impersonateStart(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	c, err := s.clientOf(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}

	if err := s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "impersonate", c.ID, c.Email); err != nil {
		s.pageFail(w, r, err)
		return
	}

	if err := s.Sessions.RenewToken(r.Context()); err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), sessionUserKey, c.ID)
	s.Sessions.Put(r.Context(), sessionTenantKey, c.TenantID)
	s.Sessions.Put(r.Context(), sessionImpersonatorKey, id.User.ID)
	s.Logger.Info("impersonation started", "tenant_id", id.Tenant.ID, "admin_id", id.User.ID, "client_id", c.ID)
	s.flash(r, "You are now acting as "+c.Name+".")
	http.Redirect(w, r, "/domains", http.StatusSeeOther)
}

// impersonateStop gives the session back to the admin who started acting
// as a client, and audits the end. A session acting as nobody is sent home.
//
// Limitation: logging out (or the session expiring) while acting ends the
// session without an "impersonate_end" entry: logout lives in pages.go,
// outside this feature; the audit log still shows the start.
func (s *Server) impersonateStop(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	adminID := s.Sessions.GetString(ctx, sessionImpersonatorKey)
	clientID := s.Sessions.GetString(ctx, sessionUserKey)
	tenantID := s.Sessions.GetString(ctx, sessionTenantKey)
	if adminID == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}

	a, err := s.Store.User(ctx, tenantID, adminID)
	if err != nil || !a.IsAdmin() {
		// The admin was removed or demoted meanwhile: end the session
		// rather than hand it to anyone.
		_ = s.Sessions.Destroy(ctx)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}

	if err := s.Sessions.RenewToken(ctx); err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.Sessions.Remove(ctx, sessionImpersonatorKey)
	s.Sessions.Put(ctx, sessionUserKey, a.ID)
	s.Sessions.Put(ctx, sessionTenantKey, a.TenantID)
	if err := s.Store.Audit(ctx, tenantID, a.Email, "impersonate_end", clientID, ""); err != nil {
		s.Logger.Error("audit of impersonation end failed", "tenant_id", tenantID, "client_id", clientID, "err", err)
	}
	s.Logger.Info("impersonation ended", "tenant_id", tenantID, "admin_id", a.ID, "client_id", clientID)
	http.Redirect(w, r, "/admin/clients/"+clientID, http.StatusSeeOther)
}

// actor names who makes a change, for the records that keep it: the
// user's e-mail, or "ADMIN acting as CLIENT" when an admin's session acts
// as a client, so the change is not put down to the client alone.
func (s *Server) actor(r *http.Request, id identity) string {
	if r.Header.Get("Authorization") != "" {
		return id.User.Email
	}
	adminID := s.Sessions.GetString(r.Context(), sessionImpersonatorKey)
	if adminID == "" {
		return id.User.Email
	}
	a, err := s.Store.User(r.Context(), id.Tenant.ID, adminID)
	if err != nil {
		return "admin " + adminID + " acting as " + id.User.Email
	}
	return a.Email + " acting as " + id.User.Email
}

// actingAs names the client an admin is acting as in this session, or ""
// when the session is nobody's impersonation (or the request uses a
// token, which impersonation never touches).
func (s *Server) actingAs(r *http.Request, u *store.User) string {
	if u == nil || r.Header.Get("Authorization") != "" {
		return ""
	}
	if s.Sessions.GetString(r.Context(), sessionImpersonatorKey) == "" {
		return ""
	}
	return u.Name + " (" + u.Email + ")"
}
