package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Domain states, as the JSON API names them.
const (
	DomainPending      = "pending"
	DomainActive       = "active"
	DomainTransferring = "transferring"
	DomainExpired      = "expired"
	DomainRedemption   = "redemption"
	DomainGone         = "gone"
)

// Domain is a domain the tenant manages. ClientID is empty for a domain not
// yet linked to a client (the admin's "unassigned" view).
type Domain struct {
	ID          string
	TenantID    string
	ClientID    string
	Name        string
	TLD         string
	Status      string
	Registrar   string
	ExpiresAt   time.Time
	AutoRenew   bool
	Locked      bool
	Privacy     bool
	Nameservers []string
	NeedsReview bool
	ReviewNote  string
	DNSHost     string
	ZoneID      string
	OrderItemID string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

const domainCols = `id, tenant_id, client_id, name, tld, status, registrar, expires_at,
	auto_renew, locked, privacy, nameservers, needs_review, review_note, dns_host, zone_id,
	order_item_id, created_at, updated_at`

func scanDomain(row interface{ Scan(...any) error }) (Domain, error) {
	var d Domain
	var client, item sql.NullString
	var expires sql.NullTime
	var ns string
	err := row.Scan(&d.ID, &d.TenantID, &client, &d.Name, &d.TLD, &d.Status, &d.Registrar,
		&expires, &d.AutoRenew, &d.Locked, &d.Privacy, &ns, &d.NeedsReview, &d.ReviewNote,
		&d.DNSHost, &d.ZoneID, &item, &d.CreatedAt, &d.UpdatedAt)
	if err != nil {
		return d, err
	}
	d.ClientID, d.OrderItemID, d.ExpiresAt = client.String, item.String, timeOf(expires)
	if err := json.Unmarshal([]byte(ns), &d.Nameservers); err != nil {
		return d, fmt.Errorf("decode nameservers of %s: %w", d.Name, err)
	}
	return d, nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// UpsertDomain creates the tenant's domain or, when the name exists,
// updates it. The stored row is returned.
func (s *Store) UpsertDomain(ctx context.Context, d Domain) (Domain, error) {
	now := s.now()
	if d.ID == "" {
		d.ID = NewID("dom")
	}
	if d.Nameservers == nil {
		d.Nameservers = []string{}
	}
	ns, _ := json.Marshal(d.Nameservers)

	_, err := s.db.Exec(ctx, `INSERT INTO domains (`+domainCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, name) DO UPDATE SET client_id = COALESCE(domains.client_id,
			excluded.client_id), status = excluded.status, registrar = excluded.registrar,
			expires_at = excluded.expires_at, locked = excluded.locked,
			privacy = excluded.privacy, nameservers = excluded.nameservers,
			dns_host = excluded.dns_host, zone_id = excluded.zone_id,
			order_item_id = COALESCE(excluded.order_item_id, domains.order_item_id),
			updated_at = excluded.updated_at`,
		d.ID, d.TenantID, nullString(d.ClientID), d.Name, d.TLD, d.Status, d.Registrar,
		nullTime(d.ExpiresAt), d.AutoRenew, d.Locked, d.Privacy, string(ns), d.NeedsReview,
		d.ReviewNote, d.DNSHost, d.ZoneID, nullString(d.OrderItemID), now, now)
	if err != nil {
		return d, fmt.Errorf("store: upsert domain %s: %w", d.Name, err)
	}
	return s.Domain(ctx, d.TenantID, "", d.Name)
}

// Domain reads a tenant's domain by name; clientID limits it to that
// client's domains when set.
func (s *Store) Domain(ctx context.Context, tenantID, clientID, name string) (Domain, error) {
	q := `SELECT ` + domainCols + ` FROM domains WHERE tenant_id = ? AND name = ?`
	args := []any{tenantID, name}
	if clientID != "" {
		q += ` AND client_id = ?`
		args = append(args, clientID)
	}
	d, err := scanDomain(s.db.QueryRow(ctx, q, args...))
	if err != nil {
		return d, notFound(err, "domain "+name)
	}
	return d, nil
}

// DomainFilter narrows a domain listing.
type DomainFilter struct {
	ClientID   string
	Status     string
	Unassigned bool
	// After is the keyset cursor: the last name of the previous page.
	After string
	Limit int
}

// Domains lists a tenant's domains by name with keyset pagination.
func (s *Store) Domains(ctx context.Context, tenantID string, f DomainFilter) ([]Domain, error) {
	q := `SELECT ` + domainCols + ` FROM domains WHERE tenant_id = ? AND name > ?`
	args := []any{tenantID, f.After}
	if f.ClientID != "" {
		q += ` AND client_id = ?`
		args = append(args, f.ClientID)
	}
	if f.Unassigned {
		q += ` AND client_id IS NULL`
	}
	if f.Status != "" {
		q += ` AND status = ?`
		args = append(args, f.Status)
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	q += ` ORDER BY name LIMIT ?`
	args = append(args, f.Limit)

	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: domains: %w", err)
	}
	defer rows.Close()

	var out []Domain
	for rows.Next() {
		d, err := scanDomain(rows)
		if err != nil {
			return nil, fmt.Errorf("store: domains: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SetDomainFlags saves the registrar-side settings read back for a domain.
func (s *Store) SetDomainFlags(ctx context.Context, d Domain) error {
	_, err := s.db.Exec(ctx, `UPDATE domains SET auto_renew = ?, locked = ?, privacy = ?,
		client_id = ?, updated_at = ? WHERE id = ?`,
		d.AutoRenew, d.Locked, d.Privacy, nullString(d.ClientID), s.now(), d.ID)
	if err != nil {
		return fmt.Errorf("store: update domain %s: %w", d.Name, err)
	}
	return nil
}

// Counts returns labelled figures for the admin dashboard.
func (s *Store) Counts(ctx context.Context, tenantID string) ([][2]any, error) {
	queries := []struct {
		label string
		q     string
		args  []any
	}{
		{"Active domains", `SELECT count(*) FROM domains WHERE tenant_id = ? AND status = ?`,
			[]any{tenantID, DomainActive}},
		{"Unassigned domains", `SELECT count(*) FROM domains WHERE tenant_id = ? AND client_id IS NULL`,
			[]any{tenantID}},
		{"Open orders", `SELECT count(*) FROM orders WHERE tenant_id = ? AND status = ?`,
			[]any{tenantID, OrderOpen}},
		{"Clients", `SELECT count(*) FROM users WHERE tenant_id = ? AND role = ?`,
			[]any{tenantID, RoleClient}},
	}
	out := make([][2]any, 0, len(queries))
	for _, q := range queries {
		var n int
		if err := s.db.QueryRow(ctx, q.q, q.args...).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: count %s: %w", q.label, err)
		}
		out = append(out, [2]any{q.label, n})
	}
	return out, nil
}
