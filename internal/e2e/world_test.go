package e2e

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/store"
)

// world is two tenants with data: the owner (a client of the default
// tenant) holds an order, a domain with records and an invoice; a client
// of the other tenant holds its own. The callers of the isolation matrix
// are built around them.
type world struct {
	h       *apptest.Harness
	other   store.Tenant
	owner   store.User
	callers map[string]*apptest.Client

	order, domain, invoice string
	// item is the one item of the owner's order.
	item string
	// foreign* belong to the client of the other tenant.
	foreignOrder, foreignDomain, foreignEmail string
}

const (
	anon     = "anonymous"
	owner    = "owner"
	peer     = "peer"
	admin    = "admin"
	stranger = "stranger"
)

var roles = []string{anon, peer, stranger, owner, admin}

func newWorld(t *testing.T, h *apptest.Harness) *world {
	t.Helper()
	other, err := h.App.CreateTenant(context.Background(), "Other Hosting")
	if err != nil {
		t.Fatal(err)
	}
	w := &world{h: h, other: other, callers: map[string]*apptest.Client{}}

	var ownerC, foreign *apptest.Client
	ownerC, w.owner = h.UserClient(h.Tenant, "owner@iso.test", store.RoleClient)
	w.callers[owner] = ownerC
	w.callers[peer], _ = h.UserClient(h.Tenant, "peer@iso.test", store.RoleClient)
	w.callers[admin] = h.AdminClient()
	w.callers[stranger], _ = h.UserClient(other, "stranger@iso.test", store.RoleAdmin)
	w.callers[anon] = h.NewClient()
	w.foreignEmail = "foreign@iso.test"
	foreign, _ = h.UserClient(other, w.foreignEmail, store.RoleClient)

	w.domain, w.order = "iso-owner.com", buy(t, h, ownerC, "iso-owner.com")
	w.foreignDomain, w.foreignOrder = "iso-foreign.com", buy(t, h, foreign, "iso-foreign.com")

	var invs struct {
		Invoices []struct {
			ID string `json:"id"`
		} `json:"invoices"`
	}
	if st := ownerC.Do("GET", "/api/v1/invoices", nil, &invs); st != 200 || len(invs.Invoices) == 0 {
		t.Fatalf("owner's invoices: %d %+v", st, invs)
	}
	w.invoice = invs.Invoices[0].ID
	o, err := h.App.Store.OrderByID(context.Background(), w.order)
	if err != nil || len(o.Items) != 1 {
		t.Fatalf("owner's order: %+v, %v", o, err)
	}
	w.item = o.Items[0].ID
	return w
}

// buy registers a domain for the client and waits until it is active.
func buy(t *testing.T, h *apptest.Harness, c *apptest.Client, domain string) string {
	t.Helper()
	var o order
	st := c.Do("POST", "/api/v1/orders", map[string]any{
		"items":   []map[string]any{{"type": "register", "domain": domain, "years": 1}},
		"contact": contact(), "payment": map[string]string{"card": "4242424242424242"},
	}, &o)
	if st != 201 {
		t.Fatalf("order %s: %d", domain, st)
	}
	h.Eventually(20*time.Second, domain+" to be registered", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open"
	})
	if o.Status != "completed" {
		t.Fatalf("order of %s ended %s", domain, o.Status)
	}
	return o.ID
}

// answer is a response read whole.
type answer struct {
	Status   int
	Body     string
	Location string
	Header   http.Header
}

// send makes a request without following redirects.
func send(t *testing.T, h *apptest.Harness, c *apptest.Client, method, path, ctype, body string, hdr map[string]string) answer {
	t.Helper()
	req, err := http.NewRequest(method, h.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	hc := *c.HTTP
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return answer{Status: resp.StatusCode, Body: string(raw), Location: resp.Header.Get("Location"),
		Header: resp.Header}
}
