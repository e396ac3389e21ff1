package awsfake

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/proecommerce/domains/internal/dnshost"
	dnsroute53 "github.com/proecommerce/domains/internal/dnshost/route53"
	"github.com/proecommerce/domains/internal/registrar"
	regroute53 "github.com/proecommerce/domains/internal/registrar/route53"
)

var contact = registrar.Contact{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.org",
	Phone: "+44.2071234567", Address1: "12 Analytical Row", City: "London", PostalCode: "N1 9GU", Country: "GB"}

// adapters builds both real adapters on the fake, with one attempt per
// call so every fault reaches the caller.
func adapters(t *testing.T, f *Fake) (*regroute53.Registrar, *dnsroute53.Host) {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", "")),
		config.WithRetryMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseEndpoint = aws.String(f.URL())

	log := slog.New(slog.DiscardHandler)
	reg, err := regroute53.New(context.Background(), regroute53.Config{AWS: &cfg, Logger: log,
		RequestsPerSecond: 1e6, Burst: 1000})
	if err != nil {
		t.Fatal(err)
	}
	host, err := dnsroute53.New(context.Background(), dnsroute53.Config{AWS: &cfg, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	return reg, host
}

func TestRegistrationThroughBothAdapters(t *testing.T) {
	f := New(t, Config{Taken: []string{"taken-name.com"}, CompleteAfter: 2, InSyncAfter: 2, PricePage: 3})
	reg, host := adapters(t, f)
	ctx := context.Background()

	prices, err := reg.Prices(ctx)
	if err != nil || len(prices) != 4 || f.Calls("ListPrices") != 2 {
		t.Fatalf("prices %+v, %v after %d calls", prices, err, f.Calls("ListPrices"))
	}
	if p := prices[0]; p.TLD != "com" || p.Registration.Amount != 1400 || p.Restoration.Amount != 6600 {
		t.Errorf(".com price %+v", p)
	}

	avail, err := reg.CheckAvailability(ctx, []string{"free-name.com", "taken-name.com"})
	if err != nil || avail[0].Status != registrar.StatusAvailable || avail[1].Status != registrar.StatusTaken {
		t.Fatalf("availability %+v, %v", avail, err)
	}

	op := registerUntilDone(t, f, reg)
	checkZoneOfRegistration(t, f, reg, host, op)
}

func registerUntilDone(t *testing.T, f *Fake, reg *regroute53.Registrar) registrar.Operation {
	t.Helper()
	ctx := context.Background()
	op, err := reg.Register(ctx, registrar.RegisterRequest{Domain: "free-name.com", Years: 2, Contact: contact})
	if err != nil {
		t.Fatal(err)
	}

	_, err = reg.Register(ctx, registrar.RegisterRequest{Domain: "free-name.com", Years: 2, Contact: contact})
	if registrar.KindOf(err) != registrar.KindDuplicate {
		t.Fatalf("second Register: %v, want duplicate", err)
	}
	found, err := reg.FindOperations(ctx, "free-name.com", registrar.OpRegister, time.Now().Add(-time.Minute))
	if err != nil || len(found) != 1 || found[0].ID != op.ID || found[0].Status != registrar.OpInProgress {
		t.Fatalf("FindOperations = %+v, %v", found, err)
	}

	if first, _ := reg.Operation(ctx, op.ID); first.Status != registrar.OpInProgress {
		t.Errorf("first read %+v, want in progress", first)
	}
	done, err := reg.Operation(ctx, op.ID)
	if err != nil || done.Status != registrar.OpSucceeded || done.Type != registrar.OpRegister {
		t.Fatalf("second read %+v, %v", done, err)
	}
	if f.Accepted("RegisterDomain") != 1 || f.Calls("RegisterDomain") != 2 {
		t.Errorf("RegisterDomain accepted %d of %d", f.Accepted("RegisterDomain"), f.Calls("RegisterDomain"))
	}
	return done
}

func checkZoneOfRegistration(t *testing.T, f *Fake, reg *regroute53.Registrar, host *dnsroute53.Host, op registrar.Operation) {
	t.Helper()
	ctx := context.Background()
	detail, err := reg.DomainDetail(ctx, "free-name.com")
	if err != nil {
		t.Fatal(err)
	}
	zone, err := host.EnsureZone(ctx, "free-name.com", "item-1:zone")
	if err != nil {
		t.Fatal(err)
	}

	zones := f.Zones()
	if len(zones) != 1 || zones[0].ID != zone.ID || f.Calls("CreateHostedZone") != 0 {
		t.Fatalf("zones %+v, EnsureZone gave %+v, CreateHostedZone calls %d", zones, zone, f.Calls("CreateHostedZone"))
	}
	if len(zone.Nameservers) != 4 || !slices.Equal(zone.Nameservers, detail.Nameservers) {
		t.Errorf("zone name servers %v, domain's %v", zone.Nameservers, detail.Nameservers)
	}
	if detail.Expires.Year() != op.Submitted.Year()+2 {
		t.Errorf("expires %v after %v", detail.Expires, op.Submitted)
	}
}

func TestChangeBatchSemantics(t *testing.T) {
	f := New(t, Config{InSyncAfter: 2})
	_, host := adapters(t, f)
	ctx := context.Background()
	z := f.AddZone("example.com", "seed", false)
	a := dnshost.RecordSet{Name: "www.example.com.", Type: "A", TTL: 300, Values: []string{"192.0.2.1"}}

	info, err := host.Apply(ctx, z.ID, []dnshost.Change{{Action: dnshost.Create, Set: a}})
	if err != nil || info.Status != dnshost.ChangePending {
		t.Fatalf("create: %+v, %v", info, err)
	}
	if st, _ := host.ChangeStatus(ctx, info.ID); st.Status != dnshost.ChangePending {
		t.Errorf("first GetChange %+v", st)
	}
	if st, _ := host.ChangeStatus(ctx, info.ID); st.Status != dnshost.ChangeInSync {
		t.Errorf("second GetChange %+v", st)
	}

	wrong := a
	wrong.TTL = 60
	cname := dnshost.RecordSet{Name: "www.example.com.", Type: "CNAME", TTL: 300, Values: []string{"example.com."}}
	refused := map[string][]dnshost.Change{
		"already exists":             {{Action: dnshost.Create, Set: a}},
		"do not match":               {{Action: dnshost.Delete, Set: wrong}},
		"was not found":              {{Action: dnshost.Delete, Set: cname}},
		"conflicts with other":       {{Action: dnshost.Upsert, Set: cname}},
		"not permitted in zone":      {{Action: dnshost.Upsert, Set: dnshost.RecordSet{Name: "www.example.net.", Type: "A", TTL: 60, Values: []string{"192.0.2.9"}}}},
		"enclosed in quotation":      {{Action: dnshost.Upsert, Set: dnshost.RecordSet{Name: "example.com.", Type: "TXT", TTL: 60, Values: []string{`"a" b`}}}},
		"CharacterStringTooLong":     {{Action: dnshost.Upsert, Set: dnshost.RecordSet{Name: "example.com.", Type: "TXT", TTL: 60, Values: []string{`"` + strings.Repeat("x", 256) + `"`}}}},
		"exactly one NS and one SOA": {{Action: dnshost.Delete, Set: f.RecordSets(z.ID)[0].asDNS()}},
	}
	for text, changes := range refused {
		_, err := host.Apply(ctx, z.ID, changes)
		if !errors.Is(err, dnshost.ErrInvalidChange) || !strings.Contains(err.Error(), text) {
			t.Errorf("%s: err = %v", text, err)
		}
	}
	if got := f.RecordSets(z.ID); len(got) != 3 || len(f.Batches()) != 1 || f.Accepted("ChangeResourceRecordSets") != 1 {
		t.Errorf("a refused batch changed the zone: %+v, batches %+v", got, f.Batches())
	}
}

// asDNS converts for the adapter.
func (s RecordSet) asDNS() dnshost.RecordSet {
	return dnshost.RecordSet{Name: s.Name, Type: s.Type, TTL: uint32(s.TTL), Values: s.Values}
}

func TestWildcardListedEscapedAcrossPages(t *testing.T) {
	f := New(t, Config{RecordPage: 2})
	_, host := adapters(t, f)
	z := f.AddZone("example.com.", "seed", false)
	f.AddRecordSet(z.ID, RecordSet{Name: "*.example.com.", Type: "CNAME", TTL: 300, Values: []string{"lb.example.net"}})
	f.AddRecordSet(z.ID, RecordSet{Name: "Shop-EU.Example.com", Type: "A", TTL: 60, Values: []string{"192.0.2.20"}})

	sets, err := host.RecordSets(context.Background(), z.ID)
	if err != nil {
		t.Fatal(err)
	}

	var names []string
	for _, s := range sets {
		names = append(names, s.Name+" "+s.Type)
	}
	want := []string{"example.com. NS", "example.com. SOA", "*.example.com. CNAME", "shop-eu.example.com. A"}
	if !slices.Equal(names, want) || f.Calls("ListResourceRecordSets") != 2 {
		t.Errorf("sets %v after %d calls, want %v", names, f.Calls("ListResourceRecordSets"), want)
	}
}

// A set of several values is listed whole through the SDK: one
// ResourceRecord per value, as Route 53 writes them.
func TestMultiValueSetsListedWhole(t *testing.T) {
	f := New(t, Config{})
	_, host := adapters(t, f)
	z := f.AddZone("example.org.", "seed", false)
	mx := []string{"10 a.example.org.", "20 b.example.org."}
	f.AddRecordSet(z.ID, RecordSet{Name: "example.org.", Type: "MX", TTL: 3600, Values: mx})

	sets, err := host.RecordSets(context.Background(), z.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, s := range sets {
		got[s.Type] = s.Values
	}
	if !slices.Equal(got["MX"], mx) || len(got["NS"]) != 4 {
		t.Errorf("listed MX %q and NS %q, want both MX values and the four name servers", got["MX"], got["NS"])
	}
}

func TestZoneListingPages(t *testing.T) {
	f := New(t, Config{})
	_, host := adapters(t, f)
	for i := range 101 {
		f.AddZone(fmt.Sprintf("zone-%03d.example", i), fmt.Sprintf("seed-%d", i), false)
	}

	zones, err := host.Zones(context.Background())

	if err != nil || len(zones) != 101 || f.Calls("ListHostedZones") != 2 || f.Calls("CreateHostedZone") != 0 {
		t.Fatalf("zones %d, %v after %v", len(zones), err, f.CallLog())
	}
}

func TestFaults(t *testing.T) {
	f := New(t, Config{ThrottleEvery: 2, PriorRequestNotComplete: 1, LoseRegisterAnswer: true})
	reg, host := adapters(t, f)
	ctx := context.Background()
	z := f.AddZone("example.com.", "seed", false)
	change := []dnshost.Change{{Action: dnshost.Upsert,
		Set: dnshost.RecordSet{Name: "example.com.", Type: "A", TTL: 60, Values: []string{"192.0.2.1"}}}}

	_, err := reg.DomainDetail(ctx, "example.com") // 1: not in the account
	if registrar.KindOf(err) != registrar.KindNotFound {
		t.Errorf("detail: %v", err)
	}
	_, err = host.Apply(ctx, z.ID, change) // 2: throttled
	if !errors.Is(err, dnshost.ErrThrottled) || !strings.Contains(err.Error(), "Throttling") {
		t.Errorf("throttle: %v", err)
	}
	_, err = host.Apply(ctx, z.ID, change) // 3: prior request not complete
	if !errors.Is(err, dnshost.ErrThrottled) || !strings.Contains(err.Error(), "PriorRequestNotComplete") {
		t.Errorf("prior request: %v", err)
	}
	_, err = reg.Register(ctx, registrar.RegisterRequest{Domain: "lost.com", Years: 1, Contact: contact}) // 4: throttled
	if registrar.KindOf(err) != registrar.KindThrottled {
		t.Errorf("register throttled: %v", err)
	}
	_, err = reg.Register(ctx, registrar.RegisterRequest{Domain: "lost.com", Years: 1, Contact: contact}) // 5: answer lost
	if registrar.KindOf(err) != registrar.KindProviderDown {
		t.Errorf("lost answer: %v", err)
	}
	_, err = reg.Register(ctx, registrar.RegisterRequest{Domain: "lost.com", Years: 1, Contact: contact}) // 6: throttled
	if registrar.KindOf(err) != registrar.KindThrottled {
		t.Errorf("register 6: %v", err)
	}

	if f.Throttled() != 3 || len(f.Operations()) != 1 || f.Accepted("ChangeResourceRecordSets") != 0 {
		t.Errorf("throttled %d, operations %+v, batches %d", f.Throttled(), f.Operations(), f.Accepted("ChangeResourceRecordSets"))
	}
}

// recorder stands in for the test to see what the fake reports.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestUnexpectedRequestsFailTheTest(t *testing.T) {
	rec := &recorder{TB: t}
	f := New(rec, Config{})

	for _, req := range []struct{ method, path, target string }{
		{"POST", "/", "Route53Domains_v20140515.DeleteDomain"},
		{"POST", "/", "Route53_20130401.Nothing"},
		{"DELETE", "/2013-04-01/hostedzone/Z1", ""},
		{"GET", "/2013-04-01/healthcheck", ""},
	} {
		r, _ := http.NewRequest(req.method, f.URL()+req.path, strings.NewReader("{}"))
		if req.target != "" {
			r.Header.Set("X-Amz-Target", req.target)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotImplemented {
			t.Errorf("%+v answered %d", req, resp.StatusCode)
		}
	}

	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.errs) != 4 || f.Calls("") != 0 {
		t.Errorf("reported %q, counted %d calls", rec.errs, f.Calls(""))
	}
}
