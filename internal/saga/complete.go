package saga

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/dnsrecord"
	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
)

// complete records the domain as active with its expiry read from the
// registrar, gives it a zone with the tenant's default records, and only
// then marks the item completed.
func (s *Saga) complete(ctx context.Context, reg registrar.Registrar, it store.Item, note string) (Step, error) {
	detail, err := reg.DomainDetail(ctx, it.Domain)
	if err != nil {
		return Step{}, fmt.Errorf("saga: read %s after success: %w", it.Domain, err)
	}
	o, err := s.Store.OrderByID(ctx, it.OrderID)
	if err != nil {
		return Step{}, err
	}
	t, err := s.Store.Tenant(ctx, it.TenantID)
	if err != nil {
		return Step{}, err
	}

	d, err := s.Store.UpsertDomain(ctx, store.Domain{TenantID: it.TenantID, ClientID: o.ClientID,
		Name: it.Domain, TLD: tldOf(it.Domain), Status: store.DomainActive, Registrar: reg.Name(),
		ExpiresAt: detail.Expires, AutoRenew: true, Locked: detail.Locked, Privacy: detail.Privacy,
		Nameservers: detail.Nameservers, OrderItemID: it.ID})
	if err != nil {
		return Step{}, err
	}
	if d.ClientID != o.ClientID { // a row left gone by an earlier order
		d.ClientID = o.ClientID
		if err := s.Store.SetDomainFlags(ctx, d); err != nil {
			return Step{}, err
		}
	}
	if err := s.setUpZone(ctx, reg, t, d, it); err != nil {
		return Step{}, err
	}
	return Step{}, s.finish(ctx, it, note)
}

func (s *Saga) finish(ctx context.Context, it store.Item, note string) error {
	empty := ""
	err := s.Store.UpdateItem(ctx, it.ID, store.ItemUpdate{From: it.State, To: store.ItemCompleted,
		Note: note, AuthCode: &empty, Transfer: transferState(it, "completed", note)})
	if errors.Is(err, store.ErrConflict) {
		return nil
	}
	if err != nil {
		return err
	}
	s.logger().Info("order item completed", "item_id", it.ID, "domain", it.Domain)
	return s.Scheduler.SettleOrder(ctx, it.OrderID)
}

// setUpZone finds or creates the domain's hosted zone, writes the default
// records (UPSERTs, so a repeat changes nothing) and points the registrar
// at the zone's name servers when it does not use them already.
//
// A transferred domain keeps its DNS: the default records are written only
// when its zone holds none of its own, and the registrar is pointed at the
// zone only when the domain came with no name servers; otherwise the item's
// history tells the client what to do.
//
// Limitation: records held at another DNS host are not copied (no zone
// transfer is attempted); the client is told to import them as a zone file
// before moving the name servers here.
func (s *Saga) setUpZone(ctx context.Context, reg registrar.Registrar, t store.Tenant, d store.Domain, it store.Item) error {
	zone, err := s.DNS.EnsureZone(ctx, d.Name, key(it.ID, "zone"))
	if err != nil {
		return fmt.Errorf("saga: zone for %s: %w", d.Name, err)
	}
	if err := s.defaultRecords(ctx, t, d, zone, it); err != nil {
		return err
	}

	d.DNSHost, d.ZoneID = s.DNS.Name(), zone.ID
	repoint := !sameNameservers(d.Nameservers, zone.Nameservers) && len(zone.Nameservers) > 0
	if repoint && it.Type == store.ItemTransfer && len(d.Nameservers) > 0 {
		repoint = false
		if err := s.note(ctx, it, "the domain keeps its name servers ("+strings.Join(d.Nameservers, ", ")+
			"); to use the zone managed here, import the records of the old DNS host as a zone file on "+
			"the domain's page, then point the name servers at "+strings.Join(zone.Nameservers, ", ")); err != nil {
			return err
		}
	}
	if repoint {
		op, err := reg.SetNameservers(ctx, d.Name, zone.Nameservers)
		if err != nil {
			return fmt.Errorf("saga: point %s at its zone: %w", d.Name, err)
		}
		if err := s.keepSettingOperation(ctx, d, op); err != nil {
			return err
		}
		d.Nameservers = zone.Nameservers
	}
	_, err = s.Store.UpsertDomain(ctx, d)
	return err
}

