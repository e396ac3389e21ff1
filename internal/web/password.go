package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/auth"
	"github.com/proecommerce/domains/internal/store"
)

func init() {
	extraPageRoutes = append(extraPageRoutes, func(s *Server, r chi.Router) {
		r.Get("/password/forgot", s.forgotPage)
		r.Post("/password/forgot", s.forgotSubmit)
		r.Get("/password/reset", s.resetPage)
		r.Post("/password/reset", s.resetSubmit)
	})
	extraPages = append(extraPages, "password")
}

// passwordForm is the data of the password pages.
type passwordForm struct {
	// Reset is true on the page that sets the password.
	Reset bool
	Email string
	Token string
	// Sent is true once a link was asked for.
	Sent bool
}

func (s *Server) forgotPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password", pageData{Title: "Set or reset your password"})
}

// forgotSubmit mails a reset link to every account with that e-mail. The
// answer is the same whether or not one exists, so the page does not tell
// which addresses have accounts.
func (s *Server) forgotSubmit(w http.ResponseWriter, r *http.Request) {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	form := passwordForm{Email: email, Sent: true}
	if !s.loginLimiter.Allow("reset:"+email) || !s.loginLimiter.Allow("reset-addr:"+clientIP(r)) {
		s.render(w, r, http.StatusTooManyRequests, "password", pageData{Title: "Set or reset your password",
			Errors: map[string]string{"email": "too many attempts; wait a few minutes and try again"},
			Data:   passwordForm{Email: email}})
		return
	}
	if s.ResetTokens == nil {
		s.pageFail(w, r, errors.New("web: password reset is not configured"))
		return
	}

	users, err := s.Store.UsersByEmail(r.Context(), email)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	for _, u := range users {
		if err := s.mailResetLink(r, u); err != nil {
			s.pageFail(w, r, err)
			return
		}
	}
	s.Logger.Info("password reset asked", "accounts", len(users))
	s.render(w, r, http.StatusOK, "password", pageData{Title: "Set or reset your password", Data: form})
}

// mailResetLink queues the link for one account in the outbox.
func (s *Server) mailResetLink(r *http.Request, u store.User) error {
	token := s.ResetTokens.Make(u.TenantID+":"+u.ID, u.PasswordHash)
	link := strings.TrimSuffix(s.BaseURL, "/") + "/password/reset?token=" + url.QueryEscape(token)
	body := fmt.Sprintf("Hello %s,\n\nSomeone (we hope you) asked to set the password of your account "+
		"%s. Open this link within the hour to choose one:\n\n%s\n\nThe link works once. If you did not "+
		"ask, ignore this e-mail: your password stays as it is.\n", u.Name, u.Email, link)
	if err := s.Store.QueueMail(r.Context(), store.Mail{TenantID: u.TenantID, To: u.Email,
		Subject: "Set your password", Body: body}); err != nil {
		return fmt.Errorf("web: reset link for %s: %w", u.ID, err)
	}
	return nil
}

// resetUser finds the account a token names and checks the token.
func (s *Server) resetUser(r *http.Request, token string) (store.User, error) {
	if s.ResetTokens == nil {
		return store.User{}, auth.ErrBadResetToken
	}
	who, err := s.ResetTokens.UserID(token)
	if err != nil {
		return store.User{}, err
	}
	tenantID, userID, ok := strings.Cut(who, ":")
	if !ok {
		return store.User{}, auth.ErrBadResetToken
	}
	u, err := s.Store.User(r.Context(), tenantID, userID)
	if errors.Is(err, store.ErrNotFound) {
		return u, auth.ErrBadResetToken
	}
	if err != nil {
		return u, err
	}
	return u, s.ResetTokens.Check(token, u.PasswordHash)
}

func (s *Server) resetPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if _, err := s.resetUser(r, token); err != nil {
		s.resetRefused(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "password", pageData{Title: "Choose a password",
		Data: passwordForm{Reset: true, Token: token}})
}

// resetSubmit sets the password the link allows, once, and logs the user in.
func (s *Server) resetSubmit(w http.ResponseWriter, r *http.Request) {
	token := r.PostFormValue("token")
	u, err := s.resetUser(r, token)
	if err != nil {
		s.resetRefused(w, r, err)
		return
	}
	password := r.PostFormValue("password")
	if len(password) < auth.MinPasswordLength {
		s.render(w, r, http.StatusUnprocessableEntity, "password", pageData{Title: "Choose a password",
			Errors: map[string]string{"password": fmt.Sprintf("must be at least %d characters",
				auth.MinPasswordLength)}, Data: passwordForm{Reset: true, Token: token}})
		return
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	done, err := s.Store.ReplacePassword(r.Context(), u.ID, u.PasswordHash, hash)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if !done {
		s.resetRefused(w, r, auth.ErrBadResetToken)
		return
	}
	_ = s.Store.Audit(r.Context(), u.TenantID, u.Email, "password_set", u.ID, "through a reset link")
	s.startSession(w, r, u, "/")
}

func (s *Server) resetRefused(w http.ResponseWriter, r *http.Request, err error) {
	if !errors.Is(err, auth.ErrBadResetToken) {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, http.StatusBadRequest, "password", pageData{Title: "Set or reset your password",
		Errors: map[string]string{"": "This link is not valid any more (it was used, or it expired). " +
			"Ask for a new one below."}})
}
