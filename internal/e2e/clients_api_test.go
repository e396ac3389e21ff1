package e2e

import (
	"net/url"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
)

// An admin makes a client through the API and orders for it with
// "client_id": the answer is {"id", "email", "name"}, the id is the
// client_id of the order and the domain, and the client, logging in with
// the password given, sees both as its own.
func TestAdminCreatesClientAndOrdersForIt(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	admin := h.AdminClient()

	var cl struct {
		ID    string `json:"id"`
		Email string `json:"email"`
		Name  string `json:"name"`
	}
	if st := admin.Do("POST", "/api/v1/clients", map[string]string{"email": "New.Client@Example.com",
		"name": "New Client", "password": "correct horse"}, &cl); st != 201 || cl.ID == "" ||
		cl.Email != "new.client@example.com" || cl.Name != "New Client" {
		t.Fatalf("create client: %d %+v", st, cl)
	}
	if st := admin.Do("POST", "/api/v1/clients", map[string]string{"email": "new.client@example.com",
		"name": "Twice", "password": "correct horse"}, nil); st != 409 {
		t.Errorf("the same e-mail twice: %d, want 409", st)
	}

	var o order
	if st := admin.Do("POST", "/api/v1/orders", map[string]any{"client_id": cl.ID,
		"items":   []map[string]any{{"type": "register", "domain": "for-a-client.com", "years": 1}},
		"contact": contact(), "payment": map[string]string{"card": "4242424242424242"}}, &o); st != 201 {
		t.Fatalf("order for the client: %d %+v", st, o)
	}
	h.Eventually(20*time.Second, "the order to settle", func() bool {
		admin.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open"
	})

	c := h.NewClient()
	resp, err := c.HTTP.PostForm(h.URL+"/login", url.Values{"email": {cl.Email}, "password": {"correct horse"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("the client's log-in: %d", resp.StatusCode)
	}
	var d struct {
		ClientID string `json:"client_id"`
		Status   string `json:"status"`
	}
	if st := c.Do("GET", "/api/v1/domains/for-a-client.com", nil, &d); st != 200 || d.ClientID != cl.ID || d.Status != "active" {
		t.Errorf("the client's domain: %d %+v", st, d)
	}
	var mine order
	if st := c.Do("GET", "/api/v1/orders/"+o.ID, nil, &mine); st != 200 || mine.Status != "completed" {
		t.Errorf("the client's order: %d %+v", st, mine)
	}
}
