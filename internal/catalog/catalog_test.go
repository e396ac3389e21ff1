package catalog_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	regsandbox "github.com/proecommerce/domains/internal/registrar/sandbox"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
	"github.com/proecommerce/domains/internal/validate"
)

// counting wraps a registrar and counts availability calls.
type counting struct {
	registrar.Registrar
	checks int
}

func (c *counting) CheckAvailability(ctx context.Context, d []string) ([]registrar.Availability, error) {
	c.checks++
	return c.Registrar.CheckAvailability(ctx, d)
}

type regs struct{ r registrar.Registrar }

func (r regs) Registrar(name string) (registrar.Registrar, bool) { return r.r, name == "sandbox" }
func (regs) Default() string                                     { return "sandbox" }

type fixture struct {
	cat    *catalog.Catalog
	st     *store.Store
	tenant store.Tenant
	reg    *counting
	clk    *clock.Fake
}

func newFixture(t testing.TB) fixture {
	t.Helper()
	ctx := context.Background()
	db := testdb.SQLite(t)
	clk := clock.NewFake(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC))
	st := store.New(db, clk)
	sb, err := regsandbox.New(db, clk, regsandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	prices, _ := sb.Prices(ctx)
	if err := st.ReplacePrices(ctx, "sandbox", prices); err != nil {
		t.Fatal(err)
	}
	ten, _ := st.CreateTenant(ctx, "T", true)
	tlds := make([]string, 0, len(prices))
	for _, p := range prices {
		tlds = append(tlds, p.TLD)
	}
	if err := st.EnableTLDs(ctx, ten.ID, "sandbox", tlds); err != nil {
		t.Fatal(err)
	}
	reg := &counting{Registrar: sb}
	logger := slog.New(slog.DiscardHandler)
	return fixture{cat: catalog.New(st, regs{reg}, clk, logger), st: st, tenant: ten, reg: reg, clk: clk}
}

func TestOfferAppliesMarkupExactly(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	o, err := f.cat.Offer(ctx, f.tenant, "USD", "com")
	if err != nil {
		t.Fatal(err)
	}
	// 12.00 USD cost + 20 % = 14.40.
	if *o.Registration != money.New(1440, "USD") || o.MinYears != 1 || o.MaxYears != 10 {
		t.Errorf("com offer %+v", o)
	}

	tt, _ := f.st.TenantTLD(ctx, f.tenant.ID, "net")
	tt.Markup = &store.Markup{Percent: "2.5", Fixed: money.Zero("USD")}
	if err := f.st.UpdateTenantTLD(ctx, tt); err != nil {
		t.Fatal(err)
	}
	net, _ := f.cat.Offer(ctx, f.tenant, "USD", "net")
	// 11.00 USD + 2.5 % = 11.275, rounded up to 11.28.
	if *net.Registration != money.New(1128, "USD") {
		t.Errorf("net with 2.5%%: %v", net.Registration)
	}
}

func TestParseNameNamesTheRule(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cases := map[string]string{
		"-bad.com":      "invalid",
		"my_shop.com":   "invalid",
		"shop.notatld":  "unsupported_tld",
		"foo.github.io": "invalid",
	}
	for in, code := range cases {
		_, _, err := f.cat.ParseName(ctx, f.tenant, "domain", in)
		fe, ok := validate.As(err)
		if !ok || fe.Code != code || fe.Field != "domain" {
			t.Errorf("%s: %v, want code %s on field domain", in, err, code)
		}
	}
	n, o, err := f.cat.ParseName(ctx, f.tenant, "domain", "Shop.CO.UK.")
	if err != nil || n.ASCII != "shop.co.uk" || o.TLD != "co.uk" {
		t.Errorf("co.uk: %+v %+v %v", n, o, err)
	}
}

func TestCheckPremiumAndCache(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	n, _ := domainname.Parse("premium-shop.com")
	o, _ := f.cat.Offer(ctx, f.tenant, "USD", "com")

	q, err := f.cat.Check(ctx, f.tenant, "USD", n, o)
	if err != nil {
		t.Fatal(err)
	}
	// Ten times the 12.00 cost, then the 20 % markup.
	if q.Status != registrar.StatusPremium || !q.Premium || q.Price != money.New(14400, "USD") {
		t.Errorf("premium quote %+v", q)
	}
	if _, err := f.cat.Check(ctx, f.tenant, "USD", n, o); err != nil || f.reg.checks != 1 {
		t.Errorf("second check within the cache time called the registrar (%d calls)", f.reg.checks)
	}
	f.clk.Advance(time.Minute)
	_, _ = f.cat.Check(ctx, f.tenant, "USD", n, o)
	if f.reg.checks != 2 {
		t.Errorf("an expired cache entry was used (%d calls)", f.reg.checks)
	}

	f.tenant.Settings.Premium = "refuse"
	q, _ = f.cat.Check(ctx, f.tenant, "USD", n, o)
	if q.Status != registrar.StatusTaken {
		t.Errorf("premium refused by policy: status %s", q.Status)
	}
}

func TestFeaturedLeavesOutUnsoldTLDs(t *testing.T) {
	f := newFixture(t)
	names, offers, err := f.cat.Featured(context.Background(), f.tenant, "USD", "my-shop")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for i, n := range names {
		got[n.TLD] = true
		if offers[i].TLD != n.TLD {
			t.Errorf("offer %s for %s", offers[i].TLD, n.ASCII)
		}
	}
	// Route 53 sells com, net, org, io, co, xyz and online of the default
	// featured list, and not dev, app, ai, store or shop.
	for _, tld := range []string{"com", "net", "org", "io", "co", "xyz", "online"} {
		if !got[tld] {
			t.Errorf("featured .%s missing", tld)
		}
	}
	for _, tld := range []string{"dev", "app", "ai"} {
		if got[tld] {
			t.Errorf(".%s is not sold but was searched", tld)
		}
	}
}

// BenchmarkSearchFanOut measures a keyword search across the featured TLDs
// (availability checks run concurrently against the sandbox registry).
func BenchmarkSearchFanOut(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		f.cat.Forget("") // no-op; each word below is new, so nothing is cached
		names, offers, err := f.cat.Featured(ctx, f.tenant, "USD", "shop"+itoa(i))
		if err != nil {
			b.Fatal(err)
		}
		for range f.cat.Stream(ctx, f.tenant, "USD", names, offers) {
		}
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{digits[i%10]}, b...)
	}
	return string(b)
}
