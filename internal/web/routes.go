package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"
)

// Route is one method and path pattern the server answers, as the router
// declares it ("GET /api/v1/orders/{id}").
type Route struct {
	Method  string
	Pattern string
}

// String is "METHOD pattern".
func (r Route) String() string { return r.Method + " " + r.Pattern }

// routed is the handler (*Server).Handler returns: the router behind the
// cross-origin protection, kept so tests can enumerate its routes.
type routed struct {
	http.Handler
	router chi.Routes
}

// Routes lists every route of a handler built by (*Server).Handler, sorted,
// so a test can check each of them (the isolation matrix does). A catch-all
// mount such as the River UI is listed once per method chi registers.
func Routes(h http.Handler) ([]Route, error) {
	rt, ok := h.(routed)
	if !ok {
		return nil, fmt.Errorf("web: %T is not a handler built by (*Server).Handler", h)
	}

	var out []Route
	err := chi.Walk(rt.router, func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		pattern = strings.ReplaceAll(pattern, "/*/", "/")
		out = append(out, Route{Method: method, Pattern: pattern})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: walking routes: %w", err)
	}

	slices.SortFunc(out, func(a, b Route) int { return strings.Compare(a.String(), b.String()) })
	return slices.Compact(out), nil
}
