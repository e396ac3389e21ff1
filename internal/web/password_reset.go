package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/auth"
	"github.com/proecommerce/domains/internal/store"
)

// resetTTL is how long a password reset link works.
const resetTTL = time.Hour

// resetSent is the one answer to a reset request, whether or not an
// account has the address, so the page tells nobody who has one.
const resetSent = "If an account uses that e-mail address, a link to choose a new password is on its way. It works once, for an hour."

func init() {
	extraPages = append(extraPages, "password_forgot", "password_reset")
	extraPageRoutes = append(extraPageRoutes, func(s *Server, r chi.Router) {
		r.Get("/password/forgot", s.forgotPage)
		r.Post("/password/forgot", s.forgotSubmit)
		r.Get("/password/reset", s.resetPage)
		r.Post("/password/reset", s.resetSubmit)
	})
}

type resetForm struct {
	Email, Token string
	Sent         bool
}

func (s *Server) forgotPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password_forgot", pageData{Title: "Forgot your password?", Data: resetForm{}})
}

// forgotSubmit sends a reset link to every account with the address.
// Requests are limited per account and per address, like logins.
func (s *Server) forgotSubmit(w http.ResponseWriter, r *http.Request) {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	form := resetForm{Email: email}
	if !s.allow(r, s.resetLimiter, "account:"+email, "addr:"+clientIP(r)) {
		s.render(w, r, http.StatusTooManyRequests, "password_forgot", pageData{Title: "Forgot your password?",
			Errors: map[string]string{"email": "too many requests; wait a few minutes and try again"}, Data: form})
		return
	}

	users, err := s.Store.UsersByEmail(r.Context(), email)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	for _, u := range users {
		if err := s.sendReset(r, u); err != nil {
			s.pageFail(w, r, err)
			return
		}
	}
	form.Sent = true
	s.render(w, r, http.StatusOK, "password_forgot", pageData{Title: "Forgot your password?", Flash: resetSent,
		Data: form})
}

// sendReset makes a token, keeps its hash and mails the link. The token
// itself is written nowhere but in the mail.
func (s *Server) sendReset(r *http.Request, u store.User) error {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("web: reset token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	if err := s.Store.CreatePasswordReset(r.Context(), u, tokenHash(token), s.Clock.Now().Add(resetTTL)); err != nil {
		return err
	}

	link := strings.TrimSuffix(s.BaseURL, "/") + "/password/reset?token=" + token
	body := fmt.Sprintf("Hello %s,\n\nsomeone asked to choose a new password for your account. "+
		"If it was you, open this link within an hour:\n\n%s\n\nIf it was not you, ignore this e-mail; "+
		"your password stays as it is.\n", u.Name, link)
	err := s.Store.QueueMail(r.Context(), store.Mail{TenantID: u.TenantID, To: u.Email,
		Subject: "Choose a new password", Body: body})
	if err != nil {
		return err
	}
	_ = s.Store.Audit(r.Context(), u.TenantID, u.Email, "password_reset_requested", u.Email, "link sent")
	return nil
}

// tokenHash is what the store keeps of a reset token.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (s *Server) resetPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password_reset", pageData{Title: "Choose a new password",
		Data: resetForm{Token: r.URL.Query().Get("token")}})
}

// resetSubmit spends the token and sets the new password. Attempts are
// limited per address, so tokens cannot be guessed at speed (they are
// 256 random bits anyway).
func (s *Server) resetSubmit(w http.ResponseWriter, r *http.Request) {
	form := resetForm{Token: r.PostFormValue("token")}
	refuse := func(status int, field, msg string) {
		s.render(w, r, status, "password_reset", pageData{Title: "Choose a new password",
			Errors: map[string]string{field: msg}, Data: form})
	}
	if !s.allow(r, s.resetLimiter, "guess:"+clientIP(r)) {
		refuse(http.StatusTooManyRequests, "password", "too many attempts; wait a few minutes and try again")
		return
	}
	password := r.PostFormValue("password")
	if len(password) < auth.MinPasswordLength {
		refuse(http.StatusUnprocessableEntity, "password",
			fmt.Sprintf("must be at least %d characters", auth.MinPasswordLength))
		return
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		refuse(http.StatusUnprocessableEntity, "password", err.Error())
		return
	}

	u, err := s.Store.ResetPassword(r.Context(), tokenHash(form.Token), hash, s.Clock.Now())
	if errors.Is(err, store.ErrNotFound) {
		refuse(http.StatusBadRequest, "token", "this link has expired or was used already; ask for a new one")
		return
	}
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	// Known limitation: sessions already open for the account stay open;
	// the session store keys them by token, not by user, so they cannot
	// be found here. API tokens stay valid too.
	_ = s.Store.Audit(r.Context(), u.TenantID, u.Email, "password_reset", u.Email, "new password set")
	s.flash(r, "Your new password is set. Log in with it.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// resetLink finds the token of a reset link in a mail body.
var resetLink = regexp.MustCompile(`(/password/reset\?token=)[A-Za-z0-9_-]+`)

// hideResetTokens blanks the tokens of reset links, for the admin's view
// of the outbox: a link there would let whoever reads it take over the
// account.
func hideResetTokens(body string) string {
	return resetLink.ReplaceAllString(body, "${1}(hidden)")
}
