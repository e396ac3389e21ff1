package e2e

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/proecommerce/domains/internal/apptest"
)

type money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

type order struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Total   money  `json:"total"`
	Payment struct {
		Status     string `json:"status"`
		Authorized money  `json:"authorized"`
		Captured   money  `json:"captured"`
		Refunded   money  `json:"refunded"`
	} `json:"payment"`
	Items []struct {
		Domain  string `json:"domain"`
		State   string `json:"state"`
		Error   string `json:"error"`
		Amount  money  `json:"amount"`
		History []struct {
			State string `json:"state"`
		} `json:"history"`
	} `json:"items"`
}

type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
		OrderID string `json:"order_id"`
	} `json:"error"`
}

func contact() map[string]string {
	return map[string]string{"first_name": "Ada", "last_name": "Lovelace",
		"email": "ada@example.com", "phone": "+1 (206) 555-0119", "address1": "1 Main St",
		"city": "Seattle", "state": "WA", "postal_code": "98101", "country": "US"}
}

// signUp signs a client up through the portal's form, as a browser would.
func signUp(t *testing.T, h *apptest.Harness, email string) *apptest.Client {
	t.Helper()
	c := h.NewClient()
	form := url.Values{"name": {"Ada Lovelace"}, "email": {email}, "password": {"correct horse"}}
	resp, err := c.HTTP.PostForm(h.URL+"/signup", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		t.Fatalf("sign-up ended at %s with %d", resp.Request.URL, resp.StatusCode)
	}
	return c
}

func TestSearchPayRegisterEndToEnd(t *testing.T) {
	for _, target := range apptest.Targets(t) {
		t.Run(target.Name, func(t *testing.T) {
			h := apptest.Start(t, apptest.Options{DatabaseURL: target.URL})
			c := signUp(t, h, "ada@example.com")

			var search struct {
				Results []struct {
					Domain string `json:"domain"`
					Status string `json:"status"`
					Price  money  `json:"price"`
				} `json:"results"`
			}
			if st := c.Do("GET", "/api/v1/availability?q=good-name", nil, &search); st != 200 {
				t.Fatalf("search: %d", st)
			}
			var comPrice money
			for _, r := range search.Results {
				if r.Domain == "good-name.com" {
					comPrice = r.Price
				}
			}
			// .com costs 12.00 USD at Route 53; the default markup is 20 %.
			if comPrice != (money{1440, "USD"}) {
				t.Fatalf("good-name.com price = %+v, results %+v", comPrice, search.Results)
			}

			var o order
			st := c.Do("POST", "/api/v1/orders", map[string]any{
				"items": []map[string]any{
					{"type": "register", "domain": "good-name.com", "years": 1},
					{"type": "register", "domain": "fail-name.com", "years": 1},
				},
				"contact": contact(), "payment": map[string]string{"card": "4242424242424242"},
			}, &o)
			if st != 201 || o.Status != "open" || o.Payment.Status != "authorized" ||
				o.Payment.Authorized != (money{2880, "USD"}) {
				t.Fatalf("order: %d %+v", st, o)
			}
			// The saga may already have moved an item on by the time the
			// answer is written: authorised or beyond, never pending.
			for _, it := range o.Items {
				if it.State == "pending" || it.State == "cancelled" {
					t.Fatalf("item %s is %s after checkout", it.Domain, it.State)
				}
			}

			h.Eventually(20*time.Second, "the order to settle", func() bool {
				c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
				return o.Status != "open"
			})
			checkSettled(t, o)
			checkZone(t, h, c)
			checkDeclined(t, c)
		})
	}
}

func checkSettled(t *testing.T, o order) {
	t.Helper()
	if o.Status != "partially_completed" {
		t.Errorf("order status %s", o.Status)
	}
	got := map[string]string{}
	for _, it := range o.Items {
		got[it.Domain] = it.State
		if it.Domain == "fail-name.com" && !strings.Contains(it.Error, "refused") {
			t.Errorf("failed item error %q", it.Error)
		}
	}
	if got["good-name.com"] != "completed" || got["fail-name.com"] != "failed" {
		t.Errorf("item states %v", got)
	}
	if o.Payment.Status != "partially_captured" || o.Payment.Captured != (money{1440, "USD"}) ||
		o.Payment.Authorized != (money{2880, "USD"}) {
		t.Errorf("payment %+v: want exactly the first item captured, the rest released", o.Payment)
	}
}

func checkZone(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	t.Helper()
	var d struct {
		Status    string  `json:"status"`
		ExpiresAt *string `json:"expires_at"`
	}
	if st := c.Do("GET", "/api/v1/domains/good-name.com", nil, &d); st != 200 || d.Status != "active" || d.ExpiresAt == nil {
		t.Fatalf("domain: %d %+v", st, d)
	}
	if st := c.Do("GET", "/api/v1/domains/fail-name.com", nil, nil); st != 404 {
		t.Errorf("failed domain answers %d, want 404", st)
	}

	for _, proto := range []string{"udp", "tcp"} {
		m := new(dns.Msg)
		m.SetQuestion("www.good-name.com.", dns.TypeA)
		in, _, err := (&dns.Client{Net: proto, Timeout: 5 * time.Second}).Exchange(m, h.DNSAddr)
		if err != nil {
			t.Fatalf("dns over %s: %v", proto, err)
		}
		if !in.Authoritative || len(in.Answer) == 0 {
			t.Fatalf("dns over %s: %v", proto, in)
		}
		cname, ok := in.Answer[0].(*dns.CNAME)
		if !ok || cname.Target != "good-name.com." {
			t.Errorf("dns over %s: first answer %v, want CNAME to good-name.com.", proto, in.Answer[0])
		}
	}
}

func checkDeclined(t *testing.T, c *apptest.Client) {
	t.Helper()
	var e apiError
	st := c.Do("POST", "/api/v1/orders", map[string]any{
		"items":   []map[string]any{{"type": "register", "domain": "declined-name.com", "years": 1}},
		"contact": contact(), "payment": map[string]string{"card": "4000000000000002"},
	}, &e)
	if st != 402 || e.Error.Code != "payment_declined" || e.Error.OrderID == "" {
		t.Fatalf("declined order: %d %+v", st, e)
	}

	var o order
	c.Do("GET", "/api/v1/orders/"+e.Error.OrderID, nil, &o)
	if o.Status != "failed" || len(o.Items) != 1 || o.Items[0].State != "cancelled" {
		t.Errorf("declined order %+v", o)
	}
	time.Sleep(300 * time.Millisecond) // give any stray job the chance to misbehave
	if st := c.Do("GET", "/api/v1/domains/declined-name.com", nil, nil); st != 404 {
		t.Errorf("a declined order left a domain (%d)", st)
	}
}
