package whmcs_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/portfolio"
	regsandbox "github.com/proecommerce/domains/internal/registrar/sandbox"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
	"github.com/proecommerce/domains/internal/whmcs"
)

// TestImportThenSync: an export of 3 clients and 10 domains, 2 of whose
// names the registrar no longer holds, and a registrar holding 3 names the
// export lacks (one of them a hosting service of client 2).
func TestImportThenSync(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := newImportRig(t, db)
		expiry := time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)
		clients := "id,firstname,lastname,email,currency\n" +
			"1,Ann,Lee,ann@example.com,\n2,Bo,Ng,bo@example.com,\n3,Cy,Ro,cy@example.com,\n"
		var domains strings.Builder
		domains.WriteString("id,userid,domain,recurringamount,registrar,registrationperiod," +
			"expirydate,status,nextduedate,idprotection,donotrenew\n")
		owner := []int{1, 1, 1, 1, 2, 2, 2, 3, 3, 3}
		for i := 1; i <= 10; i++ {
			fmt.Fprintf(&domains, "%d,%d,A%d-Example.com,12.00,sandbox,1,2027-06-01,Active,2027-06-01,1,0\n",
				i, owner[i-1], i)
		}
		rep := r.run(t, whmcs.Files{Clients: strings.NewReader(clients),
			Domains: strings.NewReader(domains.String())}, false)
		if rep.ClientsCreated != 3 || rep.DomainsCreated != 10 || rep.Flagged != 0 || len(rep.Refused) != 0 {
			t.Fatalf("import = %+v", rep)
		}

		bo, err := r.st.UserByEmail(r.ctx, r.tenant.ID, "bo@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.st.AddClientService(r.ctx, r.tenant.ID, bo.ID, "site-example.net", "hosting"); err != nil {
			t.Fatal(err)
		}

		reg, err := regsandbox.New(db, r.clk, regsandbox.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 8; i++ {
			exp := expiry
			if i == 3 {
				exp = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			hold(t, db, r, fmt.Sprintf("a%d-example.com", i), exp)
		}
		for _, n := range []string{"x1-example.com", "x2-example.org", "site-example.net"} {
			hold(t, db, r, n, expiry)
		}
		r.clk.Advance(time.Hour)

		sync := portfolio.New(portfolio.Config{Store: r.st, Clock: r.clk})
		sum, err := sync.Sync(r.ctx, reg)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Seen != 11 || sum.Added != 3 || sum.Linked != 1 || sum.Unassigned != 2 ||
			sum.Flagged != 1 || sum.Gone != 2 || sum.Errors != 0 {
			t.Fatalf("sync = %+v; want 11 seen, 3 added, 1 linked, 2 unassigned, 1 flagged, 2 gone", sum)
		}
		if d := r.domain(t, "site-example.net"); d.ClientID != bo.ID || !strings.Contains(d.MatchReason, "hosting") {
			t.Fatalf("site-example.net = %+v, want linked to Bo by the hosting service", d)
		}
		if d := r.domain(t, "a3-example.com"); !d.NeedsReview || !d.ExpiresAt.Equal(expiry) {
			t.Fatalf("a3-example.com = %+v, want flagged with the export's expiry kept", d)
		}
		for _, n := range []string{"a9-example.com", "a10-example.com"} {
			if d := r.domain(t, n); d.Status != store.DomainGone {
				t.Fatalf("%s = %s, want gone", n, d.Status)
			}
		}

		again := r.run(t, whmcs.Files{Clients: strings.NewReader(clients),
			Domains: strings.NewReader(domains.String())}, false)
		if again.DomainsUnchanged != 10 || again.DomainsUpdated != 0 || again.DomainsCreated != 0 {
			t.Fatalf("import after sync = %+v, want nothing changed (the sync's facts stand)", again)
		}
	})
}

func hold(t *testing.T, db *sqldb.DB, r *importRig, name string, expires time.Time) {
	t.Helper()
	_, err := db.Exec(r.ctx, `INSERT INTO sandbox_registry_domains (domain, created_at, expires_at,
		auto_renew, locked, privacy, nameservers, auth_code) VALUES (?, ?, ?, FALSE, TRUE, TRUE, '', 'x')`,
		name, r.clk.Now().AddDate(-1, 0, 0), expires)
	if err != nil {
		t.Fatal(err)
	}
}
