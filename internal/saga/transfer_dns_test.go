package saga_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/saga"
	"github.com/proecommerce/domains/internal/sqldb"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/testdb"
)

// transferIn checks out a transfer of domain and lets the registrar accept
// it; it returns the order and the item's id.
func (w *world) transferIn(domain string) (store.Order, string) {
	w.t.Helper()
	o, err := w.checkout(saga.CheckoutItem{Type: store.ItemTransfer, Domain: domain, Years: 1,
		AuthCode: "code-1"})
	if err != nil {
		w.t.Fatal(err)
	}
	id := o.Items[0].ID
	w.advance(id)
	if it := w.mustItem(id); it.State != store.ItemTransferring || it.OperationID == "" {
		w.t.Fatalf("transfer not accepted: %s %q", it.State, it.OperationID)
	}
	return o, id
}

// setsOf lists the zone's record sets as "name type" keys.
func (w *world) setsOf(zoneID string) []string {
	w.t.Helper()
	sets, err := w.saga.DNS.RecordSets(w.ctx, zoneID)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for _, s := range sets {
		out = append(out, s.Name+" "+s.Type)
	}
	return out
}

// TestTransferKeepsItsDNS: a domain that arrives with name servers of its
// own and a zone that already holds records keeps both: no default record
// is written, the registrar is not pointed elsewhere, and the history says
// so and what the client may do.
func TestTransferKeepsItsDNS(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		const domain = "taken-keep.com"
		old := []string{"ns1.old-host.net", "ns2.old-host.net"}
		o, id := w.transferIn(domain)

		zone, err := w.saga.DNS.EnsureZone(w.ctx, domain, "imported-before")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.saga.DNS.Apply(w.ctx, zone.ID, []dnshost.Change{{Action: dnshost.Create,
			Set: dnshost.RecordSet{Name: "shop." + domain + ".", Type: "A", TTL: 300, Values: []string{"192.0.2.7"}}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(w.ctx, `UPDATE sandbox_registry_operations SET nameservers = ? WHERE domain = ?`,
			strings.Join(old, ","), domain); err != nil {
			t.Fatal(err)
		}
		before := w.setsOf(zone.ID)

		w.clk.Advance(transferDelay)
		w.advance(id)

		full := w.mustOrder(o.ID).Items[0]
		if full.State != store.ItemCompleted || notes(full, "left untouched") != 1 ||
			notes(full, "keeps its name servers (ns1.old-host.net, ns2.old-host.net)") != 1 ||
			notes(full, "import the records of the old DNS host as a zone file") != 1 {
			t.Fatalf("item %s, history %+v", full.State, full.History)
		}
		if after := w.setsOf(zone.ID); !slices.Equal(after, before) {
			t.Errorf("zone changed from %v to %v", before, after)
		}
		held, err := w.reg.DomainDetail(w.ctx, domain)
		if err != nil || !slices.Equal(held.Nameservers, old) {
			t.Errorf("registrar name servers %v (%v), want %v kept", held.Nameservers, err, old)
		}
		d, err := w.st.Domain(w.ctx, o.TenantID, o.ClientID, domain)
		if err != nil || d.Status != store.DomainActive || d.ZoneID != zone.ID || !slices.Equal(d.Nameservers, old) {
			t.Errorf("domain %+v (%v)", d, err)
		}
	})
}

// TestTransferWithoutDNSGetsTheDefaults: a domain that arrives with no
// name servers and no zone gets a zone with the tenant's default records,
// and the registrar is pointed at the zone.
func TestTransferWithoutDNSGetsTheDefaults(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		const domain = "taken-bare.com"
		o, id := w.transferIn(domain)

		w.clk.Advance(transferDelay)
		w.advance(id)

		d, err := w.st.Domain(w.ctx, o.TenantID, o.ClientID, domain)
		if err != nil || d.Status != store.DomainActive || d.ZoneID == "" {
			t.Fatalf("domain %+v (%v)", d, err)
		}
		if sets := w.setsOf(d.ZoneID); !slices.Contains(sets, "www."+domain+". CNAME") {
			t.Errorf("zone holds %v, want the default records", sets)
		}
		zone, err := w.saga.DNS.FindZone(w.ctx, domain)
		if err != nil {
			t.Fatal(err)
		}
		held, err := w.reg.DomainDetail(w.ctx, domain)
		want := bare(zone.Nameservers)
		if err != nil || len(want) == 0 || !slices.Equal(bare(held.Nameservers), want) ||
			!slices.Equal(bare(d.Nameservers), want) {
			t.Errorf("registrar %v, domain %v, zone %v (%v)", held.Nameservers, d.Nameservers, zone.Nameservers, err)
		}
	})
}

// bare drops the final dots of host names.
func bare(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.TrimSuffix(n, ".")
	}
	return out
}

// slowNameservers answers SetNameservers with the operation still running,
// as Route 53 Domains does.
type slowNameservers struct{ registrar.Registrar }

func (r slowNameservers) SetNameservers(ctx context.Context, domain string, ns []string) (registrar.Operation, error) {
	op, err := r.Registrar.SetNameservers(ctx, domain, ns)
	op.ID, op.Status = "ns-op-1", registrar.OpInProgress
	return op, err
}

// TestRunningNameserverChangeIsKept: pointing a transferred domain at its
// zone is asynchronous at some registrars; the operation is stored for the
// follow-up job to read again.
func TestRunningNameserverChangeIsKept(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqldb.DB) {
		w := newWorld(t, db)
		w.saga.Registrars = registrars{r: slowNameservers{Registrar: w.saga.Registrars.(registrars).r}}
		const domain = "taken-slow-ns.com"
		o, id := w.transferIn(domain)

		w.clk.Advance(transferDelay)
		w.advance(id)

		d, err := w.st.Domain(w.ctx, o.TenantID, o.ClientID, domain)
		if err != nil || d.Status != store.DomainActive {
			t.Fatalf("domain %+v (%v)", d, err)
		}
		ops, err := w.st.DomainOperations(w.ctx, d.ID, 10)
		if err != nil || len(ops) != 1 || ops[0].OperationID != "ns-op-1" || ops[0].Kind != string(registrar.OpNameservers) ||
			ops[0].Status != store.DomainOpPending {
			t.Errorf("domain operations %+v (%v), want the running name-server change", ops, err)
		}
	})
}
