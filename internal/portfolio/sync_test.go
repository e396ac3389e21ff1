package portfolio_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/portfolio"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/namecheap"
	"github.com/proecommerce/domains/internal/registrar/namecheap/namecheaptest"
	regsandbox "github.com/proecommerce/domains/internal/registrar/sandbox"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

var syncNow = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

type rig struct {
	ctx    context.Context
	db     *sqldb.DB
	st     *store.Store
	clk    *clock.Fake
	tenant store.Tenant
	reg    *regsandbox.Registrar
	sync   *portfolio.Syncer
}

func newRig(t testing.TB, db *sqldb.DB) *rig {
	t.Helper()
	ctx := context.Background()
	clk := clock.NewFake(syncNow)
	st := store.New(db, clk)
	tenant, err := st.CreateTenant(ctx, "Default", true)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := regsandbox.New(db, clk, regsandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &rig{ctx: ctx, db: db, st: st, clk: clk, tenant: tenant, reg: reg,
		sync: portfolio.New(portfolio.Config{Store: st, Clock: clk})}
}

// hold puts a domain in the sandbox registry as its own tables keep it.
func (r *rig) hold(t testing.TB, name string, expires time.Time, autoRenew bool) {
	t.Helper()
	_, err := r.db.Exec(r.ctx, `INSERT INTO sandbox_registry_domains (domain, created_at,
		expires_at, auto_renew, locked, privacy, nameservers, auth_code)
		VALUES (?, ?, ?, ?, TRUE, TRUE, '', 'x')`, name, syncNow.AddDate(-1, 0, 0), expires, autoRenew)
	if err != nil {
		t.Fatal(err)
	}
}

func (r *rig) client(t testing.TB, email string) store.User {
	t.Helper()
	u, err := r.st.CreateUser(r.ctx, store.User{TenantID: r.tenant.ID, Email: email, Name: email,
		Role: store.RoleClient, PasswordHash: "!", Currency: "USD"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (r *rig) domain(t testing.TB, name string) store.PortfolioDomain {
	t.Helper()
	d, err := r.st.PortfolioDomain(r.ctx, r.tenant.ID, name)
	if err != nil {
		t.Fatalf("domain %s: %v", name, err)
	}
	return d
}

func (r *rig) run(t testing.TB, reg registrar.Registrar) portfolio.Summary {
	t.Helper()
	sum, err := r.sync.Sync(r.ctx, reg)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return sum
}

func TestSync101DomainsInPagesOf100(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db)
		for i := range 101 {
			r.hold(t, fmt.Sprintf("bulk%03d.com", i), syncNow.AddDate(1, 0, 0), false)
		}

		sum := r.run(t, r.reg)
		if sum.Pages != 2 || sum.Seen != 101 || sum.Added != 101 || sum.Unassigned != 101 || sum.Errors != 0 {
			t.Fatalf("first sync = %+v, want 2 pages, 101 seen, added and unassigned", sum)
		}
		list, err := r.st.Domains(r.ctx, r.tenant.ID, store.DomainFilter{Unassigned: true, Limit: 500})
		if err != nil || len(list) != 101 {
			t.Fatalf("unassigned domains = %d (%v), want 101", len(list), err)
		}
		d := r.domain(t, "bulk100.com")
		if d.Status != store.DomainActive || !d.ExpiresAt.Equal(syncNow.AddDate(1, 0, 0)) ||
			!d.Locked || !d.Privacy || d.Registrar != "sandbox" || d.TLD != "com" {
			t.Fatalf("bulk100.com = %+v", d)
		}

		again := r.run(t, r.reg)
		if again.Added != 0 || again.Updated != 0 || again.Unchanged != 101 || again.Gone != 0 {
			t.Fatalf("second sync = %+v, want 101 unchanged", again)
		}

		// The operator reads each run's summary in the audit log.
		log, err := r.st.AuditLog(r.ctx, r.tenant.ID, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var summaries []string
		for _, e := range log {
			if e.Action == portfolio.ActionSyncDone && e.Subject == "sandbox" && e.Actor == portfolio.Actor {
				summaries = append(summaries, e.Detail)
			}
		}
		if len(summaries) != 2 || !strings.Contains(strings.Join(summaries, "|"),
			"101 read in 2 pages: 101 added, 0 updated, 0 unchanged, 0 flagged for review, 0 gone, "+
				"0 linked to a client, 101 unassigned") {
			t.Fatalf("sync summaries in the audit log: %q", summaries)
		}
	})
}

func TestSyncNamecheap25DomainsInPagesOf20(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db)
		srv := namecheaptest.New()
		t.Cleanup(srv.Close)
		srv.Now = r.clk.Now
		for i := range 25 {
			srv.AddDomain(namecheaptest.Domain{Name: fmt.Sprintf("nc%02d.net", i),
				Created: syncNow.AddDate(-2, 0, 0), Expires: syncNow.AddDate(0, 6, i),
				Locked: i%2 == 0, Privacy: i == 3, WhoisguardID: 77, AutoRenew: i == 4})
		}
		nc, err := namecheap.New(namecheap.Config{APIUser: namecheaptest.APIUser,
			APIKey: namecheaptest.APIKey, UserName: namecheaptest.UserName,
			ClientIP: namecheaptest.ClientIP, BaseURL: srv.URL, Clock: r.clk, ListPageSize: 20,
			Limiter: namecheap.NewLimiter(r.clk, func(_ context.Context, d time.Duration) error {
				r.clk.Advance(d)
				return nil
			})})
		if err != nil {
			t.Fatal(err)
		}

		sum := r.run(t, nc)
		if sum.Pages != 2 || sum.Added != 25 || sum.AutoRenewOn != 1 || sum.Errors != 0 {
			t.Fatalf("sync = %+v, want 2 pages, 25 added, 1 with auto-renew on", sum)
		}
		var lists []url.Values // the paging calls, not DomainDetail's look-ups by name
		for _, c := range srv.Calls("namecheap.domains.getList") {
			if c.Get("SearchTerm") == "" {
				lists = append(lists, c)
			}
		}
		if len(lists) != 2 || lists[0].Get("PageSize") != "20" || lists[1].Get("Page") != "2" {
			t.Fatalf("getList calls = %v", lists)
		}
		if n := len(srv.Calls("namecheap.domains.getInfo")); n != 25 {
			t.Fatalf("getInfo calls = %d, want one per domain (the list lacks details)", n)
		}
		d3 := r.domain(t, "nc03.net")
		if !d3.Privacy || d3.Locked || d3.Registrar != "namecheap" ||
			!d3.ExpiresAt.Equal(syncNow.AddDate(0, 6, 3).Truncate(24*time.Hour)) {
			t.Fatalf("nc03.net = %+v", d3)
		}
		d4 := r.domain(t, "nc04.net")
		if !d4.RegistrarAutoRenew || !d4.AutoRenew || !d4.Locked {
			t.Fatalf("nc04.net = %+v: registrar auto-renew read, product auto-renew kept", d4)
		}
		if !hasAudit(t, r, "registrar_auto_renew_on", "nc04.net") {
			t.Fatal("no audit entry reports nc04.net's registrar auto-renew")
		}
	})
}

