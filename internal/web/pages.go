package web

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/auth"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

func (s *Server) pageRoutes(r chi.Router) {
	r.Get("/", s.homePage)
	r.Get("/search", s.searchPage)
	r.Get("/search/result", s.searchResult)
	r.Get("/signup", s.signupPage)
	r.Post("/signup", s.signupSubmit)
	r.Get("/login", s.loginPage)
	r.Post("/login", s.loginSubmit)
	r.Post("/logout", s.logout)
	r.Get("/cart", s.cartPage)
	r.Post("/cart/add", s.cartAdd)
	r.Post("/cart/transfer", s.cartTransfer)
	r.Post("/cart/years", s.cartYears)
	r.Post("/cart/remove", s.cartRemove)

	r.Group(func(r chi.Router) {
		r.Use(s.requireLogin)
		r.Get("/checkout", s.checkoutPage)
		r.Post("/checkout", s.checkoutSubmit)
		r.Get("/orders", s.ordersPage)
		r.Get("/orders/{id}", s.orderPage)
		r.Get("/orders/{id}/status", s.orderStatus)
		r.Get("/domains", s.domainsPage)
		r.Get("/domains/{domain}", s.domainPage)
		r.Post("/domains/{domain}/records", s.recordSubmit)
		r.Post("/domains/{domain}/records/delete", s.recordDelete)
		r.Post("/domains/{domain}/auto-renew", s.autoRenewSubmit)
		r.Get("/invoices", s.invoicesPage)
	})
	r.Group(func(r chi.Router) {
		r.Use(s.requireLogin, s.requireAdminPage)
		r.Get("/admin", s.adminPage)
		r.Post("/domains/{domain}/privacy", s.privacySubmit)
		r.Post("/admin/domains/{domain}/client", s.linkClientSubmit)
		r.Post("/admin/sandbox/complete", s.sandboxCompleteSubmit)
	})
	r.NotFound(s.notFoundPage)
}

// requireLogin sends anonymous visitors to the login page.
func (s *Server) requireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := s.lookupIdentity(r)
		if err != nil {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r.WithContext(withIdentity(r.Context(), id)))
	})
}

// requireAdminPage answers 404 to clients.
func (s *Server) requireAdminPage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id, _ := identityFrom(r.Context()); !id.User.IsAdmin() {
			s.notFoundPage(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// safeNext keeps redirects after login on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.Contains(next, "\\") {
		return "/"
	}
	return next
}

type authForm struct {
	Signup            bool
	Name, Email, Next string
}

func (s *Server) signupPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "auth", pageData{Title: "Sign up",
		Data: authForm{Signup: true, Next: r.URL.Query().Get("next")}})
}

func (s *Server) signupSubmit(w http.ResponseWriter, r *http.Request) {
	form := authForm{Signup: true, Name: r.PostFormValue("name"), Email: r.PostFormValue("email"),
		Next: r.PostFormValue("next")}
	t, err := s.Store.DefaultTenant(r.Context())
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	u, err := s.createUser(r, t, form.Email, form.Name, r.PostFormValue("password"), store.RoleClient, "")
	if fe, ok := validate.As(err); ok {
		s.render(w, r, http.StatusUnprocessableEntity, "auth", pageData{Title: "Sign up",
			Errors: map[string]string{fe.Field: fe.Message}, Data: form})
		return
	}
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.startSession(w, r, u, safeNext(form.Next))
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "auth", pageData{Title: "Log in",
		Data: authForm{Next: r.URL.Query().Get("next")}})
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	form := authForm{Email: strings.ToLower(strings.TrimSpace(r.PostFormValue("email"))),
		Next: r.PostFormValue("next")}
	refuse := func(status int, msg string) {
		s.render(w, r, status, "auth", pageData{Title: "Log in",
			Errors: map[string]string{"password": msg}, Data: form})
	}
	if !s.allow(r, s.loginLimiter, "account:"+form.Email, "addr:"+clientIP(r)) {
		refuse(http.StatusTooManyRequests, "too many attempts; wait a few minutes and try again")
		return
	}

	users, err := s.Store.UsersByEmail(r.Context(), form.Email)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	for _, u := range users {
		if auth.CheckPassword(u.PasswordHash, r.PostFormValue("password")) == nil {
			s.startSession(w, r, u, safeNext(form.Next))
			return
		}
	}
	if len(users) == 0 {
		// As slow as a wrong password, so the answer's timing does not
		// tell which e-mail addresses have accounts.
		_ = auth.CheckPassword(decoyHash(), r.PostFormValue("password"))
	}
	refuse(http.StatusUnauthorized, "that e-mail and password do not match an account")
}

var decoyHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword("decoy password nobody has")
	if err != nil {
		panic(fmt.Sprintf("web: decoy password hash: %v", err))
	}
	return h
})

// clientIP is the address the login limiter counts (see proxiedAddr).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u store.User, next string) {
	if err := s.Sessions.RenewToken(r.Context()); err != nil {
		s.pageFail(w, r, err)
		return
	}
	if next == "/" && u.IsAdmin() {
		next = "/admin" // admins land on their dashboard
	}
	s.Sessions.Put(r.Context(), sessionUserKey, u.ID)
	s.Sessions.Put(r.Context(), sessionTenantKey, u.TenantID)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	_ = s.Sessions.Destroy(r.Context())
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// pageFail shows an error page for failures a person cannot fix by input.
func (s *Server) pageFail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		s.notFoundPage(w, r)
		return
	}
	if fe, ok := validate.As(err); ok {
		s.render(w, r, http.StatusBadRequest, "error", pageData{Title: "That did not work", Data: fe.Message})
		return
	}
	s.Logger.Error("page failed", "path", r.URL.Path, "err", err)
	s.render(w, r, http.StatusBadGateway, "error", pageData{Title: "Something went wrong",
		Data: "A provider or the database did not answer. Try again in a moment."})
}

func (s *Server) flash(r *http.Request, msg string) {
	s.Sessions.Put(r.Context(), "flash", msg)
}

// AdminOnlyPage guards handlers mounted from outside (River UI), which
// see the whole installation: anonymous visitors go to the login page, and
// everyone but an admin of the default tenant (the operator running the
// installation) gets 404.
func (s *Server) AdminOnlyPage(next http.Handler) http.Handler {
	return s.requireLogin(s.requireAdminPage(requireOperator(next, s.notFoundPage)))
}
