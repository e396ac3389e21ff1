package e2e

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/awsfake"
)

// r53Env is the product's configuration for the AWS providers.
var r53Env = map[string]string{
	"PROECOMMERCE_REGISTRAR": "route53",
	"PROECOMMERCE_DNS":       "route53",
	"PROECOMMERCE_PAYMENTS":  "sandbox",
	// Look at operations often so the test does not wait 30 s a poll.
	"PROECOMMERCE_REGISTRAR_POLL": "50ms",
}

// r53EnvMu serialises the process environment the AWS SDK reads while an
// app is built; after app.Open the SDK never reads it again, so the
// scenarios run in parallel, each on its own fake.
var r53EnvMu sync.Mutex

// r53Start runs the product with both AWS adapters pointed at the fake
// through the SDK's own variables (static credentials,
// AWS_ENDPOINT_URL_ROUTE_53_DOMAINS, AWS_ENDPOINT_URL_ROUTE_53).
//
// t.Setenv cannot be used in a parallel test, hence the guarded swap.
func r53Start(t *testing.T, fake *awsfake.Fake) *apptest.Harness {
	t.Helper()
	var h *apptest.Harness
	r53WithEnv(t, fake, func() { h = apptest.Start(t, apptest.Options{Env: r53Env}) })
	return h
}

// r53WithEnv runs start with the process environment pointing the AWS SDK
// at the fake, and puts the environment back afterwards.
func r53WithEnv(t *testing.T, fake *awsfake.Fake, start func()) {
	t.Helper()
	dir := t.TempDir()
	env := fake.Env()
	env["AWS_CONFIG_FILE"] = filepath.Join(dir, "config")
	env["AWS_SHARED_CREDENTIALS_FILE"] = filepath.Join(dir, "credentials")
	env["AWS_EC2_METADATA_DISABLED"] = "true"

	r53EnvMu.Lock()
	defer r53EnvMu.Unlock()
	for k, v := range env {
		old, had := os.LookupEnv(k)
		_ = os.Setenv(k, v)
		defer r53RestoreEnv(k, old, had)
	}
	start()
}

func r53RestoreEnv(key, old string, had bool) {
	if had {
		_ = os.Setenv(key, old)
		return
	}
	_ = os.Unsetenv(key)
}

// r53ComPrice is .com at the fake (14.00 USD) with the default 20 % markup.
var r53ComPrice = money{1680, "USD"}