func TestSyncUpperCaseIsTheStoredDomainAndMatches(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db)
		dana := r.client(t, "dana@example.com")
		if _, err := r.st.UpsertDomain(r.ctx, store.Domain{TenantID: r.tenant.ID, Name: "example.com",
			TLD: "com", Status: store.DomainActive, Registrar: "sandbox", AutoRenew: true,
			ExpiresAt: syncNow.AddDate(0, 3, 0)}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.st.AddClientService(r.ctx, r.tenant.ID, dana.ID, "example.com", "hosting"); err != nil {
			t.Fatal(err)
		}
		if _, err := r.st.AddClientService(r.ctx, r.tenant.ID, dana.ID, "xn--bcher-kva.com", "whmcs:domain:7"); err != nil {
			t.Fatal(err)
		}
		r.hold(t, "EXAMPLE.com", syncNow.AddDate(1, 3, 0), false)
		r.hold(t, "xn--bcher-kva.com", syncNow.AddDate(2, 0, 0), false)
		r.hold(t, "stranger.org", syncNow.AddDate(2, 0, 0), false)

		sum := r.run(t, r.reg)
		if sum.Added != 2 || sum.Updated != 1 || sum.Linked != 2 || sum.Unassigned != 1 {
			t.Fatalf("sync = %+v, want 2 added, 1 updated, 2 linked, 1 unassigned", sum)
		}
		d := r.domain(t, "example.com")
		if d.ClientID != dana.ID || !strings.Contains(d.MatchReason, "hosting") ||
			!d.ExpiresAt.Equal(syncNow.AddDate(1, 3, 0)) {
			t.Fatalf("example.com = %+v", d)
		}
		if idn := r.domain(t, "xn--bcher-kva.com"); idn.ClientID != dana.ID ||
			!strings.Contains(idn.MatchReason, "whmcs:domain:7") {
			t.Fatalf("bücher.com = %+v", idn)
		}
		if s := r.domain(t, "stranger.org"); s.ClientID != "" {
			t.Fatalf("stranger.org linked to %s", s.ClientID)
		}
	})
}

