package opensrs

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/opensrs/opensrstest"
)

func TestLookupConcurrencyIsBounded(t *testing.T) {
	var inflight, most atomic.Int32
	arrived := make(chan struct{}, 10)
	release := make(chan struct{})
	gate := func() {
		n := inflight.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		arrived <- struct{}{}
		<-release
		inflight.Add(-1)
	}
	b := setupFake(t, opensrstest.Config{Gate: gate}, func(c *Config) { c.Concurrency = 2 })

	done := make(chan error, 1)
	go func() {
		_, err := b.reg.CheckAvailability(context.Background(),
			[]string{"a.ca", "b.ca", "c.ca", "d.ca", "e.ca"})
		done <- err
	}()

	<-arrived
	<-arrived
	select {
	case <-arrived:
		t.Fatal("a third LOOKUP started while two were in flight")
	default:
	}
	close(release)

	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if most.Load() != 2 || len(b.fake.Calls("LOOKUP")) != 5 {
		t.Fatalf("most in flight %d, lookups %d", most.Load(), len(b.fake.Calls("LOOKUP")))
	}
}

// TestSkeletonFlow runs the product's path with OpenSRS as the registrar:
// search, price, register at a slow registry, follow the operation,
// point the domain at the DNS host, read it back, list it and renew it.
func TestSkeletonFlow(t *testing.T) {
	b := setupFake(t, opensrstest.Config{Queued: []string{"ca"}, Prices: map[string]string{
		"ca:new:1": "12.99", "ca:renewal:1": "12.99", "ca:transfer:1": "12.99",
	}}, func(c *Config) { c.PriceTLDs = []string{"ca"} })
	ctx := context.Background()

	avail, err := b.reg.CheckAvailability(ctx, []string{"flow.ca"})
	if err != nil || avail[0].Status != registrar.StatusAvailable {
		t.Fatalf("availability: %+v %v", avail, err)
	}
	prices, err := b.reg.Prices(ctx)
	if err != nil || prices[0].Registration.Amount != 1299 {
		t.Fatalf("prices: %+v %v", prices, err)
	}

	op, err := b.reg.Register(ctx, registrar.RegisterRequest{
		Domain: "flow.ca", Years: 1, Contact: testContact(), Privacy: false,
	})
	if err != nil || op.Status.Terminal() {
		t.Fatalf("register: %+v %v", op, err)
	}
	found, err := b.reg.FindOperations(ctx, "flow.ca", registrar.OpRegister, testNow)
	if err != nil || len(found) != 1 || found[0].ID != op.ID {
		t.Fatalf("find after submit: %+v %v", found, err)
	}

	if !b.fake.Complete("flow.ca") {
		t.Fatal("no waiting order of flow.ca")
	}
	op, err = b.reg.Operation(ctx, op.ID)
	if err != nil || op.Status != registrar.OpSucceeded {
		t.Fatalf("poll: %+v %v", op, err)
	}

	route53 := []string{"ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk"}
	if _, err := b.reg.SetNameservers(ctx, "flow.ca", route53); err != nil {
		t.Fatal(err)
	}
	if _, err := b.reg.SetAutoRenew(ctx, "flow.ca", false); err != nil {
		t.Fatal(err)
	}

	d, err := b.reg.DomainDetail(ctx, "flow.ca")
	if err != nil || strings.Join(d.Nameservers, " ") != strings.Join(route53, " ") ||
		d.AutoRenew || d.Expires.Year() != 2027 {
		t.Fatalf("detail: %+v %v", d, err)
	}

	page, err := b.reg.ListDomains(ctx, "")
	if err != nil || len(page.Domains) != 1 || page.Domains[0].Domain != "flow.ca" {
		t.Fatalf("list: %+v %v", page, err)
	}

	renewal, err := b.reg.Renew(ctx, "flow.ca", d.Expires.Year(), 1)
	if err != nil || renewal.Status != registrar.OpSucceeded {
		t.Fatalf("renew: %+v %v", renewal, err)
	}
	d, err = b.reg.DomainDetail(ctx, "flow.ca")
	if err != nil || !d.Expires.Equal(testNow.AddDate(2, 0, 0)) {
		t.Fatalf("expiry after renewal: %v %v", d.Expires, err)
	}
}
