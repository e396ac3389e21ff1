package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/registrar"
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
		ID      string `json:"id"`
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
			checkSettled(t, h, o)
			checkCharged(t, h, c, o)
			checkZone(t, h, c)
			checkDefaultRecords(t, h, c)
			checkDeclined(t, h, c)
		})
	}
}

func checkSettled(t *testing.T, h *apptest.Harness, o order) {
	t.Helper()
	if o.Status != "partially_completed" {
		t.Errorf("order status %s", o.Status)
	}
	got := map[string]string{}
	for _, it := range o.Items {
		got[it.Domain] = it.State
		if n := jobsOf(t, h, it.ID); n == 0 {
			t.Errorf("no job ran for %s, so the job count cannot show a declined order queued none", it.Domain)
		}
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

// checkCharged asks the gateway itself what it took, and reads the paid
// invoice: one line, the registered item's amount.
func checkCharged(t *testing.T, h *apptest.Harness, c *apptest.Client, o order) {
	t.Helper()
	stored, err := h.App.Store.Order(t.Context(), h.Tenant.ID, "", o.ID)
	if err != nil || len(stored.Payments) != 1 {
		t.Fatalf("stored order: %v %+v", err, stored.Payments)
	}
	auth, err := h.App.Providers.Gateway.Get(t.Context(), stored.Payments[0].ProviderID)
	if err != nil {
		t.Fatal(err)
	}
	if auth.Captured.Amount != 1440 || auth.Refunded.Amount != 0 {
		t.Errorf("the gateway holds %+v, want 1440 captured and the rest released", auth)
	}

	var invs struct {
		Invoices []struct {
			Status string `json:"status"`
			Total  money  `json:"total"`
			Lines  []struct {
				Domain string `json:"domain"`
				Kind   string `json:"kind"`
				Amount money  `json:"amount"`
			} `json:"lines"`
		} `json:"invoices"`
	}
	if st := c.Do("GET", "/api/v1/invoices", nil, &invs); st != 200 || len(invs.Invoices) != 1 {
		t.Fatalf("invoices: %d %+v", st, invs)
	}
	inv := invs.Invoices[0]
	if inv.Status != "paid" || inv.Total != (money{1440, "USD"}) || len(inv.Lines) != 1 ||
		inv.Lines[0].Domain != "good-name.com" || inv.Lines[0].Kind != "registration" {
		t.Errorf("invoice %+v, want one paid registration line of 14.40 USD", inv)
	}
}

// checkDefaultRecords reads the new zone through the API: the tenant's
// template (no default IP on a new tenant, so no A records).
func checkDefaultRecords(t *testing.T, h *apptest.Harness, c *apptest.Client) {
	t.Helper()
	var l dnsRecordList
	if st := c.Do("GET", "/api/v1/domains/good-name.com/records", nil, &l); st != 200 {
		t.Fatalf("records: %d", st)
	}
	got := map[string]string{}
	for _, r := range l.Records {
		if r.Type != "NS" {
			got[r.Name+" "+r.Type] = fmt.Sprint(r.TTL, r.Values)
		}
	}
	want := map[string]string{
		"www.good-name.com CNAME": "3600 [good-name.com.]",
		"good-name.com MX":        "3600 [10 mail.good-name.com.]",
		"good-name.com TXT":       "3600 [v=spf1 mx -all]",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("default records %v, want %v", got, want)
	}
	if mx := askDNS(t, h, "good-name.com", dns.TypeMX); len(mx) != 1 || mx[0].(*dns.MX).Mx != "mail.good-name.com." {
		t.Errorf("MX answer %v", mx)
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

func checkDeclined(t *testing.T, h *apptest.Harness, c *apptest.Client) {
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
	if st := c.Do("GET", "/api/v1/domains/declined-name.com", nil, nil); st != 404 {
		t.Errorf("a declined order left a domain (%d)", st)
	}

	// Nothing was asked of the registrar, and no job was queued that could
	// ask it later.
	ops, err := h.App.Providers.SandboxRegistrar.FindOperations(t.Context(), "declined-name.com",
		registrar.OpRegister, time.Time{})
	if err != nil || len(ops) != 0 {
		t.Errorf("registrar operations for a declined order: %v %+v", err, ops)
	}
	if n := jobsOf(t, h, o.Items[0].ID); n != 0 {
		t.Errorf("%d jobs queued for a declined item", n)
	}
}

// jobsOf counts the River jobs whose arguments name id.
func jobsOf(t *testing.T, h *apptest.Harness, id string) int {
	t.Helper()
	var n int
	err := h.App.DB.QueryRow(t.Context(), `SELECT count(*) FROM river_job WHERE CAST(args AS TEXT) LIKE ?`,
		"%"+id+"%").Scan(&n)
	if err != nil {
		t.Fatalf("count jobs of %s: %v", id, err)
	}
	return n
}

// When no item of an order is registered, the authorisation is voided:
// nothing captured at the gateway, no invoice, each item failed with why.
func TestTotalFailureVoidsTheAuthorisation(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	c := signUp(t, h, "unlucky@example.com")

	var o order
	if st := c.Do("POST", "/api/v1/orders", map[string]any{
		"items": []map[string]any{
			{"type": "register", "domain": "reject-name.com", "years": 1},
			{"type": "register", "domain": "fail-name.net", "years": 1},
		},
		"contact": contact(), "payment": map[string]string{"card": "4242424242424242"},
	}, &o); st != 201 {
		t.Fatalf("order: %d %+v", st, o)
	}
	h.Eventually(20*time.Second, "the order to settle", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open"
	})
	if o.Status != "failed" || o.Payment.Status != "voided" || o.Payment.Captured.Amount != 0 {
		t.Fatalf("order %s, payment %+v: want failed and voided", o.Status, o.Payment)
	}
	for _, it := range o.Items {
		if it.State != "failed" || it.Error == "" {
			t.Errorf("%s is %s (%q), want failed with a reason", it.Domain, it.State, it.Error)
		}
	}

	stored, err := h.App.Store.Order(t.Context(), h.Tenant.ID, "", o.ID)
	if err != nil {
		t.Fatal(err)
	}
	auth, err := h.App.Providers.Gateway.Get(t.Context(), stored.Payments[0].ProviderID)
	if err != nil || auth.Captured.Amount != 0 || string(auth.Status) != "voided" {
		t.Errorf("the gateway holds %+v (%v), want it voided with nothing captured", auth, err)
	}
	var invs struct {
		Invoices []any `json:"invoices"`
	}
	if c.Do("GET", "/api/v1/invoices", nil, &invs); len(invs.Invoices) != 0 {
		t.Errorf("a failed order left invoices %+v", invs)
	}
}