func TestSyncFlagsAnImpossibleExpiry(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db)
		held := syncNow.AddDate(0, 5, 0).Truncate(24 * time.Hour)
		for _, n := range []string{"epoch.com", "jump.com"} {
			if _, err := r.st.UpsertDomain(r.ctx, store.Domain{TenantID: r.tenant.ID, Name: n,
				TLD: "com", Status: store.DomainActive, Registrar: "sandbox", ExpiresAt: held}); err != nil {
				t.Fatal(err)
			}
		}
		r.hold(t, "epoch.com", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), false)
		r.hold(t, "jump.com", held.AddDate(4, 0, 0), false)

		sum := r.run(t, r.reg)
		if sum.Flagged != 2 {
			t.Fatalf("sync = %+v, want 2 flagged", sum)
		}
		for _, n := range []string{"epoch.com", "jump.com"} {
			d := r.domain(t, n)
			if !d.NeedsReview || !d.ExpiresAt.Equal(held) || !strings.Contains(d.ReviewNote, held.Format(time.DateOnly)) {
				t.Fatalf("%s = %+v: flagged with the held expiry kept", n, d)
			}
		}
		if note := r.domain(t, "epoch.com").ReviewNote; !strings.Contains(note, "1970-01-01") {
			t.Fatalf("note %q lacks the reported value", note)
		}
	})
}

func TestSyncMarksMissingDomainsGone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db)
		for _, d := range []store.Domain{
			{Name: "left.com", Registrar: "sandbox", Status: store.DomainActive},
			{Name: "elsewhere.com", Registrar: "route53", Status: store.DomainActive},
			{Name: "stays.com", Registrar: "sandbox", Status: store.DomainActive},
		} {
			d.TenantID, d.TLD, d.ExpiresAt = r.tenant.ID, "com", syncNow.AddDate(1, 0, 0)
			if _, err := r.st.UpsertDomain(r.ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		r.hold(t, "stays.com", syncNow.AddDate(1, 0, 0), false)
		r.clk.Advance(time.Hour)

		sum := r.run(t, r.reg)
		if sum.Gone != 1 {
			t.Fatalf("sync = %+v, want 1 gone", sum)
		}
		if d := r.domain(t, "left.com"); d.Status != store.DomainGone {
			t.Fatalf("left.com = %s, want gone", d.Status)
		}
		for _, n := range []string{"elsewhere.com", "stays.com"} {
			if d := r.domain(t, n); d.Status != store.DomainActive {
				t.Fatalf("%s = %s, want active", n, d.Status)
			}
		}
		if !hasAudit(t, r, "domain_gone", "left.com") {
			t.Fatal("no audit entry tells the operator left.com is gone")
		}
	})
}

func TestCheckExpiry(t *testing.T) {
	held := time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		reported time.Time
		years    int
		bad      bool
	}{
		{time.Time{}, 1, true},
		{time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), 1, true},
		{held.AddDate(1, 0, 0), 1, false},
		{held.AddDate(2, 0, 0), 1, true},
		{held.AddDate(5, 0, 0), 5, false},
		{held.AddDate(0, -2, 0), 1, false},
	}
	for _, c := range cases {
		if got := portfolio.CheckExpiry(held, c.reported, c.years) != ""; got != c.bad {
			t.Errorf("CheckExpiry(%s, %d years) flagged = %t, want %t", c.reported, c.years, got, c.bad)
		}
	}
}

func hasAudit(t testing.TB, r *rig, action, subject string) bool {
	t.Helper()
	log, err := r.st.AuditLog(r.ctx, r.tenant.ID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if e.Action == action && e.Subject == subject {
			return true
		}
	}
	return false
}

