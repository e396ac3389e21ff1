package opensrstest_test

import (
	"context"
	"testing"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/opensrs"
	"github.com/proecommerce/domains/internal/registrar/opensrs/opensrstest"
)

func adapter(t *testing.T, fake *opensrstest.Server, key string) *opensrs.Registrar {
	t.Helper()
	r, err := opensrs.New(opensrs.Config{Username: opensrstest.Username, APIKey: key,
		BaseURL: fake.URL, ProfileSecret: "profile-secret", PriceTLDs: []string{"shop", "ca", "de"}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

var ada = registrar.Contact{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com",
	Phone: "+1.2065550119", Address1: "1 Main St", City: "Seattle", State: "WA",
	PostalCode: "98101", Country: "US"}

func TestWrongKeyIsRefused(t *testing.T) {
	fake := opensrstest.New(t, opensrstest.Config{})
	_, err := adapter(t, fake, "not-the-key").CheckAvailability(context.Background(),
		[]string{"good-name.shop"})
	if err == nil || len(fake.Requests()) != 0 {
		t.Fatalf("a wrongly signed request was served: %v, %v", err, fake.Requests())
	}
}

func TestPricesOfTheDefaultTable(t *testing.T) {
	fake := opensrstest.New(t, opensrstest.Config{})
	prices, err := adapter(t, fake, opensrstest.APIKey).Prices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, p := range prices {
		got[p.TLD] = p.Registration.Amount
	}
	if len(got) != 2 || got["shop"] != 249 || got["ca"] != 1299 {
		t.Errorf("prices %v: want shop 2.49 and ca 12.99, de not sold", got)
	}
}

func TestQueuedRegistrationCompletesOnDemand(t *testing.T) {
	ctx := context.Background()
	fake := opensrstest.New(t, opensrstest.Config{Queued: []string{"ca"}})
	r := adapter(t, fake, opensrstest.APIKey)

	op, err := r.Register(ctx, registrar.RegisterRequest{Domain: "queued-name.ca", Years: 2,
		Contact: ada, Nameservers: []string{"ns1.example.net", "ns2.example.net"}})
	if err != nil || op.Status != registrar.OpInProgress {
		t.Fatalf("register: %+v %v", op, err)
	}
	if again, err := r.Operation(ctx, op.ID); err != nil || again.Status != registrar.OpInProgress {
		t.Fatalf("while queued: %+v %v", again, err)
	}
	avail, err := r.CheckAvailability(ctx, []string{"queued-name.ca"})
	if err != nil || len(avail) != 1 || avail[0].Status != registrar.StatusTaken {
		t.Errorf("a queued name reads %+v %v, want taken", avail, err)
	}

	if !fake.Complete("queued-name.ca") || fake.Complete("queued-name.ca") {
		t.Fatal("Complete must finish the waiting order once")
	}
	done, err := r.Operation(ctx, op.ID)
	if err != nil || done.Status != registrar.OpSucceeded {
		t.Fatalf("after completion: %+v %v", done, err)
	}
	d, ok := fake.Domain("queued-name.ca")
	if !ok || d.Owner != "ada@example.com" || d.Expires.Year() != 2028 || len(d.Nameservers) != 2 {
		t.Errorf("held %+v", d)
	}
}

func TestTakenAndInjectedFailures(t *testing.T) {
	ctx := context.Background()
	fake := opensrstest.New(t, opensrstest.Config{Taken: []string{"taken-name.shop"}})
	r := adapter(t, fake, opensrstest.APIKey)

	_, err := r.Register(ctx, registrar.RegisterRequest{Domain: "taken-name.shop", Years: 1, Contact: ada})
	if registrar.KindOf(err) != registrar.KindUnavailable {
		t.Errorf("taken: %v", err)
	}

	fake.Fail("LOOKUP", 300, "Rate limit exceeded", 1)
	if _, err := r.CheckAvailability(ctx, []string{"good-name.shop"}); registrar.KindOf(err) != registrar.KindThrottled {
		t.Errorf("throttled: %v", err)
	}
	avail, err := r.CheckAvailability(ctx, []string{"good-name.shop"})
	if err != nil || len(avail) != 1 || avail[0].Status != registrar.StatusAvailable {
		t.Errorf("after the failure: %+v %v", avail, err)
	}
}
