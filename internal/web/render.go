package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"

	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}

// extraPages names more templates/NAME.html pages a feature adds from init.
var extraPages []string

// pages holds one parsed template set per page.
type pages struct {
	byName map[string]*template.Template
}

// pageData is what every page template receives.
type pageData struct {
	Title     string
	Sandbox   bool
	User      *store.User
	IsAdmin   bool
	CartCount int
	Flash     string
	// ActingAs names the client an admin is acting as ("" when not).
	ActingAs string
	// Errors maps a field name to its message; "" is the form's own error.
	Errors map[string]string
	// Form holds values to show again in a form that was refused.
	Form map[string]string
	Data any
}

type fieldRef struct {
	Errors map[string]string
	Field  string
}

type inputRef struct {
	Name, Label, Value, Auto, Error string
}

var funcs = template.FuncMap{
	"money":   func(m money.Money) string { return m.String() },
	"unicode": domainname.ToUnicode,
	"client":  clientIn,
	"field":   func(p pageData, name string) fieldRef { return fieldRef{Errors: p.Errors, Field: name} },
	"input": func(p pageData, name, label, auto string) inputRef {
		return inputRef{Name: name, Label: label, Value: p.Form[name], Auto: auto,
			Error: p.Errors["contact."+name]}
	},
}

func loadPages() (*pages, error) {
	names := append([]string{"home", "auth", "cart", "checkout", "order", "orders", "domains",
		"domain", "admin", "invoices", "error"}, extraPages...)
	p := &pages{byName: map[string]*template.Template{}}
	for _, n := range names {
		t, err := template.New(n).Funcs(funcs).ParseFS(templateFS, "templates/layout.html",
			"templates/"+n+".html")
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", n, err)
		}
		p.byName[n] = t
	}
	// The order page's live fragment and search rows render on their own.
	p.byName["orderstatus"] = p.byName["order"]
	p.byName["result"] = p.byName["home"]
	return p, nil
}

// render writes a whole page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, pd pageData) {
	s.fillPage(r, &pd)
	s.execute(w, status, page, "layout", pd)
}

// fragment writes one named template without the layout (htmx swaps).
func (s *Server) fragment(w http.ResponseWriter, page, name string, data any) {
	s.execute(w, http.StatusOK, page, name, data)
}

func (s *Server) execute(w http.ResponseWriter, status int, page, name string, data any) {
	t, ok := s.pages.byName[page]
	if !ok {
		http.Error(w, "no such page", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		s.Logger.Error("render failed", "page", page, "err", err)
		http.Error(w, "the page could not be shown", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

func (s *Server) fillPage(r *http.Request, pd *pageData) {
	pd.Sandbox = s.Sandbox
	if id, err := s.lookupIdentity(r); err == nil {
		u := id.User
		pd.User, pd.IsAdmin = &u, u.IsAdmin()
	}
	pd.ActingAs = s.actingAs(r, pd.User)
	pd.CartCount = len(s.cart(r))
	if pd.Flash == "" {
		pd.Flash = s.Sessions.PopString(r.Context(), "flash")
	}
	if pd.Errors == nil {
		pd.Errors = map[string]string{}
	}
}

func (s *Server) notFoundPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "error", pageData{Title: "Not found",
		Data: "There is nothing here, or it belongs to someone else."})
}

// clientIn finds the client of the id in the list, for showing a name
// beside a client id; the zero user when it is not there.
func clientIn(clients []store.User, id string) store.User {
	for _, u := range clients {
		if u.ID == id {
			return u
		}
	}
	return store.User{}
}