func TestRoute53EndToEnd(t *testing.T) {
	t.Run("search order register zone capture", func(t *testing.T) {
		t.Parallel()
		fake := awsfake.New(t, awsfake.Config{Taken: []string{"taken-name.com"}})
		h := r53Start(t, fake)
		c := signUp(t, h, "ada@example.com")

		r53PricesSynced(t, fake)
		r53Search(t, c)
		o := r53Order(t, h, c, "good-name.com")

		if o.Status != "completed" || r53ItemState(o, "good-name.com") != "completed" {
			t.Fatalf("order %+v", o)
		}
		if o.Payment.Status != "captured" || o.Payment.Captured != r53ComPrice {
			t.Errorf("payment %+v", o.Payment)
		}
		r53OneRegistration(t, fake, "good-name.com", 1)
		r53ZoneAndDefaults(t, c, fake, "good-name.com")
		r53RateCounted(t, h)
	})

	t.Run("capture of the completed item only", func(t *testing.T) {
		t.Parallel()
		fake := awsfake.New(t, awsfake.Config{Refuse: []string{"refused-name.com"}})
		h := r53Start(t, fake)
		c := signUp(t, h, "ada@example.com")

		o := r53Order(t, h, c, "good-name.com", "refused-name.com")

		if o.Status != "partially_completed" || r53ItemState(o, "good-name.com") != "completed" ||
			r53ItemState(o, "refused-name.com") != "failed" {
			t.Fatalf("order %+v", o)
		}
		if o.Payment.Status != "partially_captured" || o.Payment.Captured != r53ComPrice {
			t.Errorf("payment %+v: want only the completed item captured", o.Payment)
		}
		r53OneRegistration(t, fake, "good-name.com", 2)
		r53ZoneAndDefaults(t, c, fake, "good-name.com")
	})

	t.Run("throttling and a prior request not complete", func(t *testing.T) {
		t.Parallel()
		fake := awsfake.New(t, awsfake.Config{ThrottleEvery: 5, PriorRequestNotComplete: 1})
		h := r53Start(t, fake)
		c := signUp(t, h, "grace@example.com")

		o := r53Order(t, h, c, "busy-name.com")

		if o.Status != "completed" || o.Payment.Captured != r53ComPrice {
			t.Fatalf("order %+v", o)
		}
		if fake.Throttled() == 0 || fake.Calls("ChangeResourceRecordSets") < 2 {
			t.Errorf("faults not met: %d throttled, calls %v", fake.Throttled(), fake.CallLog())
		}
		r53OneRegistration(t, fake, "busy-name.com", 1)
		r53ZoneAndDefaults(t, c, fake, "busy-name.com")
	})

	t.Run("20 % throttled, 5 % server errors and a lost answer", func(t *testing.T) {
		t.Parallel()
		fake := awsfake.New(t, awsfake.Config{ThrottleEvery: 5, ServerErrorEvery: 19, LoseRegisterAnswer: true})
		h := r53Start(t, fake)
		c := signUp(t, h, "hopper@example.com")
		names := []string{"storm-one.com", "storm-two.com", "storm-three.com"}

		o := r53Order(t, h, c, names...)

		want := money{3 * r53ComPrice.Amount, "USD"}
		if o.Status != "completed" || o.Payment.Status != "captured" || o.Payment.Captured != want {
			t.Fatalf("order %+v", o)
		}
		if fake.Throttled() == 0 || fake.ServerErrors() == 0 {
			t.Errorf("faults not met: %d throttled, %d server errors", fake.Throttled(), fake.ServerErrors())
		}
		for _, d := range names {
			var ops []awsfake.Operation
			for _, op := range fake.Operations() {
				if op.Domain == d && op.Type == awsfake.TypeRegister {
					ops = append(ops, op)
				}
			}
			if len(ops) != 1 || ops[0].Status != awsfake.StatusSuccessful {
				t.Errorf("registrations of %s: %+v", d, ops)
			}
		}
		if n := fake.Accepted("RegisterDomain"); n != len(names) {
			t.Errorf("RegisterDomain accepted %d times for %d names", n, len(names))
		}
		var invs struct {
			Invoices []struct {
				Lines []struct {
					Domain string `json:"domain"`
				} `json:"lines"`
			} `json:"invoices"`
		}
		if st := c.Do("GET", "/api/v1/invoices", nil, &invs); st != 200 || len(invs.Invoices) != 1 ||
			len(invs.Invoices[0].Lines) != len(names) {
			t.Errorf("invoices: %d %+v", st, invs)
		}
	})

	t.Run("retried RegisterDomain answered DuplicateRequest", func(t *testing.T) {
		t.Parallel()
		fake := awsfake.New(t, awsfake.Config{LoseRegisterAnswer: true})
		h := r53Start(t, fake)
		c := signUp(t, h, "linus@example.com")

		o := r53Order(t, h, c, "retry-name.com")

		if o.Status != "completed" || o.Payment.Status != "captured" || o.Payment.Captured != r53ComPrice {
			t.Fatalf("order %+v", o)
		}
		if fake.Calls("RegisterDomain") != 2 || fake.Calls("ListOperations") == 0 {
			t.Errorf("want the lost answer, one DuplicateRequest and a look-up: %v", fake.CallLog())
		}
		r53OneRegistration(t, fake, "retry-name.com", 1)
		r53ZoneAndDefaults(t, c, fake, "retry-name.com")
	})
}

// r53PricesSynced: the first start read the price list from ListPrices.
func r53PricesSynced(t *testing.T, fake *awsfake.Fake) {
	t.Helper()
	if fake.Calls("ListPrices") == 0 {
		t.Errorf("no ListPrices at first start: %v", fake.CallLog())
	}
}

func r53Search(t *testing.T, c *apptest.Client) {
	t.Helper()
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
	found := false
	for _, r := range search.Results {
		if r.Domain == "good-name.com" {
			found = r.Status == "available" && r.Price == r53ComPrice
		}
	}
	if !found {
		t.Fatalf("good-name.com not offered at %+v: %+v", r53ComPrice, search.Results)
	}

	var taken struct {
		Results []struct {
			Domain string `json:"domain"`
			Status string `json:"status"`
		} `json:"results"`
	}
	if st := c.Do("GET", "/api/v1/availability?domain=taken-name.com", nil, &taken); st != 200 ||
		len(taken.Results) != 1 {
		t.Fatalf("taken search: %d %+v", st, taken.Results)
	}
	for _, r := range taken.Results {
		if r.Domain == "taken-name.com" && r.Status != "taken" {
			t.Errorf("taken-name.com is %s", r.Status)
		}
	}
}

