package whmcs_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/auth"
	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
	"github.com/proecommerce/domains/internal/whmcs"
)

type importRig struct {
	ctx    context.Context
	st     *store.Store
	clk    *clock.Fake
	tenant store.Tenant
	im     *whmcs.Importer
}

func newImportRig(t *testing.T, db *sqldb.DB) *importRig {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewFake(time.Date(2025, 12, 2, 10, 0, 0, 0, time.UTC))
	st := store.New(db, clk)
	tenant, err := st.CreateTenant(ctx, "Default", true)
	if err != nil {
		t.Fatal(err)
	}
	return &importRig{ctx: ctx, st: st, clk: clk, tenant: tenant, im: &whmcs.Importer{Store: st}}
}

func sampleFiles(t *testing.T, withCurrencies bool) whmcs.Files {
	t.Helper()
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = f.Close() })
		return f
	}
	f := whmcs.Files{Clients: open("clients.csv"), Domains: open("domains.csv")}
	if withCurrencies {
		f.Currencies = open("currencies.csv")
	}
	return f
}

func (r *importRig) run(t *testing.T, f whmcs.Files, dry bool) whmcs.Report {
	t.Helper()
	rep, err := r.im.Import(r.ctx, f, whmcs.Options{TenantID: r.tenant.ID, DryRun: dry})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

func (r *importRig) domain(t *testing.T, name string) store.PortfolioDomain {
	t.Helper()
	d, err := r.st.PortfolioDomain(r.ctx, r.tenant.ID, name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d
}

// TestImportSampleExport checks the outcomes shared/data/whmcs/README.md
// lists for the sample export (copied into testdata).
func TestImportSampleExport(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := newImportRig(t, db)
		rep := r.run(t, sampleFiles(t, true), false)

		if len(rep.Refused) != 0 {
			t.Fatalf("refused rows: %v", rep.Refused)
		}
		if rep.Currencies != 4 || rep.ClientsCreated != 12 || rep.DomainsCreated != 59 ||
			rep.DomainsUpdated != 1 || rep.Unassigned != 3 || rep.Flagged != 17 {
			t.Fatalf("report = %+v; want 4 currencies, 12 clients, 59 domains created, "+
				"1 updated (the name twice), 3 unassigned, 17 flagged", rep)
		}

		all, err := r.st.Domains(r.ctx, r.tenant.ID, store.DomainFilter{Limit: 500})
		if err != nil || len(all) != 59 {
			t.Fatalf("domains = %d (%v), want the 59 distinct names", len(all), err)
		}
		un, _ := r.st.Domains(r.ctx, r.tenant.ID, store.DomainFilter{Unassigned: true, Limit: 500})
		if got := names(un); got != "formerclient-example.org ghost-example.io legacy-example.com" {
			t.Fatalf("unassigned = %s", got)
		}
		checkStatuses(t, all)
		checkSampleDomains(t, r)
		checkSampleClients(t, r)

		tn, err := r.st.Tenant(r.ctx, r.tenant.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"USD": "1", "EUR": "0.86", "GBP": "0.76", "JPY": "155"}
		for c, v := range want {
			if tn.Settings.ExchangeRates[c] != v {
				t.Fatalf("exchange rates = %v, want %v", tn.Settings.ExchangeRates, want)
			}
		}
	})
}

func checkStatuses(t *testing.T, all []store.Domain) {
	t.Helper()
	counts := map[string]int{}
	for _, d := range all {
		counts[d.Status]++
	}
	// 30 Active rows less the gone row of the name twice (it is the same
	// domain, live), 13 gone rows less that one.
	want := map[string]int{"active": 30, "pending": 5, "transferring": 5, "expired": 7, "gone": 12}
	for s, n := range want {
		if counts[s] != n {
			t.Fatalf("statuses = %v, want %v", counts, want)
		}
	}
}

func checkSampleDomains(t *testing.T, r *importRig) {
	t.Helper()
	oy := r.domain(t, "oyelaran-example.com")
	if oy.Status != store.DomainActive || oy.Registrar != "route53" || oy.SourceStatus != "Active" ||
		oy.ImportRef != "whmcs:53" {
		t.Fatalf("oyelaran-example.com = %+v, want the live route53 row", oy)
	}
	sak := r.domain(t, "sakura-example.net")
	if sak.RenewalAmount == nil || *sak.RenewalAmount != 22000 || sak.RenewalCurrency != "JPY" ||
		sak.RenewalYears != 10 {
		t.Fatalf("sakura-example.net renewal = %v %s %d, want 22000 JPY for 10 years",
			sak.RenewalAmount, sak.RenewalCurrency, sak.RenewalYears)
	}
	hs := r.domain(t, "harbourside-example.co.uk")
	if hs.Registrar != "nominet" || !hs.NeedsReview || !strings.Contains(hs.ReviewNote, "nominet") ||
		*hs.RenewalAmount != 1598 || hs.RenewalCurrency != "GBP" || hs.TLD != "co.uk" {
		t.Fatalf("harbourside-example.co.uk = %+v", hs)
	}
	for _, n := range []string{"kaiservogel-example.de", "xn--bcher-example-wob.de"} {
		r.domain(t, n)
	}
	away := r.domain(t, "formerclient-example.org")
	if away.Status != store.DomainGone || away.SourceStatus != "Transferred Away" {
		t.Fatalf("formerclient-example.org = %s (%s)", away.Status, away.SourceStatus)
	}
	if p := r.domain(t, "harbourlights-example.com"); !p.ExpiresAt.IsZero() || p.Status != store.DomainTransferring {
		t.Fatalf("harbourlights-example.com = %+v, want no expiry while transferring", p)
	}
	if d := r.domain(t, "oyelaran-example.org"); d.AutoRenew {
		t.Fatal("oyelaran-example.org has donotrenew = 1 but auto-renew is on")
	} else if no, err := r.st.RenewalCancelled(r.ctx, d.ID); err != nil || !no {
		t.Fatalf("oyelaran-example.org (donotrenew = 1): renewal cancelled %v (%v), want true", no, err)
	}
	if d := r.domain(t, "example.com"); d.AutoRenew {
		if no, err := r.st.RenewalCancelled(r.ctx, d.ID); err != nil || no {
			t.Fatalf("example.com (donotrenew = 0): renewal cancelled %v (%v), want false", no, err)
		}
	}
	if e := r.domain(t, "example.com"); !e.ExpiresAt.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) || !e.AutoRenew {
		t.Fatalf("example.com = %+v", e)
	}
}

