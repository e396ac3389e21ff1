package sandbox

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/sqldb"
)

func TestRenewYearGuard(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		b.register(t, "my-shop.com", 1)
		before := b.detail(t, "my-shop.com").Expires // 2027-03-10

		_, err := b.r.Renew(b.ctx, "my-shop.com", 2026, 1)
		wantKind(t, err, registrar.KindInvalid, "current_expiry_year")

		op, err := b.r.Renew(b.ctx, "my-shop.com", 2027, 2)
		if err != nil {
			t.Fatal(err)
		}
		wantOp(t, op, registrar.OpSucceeded, "")
		if op.Type != registrar.OpRenew {
			t.Errorf("type = %s", op.Type)
		}
		if got := b.detail(t, "my-shop.com").Expires; !got.Equal(before.AddDate(2, 0, 0)) {
			t.Errorf("expires %v, want %v", got, before.AddDate(2, 0, 0))
		}

		_, err = b.r.Renew(b.ctx, "my-shop.com", 2027, 2) // a replay
		wantKind(t, err, registrar.KindInvalid, "current_expiry_year")
		_, err = b.r.Renew(b.ctx, "my-shop.com", 2029, 9)
		wantKind(t, err, registrar.KindInvalid, "years")
		_, err = b.r.Renew(b.ctx, "other.com", 2027, 1)
		wantKind(t, err, registrar.KindNotFound, "")

		ops, _ := b.r.FindOperations(b.ctx, "my-shop.com", registrar.OpRenew, start)
		if len(ops) != 1 || ops[0].ID != op.ID {
			t.Errorf("renew operations = %+v", ops)
		}
	})
}

func TestDomainSettings(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		b.register(t, "my-shop.com", 1)
		b.register(t, "my-shop.de", 1)

		_, err := b.r.SetPrivacy(b.ctx, "my-shop.de", true)
		wantKind(t, err, registrar.KindUnsupported, "")
		_, err = b.r.SetLock(b.ctx, "my-shop.de", true)
		wantKind(t, err, registrar.KindUnsupported, "")
		if d := b.detail(t, "my-shop.de"); d.Locked || d.Privacy {
			t.Errorf(".de detail = %+v", d)
		}

		steps := []func() (registrar.Operation, error){
			func() (registrar.Operation, error) { return b.r.SetPrivacy(b.ctx, "my-shop.com", true) },
			func() (registrar.Operation, error) { return b.r.SetAutoRenew(b.ctx, "my-shop.com", true) },
			func() (registrar.Operation, error) { return b.r.SetLock(b.ctx, "my-shop.com", false) },
			func() (registrar.Operation, error) {
				return b.r.SetNameservers(b.ctx, "my-shop.com", []string{"NS1.Host.test.", "ns2.host.test"})
			},
		}
		for i, step := range steps {
			op, err := step()
			if err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			wantOp(t, op, registrar.OpSucceeded, "")
		}

		d := b.detail(t, "my-shop.com")
		if !d.Privacy || !d.AutoRenew || d.Locked ||
			!slices.Equal(d.Nameservers, []string{"ns1.host.test", "ns2.host.test"}) ||
			!slices.Equal(d.Statuses, []string{"ok"}) {
			t.Errorf("detail = %+v", d)
		}
		ops, _ := b.r.FindOperations(b.ctx, "my-shop.com", registrar.OpLock, start)
		if len(ops) != 1 {
			t.Errorf("lock operations = %+v", ops)
		}

		_, err = b.r.SetNameservers(b.ctx, "my-shop.com", nil)
		wantKind(t, err, registrar.KindInvalid, "nameservers")
		_, err = b.r.SetAutoRenew(b.ctx, "other.com", true)
		wantKind(t, err, registrar.KindNotFound, "")
		_, err = b.r.AuthCode(b.ctx, "other.com")
		wantKind(t, err, registrar.KindNotFound, "")
	})
}

func TestListDomainsPages(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		for i := range 205 {
			d := domainRow{Domain: fmt.Sprintf("shop%03d.com", i), Created: start,
				Expires: start.AddDate(1, 0, 0), AuthCode: "x"}
			if err := insertDomain(b.ctx, db, d); err != nil {
				t.Fatal(err)
			}
		}

		var got []string
		cursor, pages := "", 0
		for {
			page, err := b.r.ListDomains(b.ctx, cursor)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, d := range page.Domains {
				got = append(got, d.Domain)
				if !d.HasDetail || !d.Expires.Equal(start.AddDate(1, 0, 0)) {
					t.Fatalf("summary = %+v", d)
				}
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		if pages != 3 || len(got) != 205 || got[0] != "shop000.com" || got[204] != "shop204.com" {
			t.Errorf("pages %d, %d domains, first %s last %s", pages, len(got), got[0], got[len(got)-1])
		}
	})
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		got, err := b.r.Suggest(b.ctx, "taken-shop.com", 14)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 14 {
			t.Fatalf("got %d suggestions", len(got))
		}
		if got[0].Domain != "taken-shop.net" || got[0].Status != registrar.StatusTaken {
			t.Errorf("first = %+v", got[0])
		}
		available := 0
		for _, a := range got {
			if a.Domain == "taken-shop.com" {
				t.Errorf("the name asked about was suggested")
			}
			want := registrar.StatusAvailable
			if strings.HasPrefix(a.Domain, "taken-") {
				want = registrar.StatusTaken
			} else {
				available++
			}
			if a.Status != want {
				t.Errorf("%s: %s, want %s", a.Domain, a.Status, want)
			}
		}
		if available == 0 {
			t.Errorf("no available suggestion among %+v", got)
		}

		_, err = b.r.Suggest(b.ctx, "bad_word", 3)
		wantKind(t, err, registrar.KindInvalid, "domain")
	})
}