// r53Order orders one-year registrations and waits for the order to end.
func r53Order(t *testing.T, h *apptest.Harness, c *apptest.Client, domains ...string) order {
	t.Helper()
	items := make([]map[string]any, 0, len(domains))
	for _, d := range domains {
		items = append(items, map[string]any{"type": "register", "domain": d, "years": 1})
	}

	var o order
	st := c.Do("POST", "/api/v1/orders", map[string]any{"items": items, "contact": contact(),
		"payment": map[string]string{"card": "4242424242424242"}}, &o)
	if st != 201 || o.Payment.Status != "authorized" {
		t.Fatalf("order: %d %+v", st, o)
	}

	// The saga looks at a Route 53 operation every 30 seconds.
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("order at the end: %+v", o)
		}
	})
	h.Eventually(3*time.Minute, "the order to settle", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open" && o.Payment.Status != "authorized"
	})
	return o
}

func r53ItemState(o order, domain string) string {
	for _, it := range o.Items {
		if it.Domain == domain {
			return it.State
		}
	}
	return ""
}

// r53OneRegistration: the domain has exactly one registration operation,
// which succeeded, and RegisterDomain changed state accepted times in all.
func r53OneRegistration(t *testing.T, fake *awsfake.Fake, domain string, accepted int) {
	t.Helper()
	var ops []awsfake.Operation
	for _, op := range fake.Operations() {
		if op.Domain == domain && op.Type == awsfake.TypeRegister {
			ops = append(ops, op)
		}
	}
	if len(ops) != 1 || ops[0].Status != awsfake.StatusSuccessful {
		t.Errorf("operations of %s: %+v", domain, ops)
	}
	if n := fake.Accepted("RegisterDomain"); n != accepted {
		t.Errorf("RegisterDomain accepted %d times, want %d", n, accepted)
	}
	for _, op := range fake.Operations() {
		if op.Type == awsfake.TypeNameserver {
			t.Errorf("name servers changed although the domain uses its zone: %+v", op)
		}
	}
}

// r53ZoneAndDefaults: the zone RegisterDomain made is the one used, no
// CreateHostedZone was sent, and the default records went in one batch.
func r53ZoneAndDefaults(t *testing.T, c *apptest.Client, fake *awsfake.Fake, domain string) {
	t.Helper()
	if n := fake.Calls("CreateHostedZone"); n != 0 {
		t.Errorf("CreateHostedZone sent %d times", n)
	}
	var zone awsfake.Zone
	for _, z := range fake.Zones() {
		if z.Name == domain+"." {
			if zone.ID != "" {
				t.Errorf("second zone for %s: %+v", domain, z)
			}
			zone = z
		}
	}

	var batches []awsfake.Batch
	for _, b := range fake.Batches() {
		if b.ZoneID == zone.ID {
			batches = append(batches, b)
		}
	}
	if zone.ID == "" || len(batches) != 1 || fake.Accepted("ChangeResourceRecordSets") != 1 {
		t.Fatalf("zone %+v, batches %+v", zone, fake.Batches())
	}
	for _, ch := range batches[0].Changes {
		if ch.Action != "UPSERT" {
			t.Errorf("default record change %+v", ch)
		}
	}
	r53DefaultSets(t, fake, zone, domain)

	var d struct {
		Status      string   `json:"status"`
		Nameservers []string `json:"nameservers"`
	}
	if st := c.Do("GET", "/api/v1/domains/"+domain, nil, &d); st != 200 || d.Status != "active" ||
		!slices.Equal(d.Nameservers, zone.Nameservers) {
		t.Errorf("domain: %d %+v, zone name servers %v", st, d, zone.Nameservers)
	}
}

func r53DefaultSets(t *testing.T, fake *awsfake.Fake, zone awsfake.Zone, domain string) {
	t.Helper()
	have := map[string][]string{}
	for _, s := range fake.RecordSets(zone.ID) {
		have[s.Name+" "+s.Type] = s.Values
	}
	www := have["www."+domain+". CNAME"]
	if len(www) != 1 || www[0] != domain+"." || len(have[domain+". NS"]) != 4 || len(have[domain+". SOA"]) != 1 {
		t.Errorf("zone holds %v", have)
	}
	for key, values := range have {
		for _, v := range values {
			if strings.HasSuffix(key, " TXT") && !strings.HasPrefix(v, `"`) {
				t.Errorf("%s value %q is not quoted", key, v)
			}
		}
	}
}

// r53RateCounted: both AWS accounts' calls went through the limiter that
// is counted in the database (the latest call of each is always kept).
func r53RateCounted(t *testing.T, h *apptest.Harness) {
	t.Helper()
	for _, account := range []string{"route53domains", "route53"} {
		var n int
		err := h.App.DB.QueryRow(context.Background(),
			`SELECT count(*) FROM rate_limit_calls WHERE account = ?`, account).Scan(&n)
		if err != nil || n == 0 {
			t.Errorf("%s: %d calls counted in the database (%v), want some", account, n, err)
		}
	}
}