// keepSettingOperation stores a registrar operation on the domain's
// settings that is still running (Route 53 changes name servers
// asynchronously), so the follow-up job reads it again and stores what the
// registrar ends up holding. One that failed at once is an error, and the
// step is retried.
func (s *Saga) keepSettingOperation(ctx context.Context, d store.Domain, op registrar.Operation) error {
	if op.Status == registrar.OpFailed {
		return fmt.Errorf("saga: %s of %s refused by %s: %s", op.Type, d.Name, d.Registrar, op.Message)
	}
	if op.ID == "" || op.Status.Terminal() {
		return nil
	}
	_, err := s.Store.RecordDomainOperation(ctx, store.DomainOperation{TenantID: d.TenantID,
		DomainID: d.ID, Registrar: d.Registrar, OperationID: op.ID, Kind: string(op.Type)})
	return err
}

// defaultRecords writes the tenant's default records into the zone; for a
// transfer only when the zone has no records besides NS and SOA.
func (s *Saga) defaultRecords(ctx context.Context, t store.Tenant, d store.Domain, zone dnshost.Zone, it store.Item) error {
	st := t.Settings
	sets := dnsrecord.Defaults(d.Name, st.DefaultIP, st.MailHost, st.SPF, st.TTL.Default)
	if it.Type == store.ItemTransfer {
		own, err := s.ownRecords(ctx, zone.ID, sets)
		if err != nil {
			return err
		}
		if own > 0 {
			return s.note(ctx, it, fmt.Sprintf("the zone already holds %d record sets; left untouched", own))
		}
	}
	changes := make([]dnshost.Change, 0, len(sets))
	for _, set := range sets {
		changes = append(changes, dnshost.Change{Action: dnshost.Upsert, Set: set})
	}
	info, err := s.DNS.Apply(ctx, zone.ID, changes)
	if err != nil {
		return fmt.Errorf("saga: default records for %s: %w", d.Name, err)
	}
	return s.Store.RecordDNSChange(ctx, store.DNSChange{TenantID: d.TenantID, DomainID: d.ID,
		ChangeID: info.ID, Status: string(info.Status), Plan: "default records",
		SubmittedAt: s.Clock.Now()})
}

// ownRecords counts the zone's record sets other than NS, SOA and the
// default ones (which an earlier attempt may have written).
func (s *Saga) ownRecords(ctx context.Context, zoneID string, defaults []dnshost.RecordSet) (int, error) {
	sets, err := s.DNS.RecordSets(ctx, zoneID)
	if err != nil {
		return 0, fmt.Errorf("saga: read zone %s: %w", zoneID, err)
	}
	ours := map[string]bool{}
	for _, d := range defaults {
		ours[strings.ToLower(d.Name)+" "+d.Type] = true
	}
	n := 0
	for _, set := range sets {
		if set.Type != "NS" && set.Type != "SOA" && !ours[strings.ToLower(set.Name)+" "+set.Type] {
			n++
		}
	}
	return n, nil
}

func sameNameservers(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]bool{}
	for _, n := range a {
		seen[strings.TrimSuffix(strings.ToLower(n), ".")] = true
	}
	for _, n := range b {
		if !seen[strings.TrimSuffix(strings.ToLower(n), ".")] {
			return false
		}
	}
	return true
}

func tldOf(domain string) string {
	_, tld, err := domainname.SplitTLD(domain)
	if err != nil {
		if i := strings.IndexByte(domain, '.'); i >= 0 {
			return domain[i+1:]
		}
	}
	return tld
}