func checkSampleClients(t *testing.T, r *importRig) {
	t.Helper()
	priya, err := r.st.UserByEmail(r.ctx, r.tenant.ID, "priya.n@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if priya.Role != store.RoleClient || priya.Currency != "USD" || priya.Name != "Priya Natarajan" {
		t.Fatalf("client 3 = %+v", priya)
	}
	if auth.CheckPassword(priya.PasswordHash, "") == nil || strings.HasPrefix(priya.PasswordHash, "$argon2") {
		t.Fatal("an imported client's password hash must match no password")
	}
	clients, _ := r.st.Clients(r.ctx, r.tenant.ID)
	jpy := 0
	for _, c := range clients {
		if c.Currency == "JPY" {
			jpy++
		}
	}
	if len(clients) != 12 || jpy != 1 {
		t.Fatalf("clients = %d with %d in JPY, want 12 and 1", len(clients), jpy)
	}
}

func TestImportTwiceChangesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := newImportRig(t, db)
		r.run(t, sampleFiles(t, true), false)
		before := r.domain(t, "oyelaran-example.com")
		r.clk.Advance(time.Hour)

		rep := r.run(t, sampleFiles(t, true), false)
		if rep.ClientsCreated != 0 || rep.ClientsKnown != 12 || rep.DomainsCreated != 0 ||
			rep.DomainsUpdated != 0 || rep.DomainsUnchanged != 59 || rep.Superseded != 1 ||
			rep.RatesChanged || len(rep.Refused) != 0 {
			t.Fatalf("second import = %+v, want nothing changed", rep)
		}
		if after := r.domain(t, "oyelaran-example.com"); !after.UpdatedAt.Equal(before.UpdatedAt) {
			t.Fatal("the second import wrote a domain")
		}
	})
}

func TestImportDryRunWritesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := newImportRig(t, db)
		rep := r.run(t, sampleFiles(t, true), true)
		if rep.ClientsCreated != 12 || rep.DomainsCreated != 59 || len(rep.Refused) != 0 {
			t.Fatalf("dry run = %+v", rep)
		}
		if all, _ := r.st.Domains(r.ctx, r.tenant.ID, store.DomainFilter{}); len(all) != 0 {
			t.Fatalf("dry run wrote %d domains", len(all))
		}
		if c, _ := r.st.Clients(r.ctx, r.tenant.ID); len(c) != 0 {
			t.Fatalf("dry run wrote %d clients", len(c))
		}
	})
}

func TestImportListsRefusedRows(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := newImportRig(t, db)
		clients := "id,firstname,lastname,email,currency\n1,Ann,Lee,ann@example.com,\n2,Bo,Ng,not-an-email,\n3,Cy,Ro,cy@example.com,7\n"
		domains := "id,userid,domain,recurringamount,registrar,registrationperiod,expirydate,status,nextduedate,idprotection,donotrenew\n" +
			"1,1,good-example.com,10.00,route53,1,2027-01-01,Active,2027-01-01,1,0\n" +
			"2,1,bad_name!.com,10.00,route53,1,2027-01-01,Active,2027-01-01,0,0\n" +
			"3,1,odd-example.com,10.00,route53,1,2027-01-01,Sleeping,2027-01-01,0,0\n" +
			"4,1,cents-example.com,10.005,route53,1,2027-01-01,Active,2027-01-01,0,0\n"
		rep := r.run(t, whmcs.Files{Clients: strings.NewReader(clients), Domains: strings.NewReader(domains)}, false)

		if rep.ClientsCreated != 1 || rep.DomainsCreated != 1 || len(rep.Refused) != 5 {
			t.Fatalf("report = %+v, want 1 client, 1 domain and 5 refusals", rep)
		}
		var why []string
		for _, f := range rep.Refused {
			why = append(why, f.String())
		}
		joined := strings.Join(why, "\n")
		for _, want := range []string{"clients line 3 (id 2): e-mail", "currency id 7 is unknown",
			"domains line 3 (id 2)", `status "Sleeping"`, "recurringamount \"10.005\""} {
			if !strings.Contains(joined, want) {
				t.Fatalf("refusals lack %q:\n%s", want, joined)
			}
		}
		if d := r.domain(t, "good-example.com"); !d.Privacy || d.NeedsReview || d.RenewalCurrency != "USD" {
			t.Fatalf("good-example.com = %+v", d)
		}
	})
}

func names(ds []store.Domain) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Name)
	}
	return strings.Join(out, " ")
}
