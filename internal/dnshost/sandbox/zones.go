package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/dnsrecord"
	"github.com/proecommerce/domains/internal/sqldb"
)

// querier is what both a DB and a Tx offer.
type querier interface {
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// zoneRow is a stored zone.
type zoneRow struct {
	dnshost.Zone
	callerRef string
	serial    int64
}

const zoneColumns = "id, domain, caller_ref, nameservers, serial"

func scanZone(row *sql.Row) (zoneRow, error) {
	var z zoneRow
	var ns string
	err := row.Scan(&z.ID, &z.Domain, &z.callerRef, &ns, &z.serial)
	if errors.Is(err, sql.ErrNoRows) {
		return zoneRow{}, dnshost.ErrZoneNotFound
	}
	if err != nil {
		return zoneRow{}, fmt.Errorf("read zone: %w", err)
	}
	if err := json.Unmarshal([]byte(ns), &z.Nameservers); err != nil {
		return zoneRow{}, fmt.Errorf("read zone %s name servers: %w", z.ID, err)
	}
	return z, nil
}

func zoneBy(ctx context.Context, q querier, column, value string) (zoneRow, error) {
	return scanZone(q.QueryRow(ctx, "SELECT "+zoneColumns+" FROM sandbox_dns_zones WHERE "+column+" = ?", value))
}

// EnsureZone returns the zone for domain, creating it with its SOA and NS
// record sets when none exists. A caller reference already used for
// another domain is refused.
func (h *Host) EnsureZone(ctx context.Context, domain, callerRef string) (dnshost.Zone, error) {
	domain = domainOf(domain)
	if _, err := dnsrecord.NormalizeName(domain, "@"); err != nil || !strings.Contains(domain, ".") {
		return dnshost.Zone{}, fmt.Errorf("sandbox dns: %w: bad zone name %q", dnshost.ErrInvalidChange, domain)
	}
	if callerRef == "" {
		return dnshost.Zone{}, fmt.Errorf("sandbox dns: %w: empty caller reference", dnshost.ErrInvalidChange)
	}

	var zone dnshost.Zone
	err := h.inTx(ctx, func(tx *sqldb.Tx) error {
		z, err := h.ensureZoneTx(ctx, tx, domain, callerRef)
		zone = z
		return err
	})
	if err != nil && !errors.Is(err, dnshost.ErrInvalidChange) {
		// A concurrent EnsureZone may have won the unique constraint.
		if z, ferr := h.FindZone(ctx, domain); ferr == nil {
			return z, nil
		}
	}
	return zone, err
}

func (h *Host) ensureZoneTx(ctx context.Context, tx *sqldb.Tx, domain, callerRef string) (
	dnshost.Zone, error) {
	z, err := zoneBy(ctx, tx, "caller_ref", callerRef)
	if err == nil && z.Domain != domain {
		return dnshost.Zone{}, fmt.Errorf("sandbox dns: %w: caller reference %q was used for %s",
			dnshost.ErrInvalidChange, callerRef, z.Domain)
	}
	if err == nil {
		return z.Zone, nil
	}
	if !errors.Is(err, dnshost.ErrZoneNotFound) {
		return dnshost.Zone{}, err
	}

	if z, err = zoneBy(ctx, tx, "domain", domain); err == nil {
		return z.Zone, nil
	} else if !errors.Is(err, dnshost.ErrZoneNotFound) {
		return dnshost.Zone{}, err
	}
	return h.createZone(ctx, tx, domain, callerRef)
}

// createZone inserts a zone with its SOA and apex NS record sets.
func (h *Host) createZone(ctx context.Context, tx *sqldb.Tx, domain, callerRef string) (dnshost.Zone, error) {
	zone := dnshost.Zone{ID: newID("Z"), Domain: domain, Nameservers: h.Nameservers()}
	ns, _ := json.Marshal(zone.Nameservers)
	_, err := tx.Exec(ctx, `INSERT INTO sandbox_dns_zones
		(id, domain, caller_ref, nameservers, serial, created_at) VALUES (?, ?, ?, ?, ?, ?)`, zone.ID, domain, callerRef, string(ns), 1, h.clk.Now().UTC())
	if err != nil {
		return dnshost.Zone{}, fmt.Errorf("create zone %s: %w", domain, err)
	}

	apex := domain + "."
	sets := []dnshost.RecordSet{
		{Name: apex, Type: "SOA", TTL: soaTTL, Values: []string{h.soaValue(domain, 1)}},
		{Name: apex, Type: "NS", TTL: nsTTL, Values: zone.Nameservers},
	}
	for _, set := range sets {
		if err := writeSet(ctx, tx, zone.ID, set); err != nil {
			return dnshost.Zone{}, err
		}
	}
	h.log.Info("sandbox dns zone created", "zone_id", zone.ID, "domain", domain)
	return zone, nil
}

// soaValue is the zone's SOA rdata at serial.
func (h *Host) soaValue(domain string, serial int64) string {
	return fmt.Sprintf("%s hostmaster.%s. %d 7200 900 1209600 300", h.ns[0], domain, serial)
}

// FindZone returns the zone for domain, or dnshost.ErrZoneNotFound.
func (h *Host) FindZone(ctx context.Context, domain string) (dnshost.Zone, error) {
	z, err := zoneBy(ctx, h.db, "domain", domainOf(domain))
	if err != nil {
		if errors.Is(err, dnshost.ErrZoneNotFound) {
			return dnshost.Zone{}, fmt.Errorf("sandbox dns: %s: %w", domainOf(domain), err)
		}
		return dnshost.Zone{}, fmt.Errorf("sandbox dns: %w", err)
	}
	return z.Zone, nil
}
