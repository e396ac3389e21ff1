package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/web"
)

var resetToken = regexp.MustCompile(`/password/reset\?token=([A-Za-z0-9_-]+)`)

// resetMail returns the token of the newest reset mail to the address.
func (e *env) resetMail(to string) (string, int) {
	e.t.Helper()
	msgs, err := e.h.App.Store.Outbox(context.Background(), e.h.Tenant.ID, "", 100)
	if err != nil {
		e.t.Fatal(err)
	}
	token, n := "", 0
	for _, m := range msgs {
		if m.To != to || m.Subject != "Choose a new password" {
			continue
		}
		n++
		if token == "" {
			if sub := resetToken.FindStringSubmatch(m.Body); sub != nil {
				token = sub[1]
			}
		}
	}
	return token, n
}

func TestPasswordReset(t *testing.T) {
	e := newEnv(t)
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// An unknown address gets the same answer and no mail.
	st, body := e.post(anon, "/password/forgot", url.Values{"email": {"nobody@example.com"}})
	if st != 200 || !strings.Contains(body, "If an account uses that e-mail address") {
		t.Fatalf("unknown address: %d", st)
	}
	st, body = e.post(anon, "/password/forgot", url.Values{"email": {" ADA@example.com "}})
	if st != 200 || !strings.Contains(body, "If an account uses that e-mail address") {
		t.Fatalf("known address: %d", st)
	}
	token, n := e.resetMail(e.client.Email)
	if n != 1 || len(token) < 40 {
		t.Fatalf("reset mails %d, token %q", n, token)
	}
	if _, others := e.resetMail("nobody@example.com"); others != 0 {
		t.Fatal("a mail went to an address without an account")
	}

	// The admin's outbox hides the token.
	_, outbox := e.page(e.browser(e.admin.Email), "/admin/outbox")
	if strings.Contains(outbox, token) || !strings.Contains(outbox, "/password/reset?token=(hidden)") {
		t.Fatal("the outbox page shows the reset token")
	}

	// A short password is refused and the token stays good; then it works once.
	if st, _ := e.post(anon, "/password/reset", url.Values{"token": {token}, "password": {"short"}}); st != 422 {
		t.Fatalf("short password: %d", st)
	}
	if st, _ := e.page(anon, "/password/reset?token="+token); st != 200 {
		t.Fatalf("reset page: %d", st)
	}
	st, _ = e.post(anon, "/password/reset", url.Values{"token": {token}, "password": {"a brand new secret"}})
	if st != 303 {
		t.Fatalf("reset: %d", st)
	}
	if st, body := e.post(anon, "/password/reset", url.Values{"token": {token}, "password": {"another new secret"}}); st != 400 ||
		!strings.Contains(body, "expired or was used already") {
		t.Fatalf("second use of the token: %d", st)
	}
	if st, _ := e.post(anon, "/login", url.Values{"email": {e.client.Email}, "password": {"a brand new secret"}}); st != 303 && st != 200 {
		t.Fatalf("login with the new password: %d", st)
	}
	if st, _ := e.post(anon, "/login", url.Values{"email": {e.client.Email}, "password": {password}}); st != 401 {
		t.Fatalf("login with the old password: %d", st)
	}

	// An expired token does nothing.
	e.post(anon, "/password/forgot", url.Values{"email": {e.admin.Email}})
	old, _ := e.resetMail(e.admin.Email)
	if _, err := e.h.App.Store.ResetPassword(context.Background(), web.TokenHash(old), "x", time.Now().Add(2*time.Hour)); err == nil {
		t.Fatal("a token two hours old still works")
	}
}

// forgotFrom asks for a reset link as a visitor behind our proxy at addr.
func (e *env) forgotFrom(addr, email string) int {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.url+"/password/forgot", strings.NewReader(url.Values{"email": {email}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Reset requests are limited per account (whatever the address) and per
// address (whatever the account); so are guesses at tokens.
func TestPasswordResetIsRateLimited(t *testing.T) {
	e := newEnv(t)
	for i := range 5 {
		if st := e.forgotFrom(fmt.Sprintf("198.51.100.%d", i+1), e.client.Email); st != 200 {
			t.Fatalf("request %d: %d", i, st)
		}
	}
	if st := e.forgotFrom("198.51.100.99", e.client.Email); st != 429 {
		t.Errorf("sixth request for one account: %d, want 429", st)
	}
	if _, n := e.resetMail(e.client.Email); n != 5 {
		t.Errorf("%d mails, want 5", n)
	}

	for i := range 5 {
		if st := e.forgotFrom("203.0.113.7", fmt.Sprintf("someone%d@example.com", i)); st != 200 {
			t.Fatalf("address request %d: %d", i, st)
		}
	}
	if st := e.forgotFrom("203.0.113.7", e.admin.Email); st != 429 {
		t.Errorf("sixth request from one address: %d, want 429", st)
	}
	if st := e.forgotFrom("203.0.113.8", e.admin.Email); st != 200 {
		t.Errorf("another address is not limited: %d", st)
	}

	c := &http.Client{}
	for i := range 6 {
		st, _ := e.post(c, "/password/reset", url.Values{"token": {"guess"}, "password": {"a brand new secret"}})
		want := 400
		if i == 5 {
			want = 429
		}
		if st != want {
			t.Errorf("token guess %d: %d, want %d", i, st, want)
		}
	}
}
