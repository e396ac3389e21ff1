package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/miekg/dns"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/sqldb"
)

// Apply applies a batch atomically with Route 53's rules: CREATE fails on an
// existing set, DELETE must match the stored TTL and values exactly, a CNAME
// may not sit at the apex or beside other data, and the SOA and the apex NS
// set cannot be created or deleted. It bumps the zone's SOA serial.
func (h *Host) Apply(ctx context.Context, zoneID string, changes []dnshost.Change) (
	dnshost.ChangeInfo, error) {
	changes, err := normalizeChanges(changes)
	if err != nil {
		return dnshost.ChangeInfo{}, err
	}

	info := dnshost.ChangeInfo{ID: newID("C"), Submitted: h.clk.Now().UTC()}
	err = h.inTx(ctx, func(tx *sqldb.Tx) error {
		return h.applyTx(ctx, tx, zoneID, changes, info)
	})
	if err != nil {
		return dnshost.ChangeInfo{}, err
	}

	info.Status = h.status(info)
	h.log.Info("sandbox dns change applied", "zone_id", zoneID, "change_id", info.ID, "changes", len(changes))
	return info, nil
}

func (h *Host) applyTx(ctx context.Context, tx *sqldb.Tx, zoneID string, changes []dnshost.Change,
	info dnshost.ChangeInfo) error {
	zone, err := zoneBy(ctx, tx, "id", zoneID)
	if err != nil {
		return fmt.Errorf("sandbox dns: zone %s: %w", zoneID, err)
	}
	sets, err := readSets(ctx, tx, zoneID)
	if err != nil {
		return err
	}

	next, touched, err := plan(zone.Domain, sets, changes)
	if err != nil {
		return err
	}
	for k := range touched {
		if err := storeKey(ctx, tx, zoneID, k, next); err != nil {
			return err
		}
	}

	serial := zone.serial + 1
	soa := dnshost.RecordSet{Name: zone.Domain + ".", Type: "SOA", TTL: soaTTL,
		Values: []string{h.soaValue(zone.Domain, serial)}}
	if err := writeSet(ctx, tx, zoneID, soa); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, "UPDATE sandbox_dns_zones SET serial = ? WHERE id = ?", serial, zoneID)
	if err != nil {
		return fmt.Errorf("bump serial of %s: %w", zoneID, err)
	}
	_, err = tx.Exec(ctx, "INSERT INTO sandbox_dns_changes (id, zone_id, submitted_at) VALUES (?, ?, ?)",
		info.ID, zoneID, info.Submitted)
	if err != nil {
		return fmt.Errorf("record change %s: %w", info.ID, err)
	}
	return nil
}

// storeKey writes or removes one record set after a batch.
func storeKey(ctx context.Context, tx *sqldb.Tx, zoneID string, k setKey,
	next map[setKey]dnshost.RecordSet) error {
	if set, ok := next[k]; ok {
		return writeSet(ctx, tx, zoneID, set)
	}
	return deleteSet(ctx, tx, zoneID, k.name, k.typ)
}

// ChangeStatus says whether a change is still pending: it is in sync once
// the propagation delay has passed on the clock.
func (h *Host) ChangeStatus(ctx context.Context, changeID string) (dnshost.ChangeInfo, error) {
	info := dnshost.ChangeInfo{ID: changeID}
	err := h.db.QueryRow(ctx, "SELECT submitted_at FROM sandbox_dns_changes WHERE id = ?", changeID).
		Scan(&info.Submitted)
	if errors.Is(err, sql.ErrNoRows) {
		return dnshost.ChangeInfo{}, fmt.Errorf("%w: %s", ErrChangeNotFound, changeID)
	}
	if err != nil {
		return dnshost.ChangeInfo{}, fmt.Errorf("sandbox dns: read change %s: %w", changeID, err)
	}

	info.Submitted = info.Submitted.UTC()
	info.Status = h.status(info)
	return info, nil
}

func (h *Host) status(info dnshost.ChangeInfo) dnshost.ChangeStatus {
	if h.delay < 0 || !h.clk.Now().Before(info.Submitted.Add(h.delay)) {
		return dnshost.ChangeInSync
	}
	return dnshost.ChangePending
}

// normalizeChanges canonicalises names and types and checks that every
// value parses as record data of its type.
func normalizeChanges(changes []dnshost.Change) ([]dnshost.Change, error) {
	if len(changes) == 0 {
		return nil, invalid("the batch holds no change")
	}

	out := make([]dnshost.Change, len(changes))
	for i, ch := range changes {
		set := ch.Set
		set.Name, set.Type = fqdn(set.Name), strings.ToUpper(strings.TrimSpace(set.Type))
		if ch.Action != dnshost.Create && ch.Action != dnshost.Upsert && ch.Action != dnshost.Delete {
			return nil, invalid("change %d: unknown action %q", i, ch.Action)
		}
		if _, ok := dns.StringToType[set.Type]; !ok {
			return nil, invalid("change %d: unknown type %q", i, set.Type)
		}
		if err := checkValues(set); err != nil {
			return nil, invalid("change %d: %v", i, err)
		}
		out[i] = dnshost.Change{Action: ch.Action, Set: set}
	}
	return out, nil
}

// checkValues parses every value with miekg/dns.
func checkValues(set dnshost.RecordSet) error {
	if len(set.Values) == 0 {
		return fmt.Errorf("%s %s has no value", set.Name, set.Type)
	}
	for _, v := range set.Values {
		if _, err := dns.NewRR(fmt.Sprintf("%s %d IN %s %s", set.Name, set.TTL, set.Type, v)); err != nil {
			return fmt.Errorf("%s %s value %q: %v", set.Name, set.Type, v, err)
		}
	}
	return nil
}

// invalid builds an error wrapping dnshost.ErrInvalidChange.
func invalid(format string, args ...any) error {
	return fmt.Errorf("sandbox dns: %w: %s", dnshost.ErrInvalidChange, fmt.Sprintf(format, args...))
}
