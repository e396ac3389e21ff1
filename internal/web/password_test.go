package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/store"
)

var resetLinkRE = regexp.MustCompile(`http\S+/password/reset\?token=\S+`)

// An imported client has no password: it asks for a link, the link lets
// it choose one once, and it logs in with it. An unknown address gets the
// same answer and no mail.
func TestPasswordResetLink(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	ctx := context.Background()
	if _, err := h.App.Store.CreateUser(ctx, store.User{TenantID: h.Tenant.ID, Email: "imported@example.com",
		Name: "Imported", Role: store.RoleClient, PasswordHash: "!whmcs-import$00", Currency: "USD"}); err != nil {
		t.Fatal(err)
	}
	c := h.NewClient()
	post := func(path string, form url.Values) (int, string) {
		t.Helper()
		resp, err := c.HTTP.PostForm(h.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	mails := func(to string) []string {
		t.Helper()
		rows, err := h.App.DB.Query(ctx, `SELECT body FROM outbox WHERE to_addr = ?`, to)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var b string
			if err := rows.Scan(&b); err != nil {
				t.Fatal(err)
			}
			out = append(out, b)
		}
		return out
	}

	st, known := post("/password/forgot", url.Values{"email": {"Imported@Example.com"}})
	_, unknown := post("/password/forgot", url.Values{"email": {"nobody@example.com"}})
	if st != http.StatusOK || !strings.Contains(known, "we sent it a link") ||
		!strings.Contains(unknown, "we sent it a link") || len(mails("nobody@example.com")) != 0 {
		t.Fatalf("forgot: %d; known and unknown addresses must read alike", st)
	}
	sent := mails("imported@example.com")
	if len(sent) != 1 {
		t.Fatalf("%d mails to the client, want 1", len(sent))
	}
	link := resetLinkRE.FindString(sent[0])
	if !strings.HasPrefix(link, h.App.Config.BaseURL) {
		t.Fatalf("no link to %s in %q", h.App.Config.BaseURL, sent[0])
	}
	u, _ := url.Parse(link)
	token := u.Query().Get("token")

	resp, err := c.HTTP.Get(h.URL + "/password/reset?token=" + url.QueryEscape(token))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("reset page: %d", resp.StatusCode)
	}
	if st, _ := post("/password/reset", url.Values{"token": {token}, "password": {"short"}}); st != http.StatusUnprocessableEntity {
		t.Errorf("short password: %d, want 422", st)
	}
	if st, _ := post("/password/reset", url.Values{"token": {token}, "password": {"a long new password"}}); st != http.StatusOK {
		t.Fatalf("set password: %d, want the landing page after the redirect", st)
	}

	again := h.NewClient()
	resp, err = again.HTTP.PostForm(h.URL+"/password/reset", url.Values{"token": {token},
		"password": {"another long password"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("link used twice: %d, want 400", resp.StatusCode)
	}
	if st, _ := post("/password/reset", url.Values{"token": {token + "x"}, "password": {"a long new password"}}); st != http.StatusBadRequest {
		t.Errorf("forged link: %d, want 400", st)
	}

	login := h.NewClient()
	resp, err = login.HTTP.PostForm(h.URL+"/login", url.Values{"email": {"imported@example.com"},
		"password": {"a long new password"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path == "/login" {
		t.Errorf("login with the new password: %d at %s", resp.StatusCode, resp.Request.URL.Path)
	}
}
