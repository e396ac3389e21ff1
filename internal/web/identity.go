package web

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/proecommerce/domains/internal/audit"
	"github.com/proecommerce/domains/internal/store"
)

// identity is who is making a request.
type identity struct {
	User   store.User
	Tenant store.Tenant
}

// clientScope is the client id to limit reads to: the user's own id for
// clients, empty (the whole tenant) for admins.
func (id identity) clientScope() string {
	if id.User.IsAdmin() {
		return ""
	}
	return id.User.ID
}

type ctxKey struct{}

func withIdentity(ctx context.Context, id identity) context.Context {
	ctx = audit.WithActor(ctx, id.Tenant.ID, id.User.Email)
	return context.WithValue(ctx, ctxKey{}, id)
}

func identityFrom(ctx context.Context) (identity, bool) {
	id, ok := ctx.Value(ctxKey{}).(identity)
	return id, ok
}

const sessionUserKey = "user_id"
const sessionTenantKey = "tenant_id"

// lookupIdentity reads a bearer token, or the session.
func (s *Server) lookupIdentity(r *http.Request) (identity, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return identity{}, errors.New("malformed Authorization header")
		}
		u, err := s.Store.UserByToken(ctx, strings.TrimSpace(token))
		if err != nil {
			return identity{}, err
		}
		return s.identityOf(ctx, u)
	}

	userID := s.Sessions.GetString(ctx, sessionUserKey)
	tenantID := s.Sessions.GetString(ctx, sessionTenantKey)
	if userID == "" {
		return identity{}, errors.New("not signed in")
	}
	u, err := s.Store.User(ctx, tenantID, userID)
	if err != nil {
		return identity{}, err
	}
	return s.identityOf(ctx, u)
}

func (s *Server) identityOf(ctx context.Context, u store.User) (identity, error) {
	t, err := s.Store.Tenant(ctx, u.TenantID)
	if err != nil {
		return identity{}, err
	}
	return identity{User: u, Tenant: t}, nil
}

// apiAuth answers 401 to requests without a valid token or session.
func (s *Server) apiAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := s.lookupIdentity(r)
		if err != nil {
			apiError(w, http.StatusUnauthorized, "unauthorized", "a valid API token or session is required", "")
			return
		}
		next.ServeHTTP(w, r.WithContext(withIdentity(r.Context(), id)))
	})
}

// adminOnly answers 404 to non-admins, so they learn nothing of the route.
func adminOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, _ := identityFrom(r.Context())
		if !id.User.IsAdmin() {
			apiError(w, http.StatusNotFound, "not_found", "not found", "")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireOperator lets through admins of the default tenant only: pages
// that show every tenant's data (the job queue) are for the operator
// running the installation, not for the admins of its other tenants.
func requireOperator(next http.Handler, notFound http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, _ := identityFrom(r.Context())
		if !id.User.IsAdmin() || !id.Tenant.IsDefault {
			notFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