func TestSyncNamesReadsOneDomainNow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db)
		for _, n := range []string{"kept.com", "lost.com", "other.com"} {
			if _, err := r.st.UpsertDomain(r.ctx, store.Domain{TenantID: r.tenant.ID, Name: n, TLD: "com",
				Status: store.DomainActive, Registrar: "sandbox", ExpiresAt: syncNow.AddDate(0, 1, 0)}); err != nil {
				t.Fatal(err)
			}
		}
		r.hold(t, "kept.com", syncNow.AddDate(1, 1, 0), true)

		regs := lookup{"sandbox": r.reg}
		sum, err := r.sync.SyncNames(r.ctx, regs, r.tenant.ID, []string{"KEPT.com", "lost.com"})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Seen != 2 || sum.Updated != 1 || sum.Gone != 1 || sum.AutoRenewOn != 1 {
			t.Fatalf("sync now = %+v", sum)
		}
		if d := r.domain(t, "kept.com"); !d.ExpiresAt.Equal(syncNow.AddDate(1, 1, 0)) || !d.RegistrarAutoRenew {
			t.Fatalf("kept.com = %+v", d)
		}
		if d := r.domain(t, "lost.com"); d.Status != store.DomainGone {
			t.Fatalf("lost.com = %s, want gone", d.Status)
		}
		if d := r.domain(t, "other.com"); d.Status != store.DomainActive {
			t.Fatal("sync now of a selection marked another domain gone")
		}
		if _, err := r.sync.SyncNames(r.ctx, regs, r.tenant.ID, []string{"nowhere.com"}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown name: %v", err)
		}
	})
}

type lookup map[string]registrar.Registrar

func (l lookup) Registrar(name string) (registrar.Registrar, bool) {
	r, ok := l[name]
	return r, ok
}

// listFails is the sandbox registrar refusing its domain list.
type listFails struct{ *regsandbox.Registrar }

func (listFails) ListDomains(context.Context, string) (registrar.DomainPage, error) {
	return registrar.DomainPage{}, registrar.Errorf(registrar.KindUnavailable, "throttled")
}

func TestSyncFailureIsReportedAndMarksNothingGone(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db)
		if _, err := r.st.UpsertDomain(r.ctx, store.Domain{TenantID: r.tenant.ID, Name: "kept.com",
			TLD: "com", Status: store.DomainActive, Registrar: "sandbox",
			ExpiresAt: syncNow.AddDate(1, 0, 0)}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.sync.Sync(r.ctx, listFails{r.reg}); err == nil {
			t.Fatal("a refused list was no error")
		}
		if d := r.domain(t, "kept.com"); d.Status != store.DomainActive {
			t.Fatalf("kept.com = %s after a failed run, want active", d.Status)
		}
		log, err := r.st.AuditLog(r.ctx, r.tenant.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range log {
			if e.Action == portfolio.ActionSyncFailed && strings.Contains(e.Detail, "throttled") {
				return
			}
		}
		t.Fatalf("no %s entry tells the operator: %+v", portfolio.ActionSyncFailed, log)
	})
}

// A name found at the registrar is linked to the client who ordered it
// (the reason names the order); a name two clients claim is linked to
// neither, stays unassigned and is reported.
func TestSyncLinksByOrderAndLeavesAmbiguousUnassigned(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		r := newRig(t, db)
		eve, finn := r.client(t, "eve@example.com"), r.client(t, "finn@example.com")
		o := &store.Order{TenantID: r.tenant.ID, ClientID: eve.ID, Total: money.New(1440, "USD"),
			Items: []store.Item{{Type: store.ItemRegister, Domain: "ordered.com", Registrar: "sandbox",
				Years: 1, Amount: money.New(1440, "USD"), State: store.ItemFailed}}}
		if err := r.st.CreateOrder(r.ctx, o); err != nil {
			t.Fatal(err)
		}
		for _, c := range []store.User{eve, finn} {
			if _, err := r.st.AddClientService(r.ctx, r.tenant.ID, c.ID, "shared.com", "hosting"); err != nil {
				t.Fatal(err)
			}
		}
		r.hold(t, "ordered.com", syncNow.AddDate(1, 0, 0), false)
		r.hold(t, "shared.com", syncNow.AddDate(1, 0, 0), false)

		sum := r.run(t, r.reg)
		if sum.Added != 2 || sum.Linked != 1 || sum.Unassigned != 1 {
			t.Fatalf("sync = %+v, want 2 added, 1 linked, 1 unassigned", sum)
		}
		if d := r.domain(t, "ordered.com"); d.ClientID != eve.ID || !strings.Contains(d.MatchReason, "order "+o.ID) {
			t.Fatalf("ordered.com = %+v, want linked to Eve by her order", d)
		}
		if d := r.domain(t, "shared.com"); d.ClientID != "" {
			t.Fatalf("shared.com linked to %s although two clients claim it", d.ClientID)
		}
		if !hasAudit(t, r, "match_ambiguous", "shared.com") {
			t.Fatal("the ambiguous match of shared.com is not reported")
		}
	})
}
