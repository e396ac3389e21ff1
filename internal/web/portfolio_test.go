package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/store"
)

type linkAnswer struct {
	Domains []struct {
		Domain   string `json:"domain"`
		ClientID string `json:"client_id"`
	} `json:"domains"`
	Error struct {
		Code, Message, Field string
	} `json:"error"`
}

func TestBulkLinkIsAllOrNothing(t *testing.T) {
	e := newEnv(t)
	e.domain("first-example.com", "")
	e.domain("second-example.com", "")

	var bad linkAnswer
	st := e.api(e.adminT, http.MethodPost, "/api/v1/domains/link", map[string]any{
		"client_id": e.client.ID, "domains": []string{"first-example.com", "missing-example.com"}}, &bad)
	if st != http.StatusNotFound || bad.Error.Code != "not_found" || !strings.Contains(bad.Error.Message, "missing-example.com") {
		t.Fatalf("link with a missing name: %d %+v", st, bad.Error)
	}
	if d := e.domainRow("first-example.com"); d.ClientID != "" {
		t.Fatal("a failed bulk link linked a domain")
	}

	var ok linkAnswer
	st = e.api(e.adminT, http.MethodPost, "/api/v1/domains/link", map[string]any{
		"client_id": e.client.ID, "domains": []string{"FIRST-example.com", "second-example.com"}}, &ok)
	if st != http.StatusOK || len(ok.Domains) != 2 || ok.Domains[0].ClientID != e.client.ID {
		t.Fatalf("bulk link: %d %+v", st, ok)
	}
	var un struct{ Domains []any }
	e.api(e.adminT, http.MethodGet, "/api/v1/domains?unassigned=true", nil, &un)
	if len(un.Domains) != 0 {
		t.Fatalf("unassigned after linking: %v", un.Domains)
	}

	if st := e.api(e.clientT, http.MethodPost, "/api/v1/domains/link", map[string]any{
		"client_id": e.client.ID, "domains": []string{"first-example.com"}}, nil); st != http.StatusNotFound {
		t.Fatalf("a client's bulk link: %d, want 404", st)
	}
	var inv linkAnswer
	if st := e.api(e.adminT, http.MethodPost, "/api/v1/domains/link", map[string]any{
		"client_id": e.admin.ID, "domains": []string{"first-example.com"}}, &inv); st != http.StatusNotFound ||
		inv.Error.Field != "client_id" {
		t.Fatalf("link to an admin: %d %+v", st, inv.Error)
	}
}

func TestUnassignedPageLinksAndSyncs(t *testing.T) {
	e := newEnv(t)
	e.domain("page-one-example.com", "")
	e.domain("page-two-example.com", "")
	e.domain("page-three-example.com", "")

	admin := e.browser(e.admin.Email)
	st, body := e.page(admin, "/admin/unassigned")
	if st != http.StatusOK || !strings.Contains(body, `value="page-two-example.com"`) {
		t.Fatalf("unassigned page: %d", st)
	}
	st, body = e.post(admin, "/admin/unassigned", url.Values{"action": {"link"},
		"client_id": {e.client.ID}, "domains": {"page-one-example.com", "page-two-example.com"}})
	if st != http.StatusOK || !strings.Contains(body, "2 domain(s) linked") ||
		strings.Contains(body, `value="page-one-example.com"`) {
		t.Fatalf("link from the page: %d", st)
	}
	if d := e.domainRow("page-two-example.com"); d.ClientID != e.client.ID {
		t.Fatalf("page-two-example.com client = %q", d.ClientID)
	}

	st, body = e.post(admin, "/admin/unassigned", url.Values{"action": {"sync"},
		"domains": {"page-three-example.com"}})
	if st != http.StatusOK || !strings.Contains(body, "Synced 1 domain(s)") {
		t.Fatalf("sync from the page: %d", st)
	}
	if d := e.domainRow("page-three-example.com"); d.Status != store.DomainActive {
		t.Fatalf("page-three-example.com = %s", d.Status)
	}

	if st, _ := e.page(e.browser(e.client.Email), "/admin/unassigned"); st != http.StatusNotFound {
		t.Fatalf("a client sees the unassigned page: %d", st)
	}
}

func (e *env) domainRow(name string) store.Domain {
	e.t.Helper()
	d, err := e.h.App.Store.Domain(e.t.Context(), e.h.Tenant.ID, "", name)
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}
