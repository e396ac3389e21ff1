package renewal

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/testdb"
	"github.com/proecommerce/domains/internal/whmcs"
)

// The sample WHMCS export (internal/whmcs/testdata) holds eight domains
// expiring from 2027-01-01 to 2027-02-15; the run as of 2027-01-01
// invoices exactly the four that are active, have a client and are not
// marked "do not renew", each at its imported recurring amount in its
// client's currency. The days either side of the window stay out.
func TestInvoiceRunOverTheSampleExport(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db)
		must(t, b.st.EnableTLDs(b.ctx, b.tenant.ID, "sandbox", []string{"org", "net", "app"}))
		importSample(t, b)

		res, err := b.svc.InvoiceRun(b.ctx, asOf, false, nil)
		must(t, err)

		got := map[string]money.Money{}
		due := map[string]time.Time{}
		var names []string
		for _, p := range res.Planned {
			if p.Created {
				got[p.Domain], due[p.Domain] = p.Amount, p.DueAt
				names = append(names, p.Domain)
			}
		}
		sort.Strings(names)
		want := map[string]money.Money{
			"example.com":         money.New(1495, "USD"),
			"example.co.uk":       money.New(799, "GBP"),
			"sakura-example.com":  money.New(1980, "JPY"),
			"garnier-example.org": money.New(1490, "EUR"),
		}
		if len(got) != len(want) || res.Created != len(want) {
			t.Fatalf("invoiced %v (created %d, skipped %d), want %v", names, res.Created, res.Skipped, want)
		}
		for d, m := range want {
			if got[d] != m {
				t.Errorf("%s invoiced at %v, want %v", d, got[d], m)
			}
		}
		// Expiring on the run's day: due at once. On the window's last
		// day: due a week before.
		if !due["example.com"].Equal(asOf) || !due["garnier-example.org"].Equal(date("2027-02-08")) {
			t.Errorf("due dates %v", due)
		}
	})
}

func importSample(t *testing.T, b *bundle) {
	t.Helper()
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join("..", "whmcs", "testdata", name))
		must(t, err)
		t.Cleanup(func() { _ = f.Close() })
		return f
	}
	im := &whmcs.Importer{Store: b.st}
	rep, err := im.Import(b.ctx, whmcs.Files{Clients: open("clients.csv"), Domains: open("domains.csv"),
		Currencies: open("currencies.csv")}, whmcs.Options{TenantID: b.tenant.ID})
	must(t, err)
	if len(rep.Refused) != 0 {
		t.Fatalf("import refused %v", rep.Refused)
	}
}
