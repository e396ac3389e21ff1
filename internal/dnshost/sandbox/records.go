package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/sqldb"
)

// RecordSets lists every record set of the zone, SOA and NS included,
// ordered by name and type.
func (h *Host) RecordSets(ctx context.Context, zoneID string) ([]dnshost.RecordSet, error) {
	if _, err := zoneBy(ctx, h.db, "id", zoneID); err != nil {
		if errors.Is(err, dnshost.ErrZoneNotFound) {
			return nil, fmt.Errorf("sandbox dns: zone %s: %w", zoneID, err)
		}
		return nil, fmt.Errorf("sandbox dns: %w", err)
	}

	sets, err := readSets(ctx, h.db, zoneID)
	if err != nil {
		return nil, fmt.Errorf("sandbox dns: %w", err)
	}
	return sets, nil
}

// readSets reads a zone's record sets.
func readSets(ctx context.Context, q querier, zoneID string) ([]dnshost.RecordSet, error) {
	rows, err := q.Query(ctx, `SELECT name, type, ttl, value_json FROM sandbox_dns_records
		WHERE zone_id = ? ORDER BY name, type`, zoneID)
	if err != nil {
		return nil, fmt.Errorf("read records of %s: %w", zoneID, err)
	}
	defer rows.Close()

	var sets []dnshost.RecordSet
	for rows.Next() {
		var set dnshost.RecordSet
		var ttl int64
		var values string
		if err := rows.Scan(&set.Name, &set.Type, &ttl, &values); err != nil {
			return nil, fmt.Errorf("read record of %s: %w", zoneID, err)
		}
		if err := json.Unmarshal([]byte(values), &set.Values); err != nil {
			return nil, fmt.Errorf("read values of %s %s: %w", set.Name, set.Type, err)
		}
		set.TTL = uint32(ttl)
		sets = append(sets, set)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read records of %s: %w", zoneID, err)
	}
	return sets, nil
}

// writeSet stores a record set, replacing any of the same name and type.
func writeSet(ctx context.Context, tx *sqldb.Tx, zoneID string, set dnshost.RecordSet) error {
	if err := deleteSet(ctx, tx, zoneID, set.Name, set.Type); err != nil {
		return err
	}
	values, _ := json.Marshal(set.Values)
	_, err := tx.Exec(ctx, `INSERT INTO sandbox_dns_records (zone_id, name, type, ttl, value_json)
		VALUES (?, ?, ?, ?, ?)`, zoneID, set.Name, set.Type, int64(set.TTL), string(values))
	if err != nil {
		return fmt.Errorf("write %s %s: %w", set.Name, set.Type, err)
	}
	return nil
}

func deleteSet(ctx context.Context, tx *sqldb.Tx, zoneID, name, typ string) error {
	_, err := tx.Exec(ctx, "DELETE FROM sandbox_dns_records WHERE zone_id = ? AND name = ? AND type = ?",
		zoneID, name, typ)
	if err != nil {
		return fmt.Errorf("delete %s %s: %w", name, typ, err)
	}
	return nil
}

// zoneForName finds the zone holding name (the longest matching domain)
// and reads its record sets; found is false when no zone holds it.
func (h *Host) zoneForName(ctx context.Context, name string) (z dnshost.Zone, sets []dnshost.RecordSet,
	found bool, err error) {
	labels := strings.Split(strings.TrimSuffix(strings.ToLower(name), "."), ".")
	for i := 0; i < len(labels)-1; i++ {
		zr, err := zoneBy(ctx, h.db, "domain", strings.Join(labels[i:], "."))
		if errors.Is(err, dnshost.ErrZoneNotFound) {
			continue
		}
		if err != nil {
			return dnshost.Zone{}, nil, false, fmt.Errorf("sandbox dns: %w", err)
		}
		sets, err := readSets(ctx, h.db, zr.ID)
		if err != nil {
			return dnshost.Zone{}, nil, false, fmt.Errorf("sandbox dns: %w", err)
		}
		return zr.Zone, sets, true, nil
	}
	return dnshost.Zone{}, nil, false, nil
}
