package browsertest

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/apptest"
)

const password = "correct horse battery"

// start runs the product for one test, on SQLite, with the configuration
// variables of env (none when nil). Browser tests run in parallel: each has
// its own product and its own browser context in the shared browser.
// Limitation: they do not repeat on PostgreSQL; the e2e suite covers the
// portal's queries there.
func start(t *testing.T, env map[string]string) *apptest.Harness {
	t.Helper()
	t.Parallel()
	browser(t) // skips before the product starts when there is no Chromium
	return apptest.Start(t, apptest.Options{Env: env})
}

// signUp signs a new client up through the sign-up form and leaves the tab
// signed in on the page the form redirects to.
func (p *page) signUp(name, email string) {
	p.t.Helper()
	p.open("/signup")
	p.fill(map[string]string{"name": name, "email": email, "password": password})
	if st := p.submit(`//main//button[normalize-space()="Sign up"]`); st != http.StatusOK {
		p.t.Fatalf("sign-up answered %d", st)
	}
}

// logIn signs in through the log-in form.
func (p *page) logIn(email, pass string) int64 {
	p.t.Helper()
	p.open("/login")
	p.typeInto("email", email)
	p.typeInto("password", pass)
	return p.submit(`//main//button[normalize-space()="Log in"]`)
}

// fieldError returns the error text shown for an input, checking that it
// sits beside the input (its next sibling, or inside the input's label) and
// that the input is marked invalid and described by it.
func (p *page) fieldError(inputID, errID string) string {
	p.t.Helper()
	got := eval[string](p, fmt.Sprintf(`(() => {
		const input = document.getElementById(%[1]s);
		const err = document.getElementById(%[2]s);
		if (!input || !err) return "missing";
		const beside = input.nextElementSibling === err ||
			(input.closest("label") !== null && input.closest("label").contains(err));
		if (!beside) return "not beside";
		if (input.getAttribute("aria-invalid") !== "true") return "not aria-invalid";
		if (!(input.getAttribute("aria-describedby") || "").split(" ").includes(err.id))
			return "not described";
		return "ok:" + err.textContent.trim();
	})()`, js(inputID), js(errID)))
	msg, ok := strings.CutPrefix(got, "ok:")
	if !ok {
		p.t.Fatalf("error of #%s: %s", inputID, got)
	}
	return msg
}

func TestSignUpAndLogIn(t *testing.T) {
	h := start(t, nil)
	p := newPage(t, h)

	p.signUp("Ada Lovelace", "ada@example.com")
	if got := p.path(); got != "/" {
		t.Fatalf("after sign-up the tab shows %s, want /", got)
	}
	if got := p.text("footer"); !strings.Contains(got, "signed in as ada@example.com") {
		t.Errorf("footer after sign-up: %q", got)
	}
	p.submit(`//nav//button[normalize-space()="Log out"]`)
	p.waitText("nav", "Log in")

	// A page that needs an account sends the visitor to log in and back.
	p.open("/orders")
	if got := p.path(); got != "/login?next=%2Forders" {
		t.Errorf("anonymous /orders shows %s", got)
	}

	if st := p.logIn("ada@example.com", "wrong password"); st != http.StatusUnauthorized {
		t.Errorf("wrong password answered %d, want 401", st)
	}
	if msg := p.fieldError("password", "err-password"); !strings.Contains(msg, "do not match") {
		t.Errorf("password error %q", msg)
	}
	if v := eval[string](p, `document.getElementById("email").value`); v != "ada@example.com" {
		t.Errorf("the refused form lost the e-mail: %q", v)
	}

	if st := p.logIn("ada@example.com", password); st != http.StatusOK {
		t.Fatalf("log-in answered %d", st)
	}
	if got := p.text("footer"); !strings.Contains(got, "signed in as ada@example.com") {
		t.Errorf("footer after log-in: %q", got)
	}
	if got := p.text("nav"); !strings.Contains(got, "My domains") || strings.Contains(got, "Admin") {
		t.Errorf("a client's menu: %q", got)
	}
}

func TestSearchResultsStreamIn(t *testing.T) {
	h := start(t, nil)

	// Without script the server sends one "checking…" row per name, each
	// loading its own answer.
	raw := get(t, h.URL+"/search?q=good-shop")
	if n := strings.Count(raw, `hx-trigger="load"`); n < 2 || strings.Count(raw, "checking…") != n {
		t.Fatalf("search page has %d rows that load themselves:\n%s", n, raw)
	}

	p := newPage(t, h)
	p.open("/")
	p.typeInto("q", "good-shop")
	p.submit(`//main//button[normalize-space()="Search"]`)
	if got := p.path(); got != "/search?q=good-shop" {
		t.Errorf("search went to %s", got)
	}

	p.waitUntil("every row to get its status",
		`document.querySelectorAll("#results tr").length > 1 &&
		 ![...document.querySelectorAll("#results tr")].some(r => r.textContent.includes("checking"))`)
	rows := eval[int](p, `document.querySelectorAll("#results tr").length`)
	fetched := eval[int](p, `performance.getEntriesByType("resource")
		.filter(e => e.name.includes("/search/result?domain=")).length`)
	if fetched != rows {
		t.Errorf("%d rows, but %d were fetched one by one", rows, fetched)
	}
	if got := p.text(`#r-good-shop\.com`); !strings.Contains(got, "available") ||
		!strings.Contains(got, "14.40 USD") || !strings.Contains(got, "Add to cart") {
		t.Errorf("good-shop.com row: %q", got)
	}

	// A taken name shows its status and cannot be added.
	p.open("/search?q=example.com")
	p.waitText(`#r-example\.com`, "taken")
	if got := p.text(`#r-example\.com`); strings.Contains(got, "Add to cart") {
		t.Errorf("a taken name offers to be added: %q", got)
	}
}

// get fetches a page without a browser and returns its body.
func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
