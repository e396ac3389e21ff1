package store

import (
	"context"
	"fmt"
	"time"
)

// DNSChange is a change batch sent to the DNS host for a domain.
type DNSChange struct {
	ID          string
	TenantID    string
	DomainID    string
	ChangeID    string
	Status      string
	Plan        string
	SubmittedAt time.Time
}

// RecordDNSChange keeps a change sent to the DNS host.
func (s *Store) RecordDNSChange(ctx context.Context, c DNSChange) error {
	_, err := s.db.Exec(ctx, `INSERT INTO dns_changes (id, tenant_id, domain_id, change_id,
		status, plan, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, NewID("chg"), c.TenantID,
		c.DomainID, c.ChangeID, c.Status, c.Plan, nullTime(c.SubmittedAt))
	if err != nil {
		return fmt.Errorf("store: record dns change: %w", err)
	}
	return nil
}

// LatestDNSChange reads the newest change of a domain.
func (s *Store) LatestDNSChange(ctx context.Context, domainID string) (DNSChange, error) {
	var c DNSChange
	err := s.db.QueryRow(ctx, `SELECT id, tenant_id, domain_id, change_id, status, plan,
		submitted_at FROM dns_changes WHERE domain_id = ? ORDER BY submitted_at DESC, id DESC
		LIMIT 1`, domainID).Scan(&c.ID, &c.TenantID, &c.DomainID, &c.ChangeID, &c.Status,
		&c.Plan, &c.SubmittedAt)
	if err != nil {
		return c, notFound(err, "dns change")
	}
	return c, nil
}

// DNSChanges lists a domain's changes, newest first, at most limit.
func (s *Store) DNSChanges(ctx context.Context, domainID string, limit int) ([]DNSChange, error) {
	rows, err := s.db.Query(ctx, `SELECT id, tenant_id, domain_id, change_id, status, plan,
		submitted_at FROM dns_changes WHERE domain_id = ? ORDER BY submitted_at DESC, id DESC
		LIMIT ?`, domainID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: dns changes: %w", err)
	}
	defer rows.Close()

	var out []DNSChange
	for rows.Next() {
		var c DNSChange
		if err := rows.Scan(&c.ID, &c.TenantID, &c.DomainID, &c.ChangeID, &c.Status, &c.Plan,
			&c.SubmittedAt); err != nil {
			return nil, fmt.Errorf("store: read dns change: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DNSChangeOf reads one change of a domain by the DNS host's change id.
func (s *Store) DNSChangeOf(ctx context.Context, domainID, changeID string) (DNSChange, error) {
	var c DNSChange
	err := s.db.QueryRow(ctx, `SELECT id, tenant_id, domain_id, change_id, status, plan,
		submitted_at FROM dns_changes WHERE domain_id = ? AND change_id = ?
		ORDER BY submitted_at DESC, id DESC LIMIT 1`, domainID, changeID).Scan(&c.ID, &c.TenantID,
		&c.DomainID, &c.ChangeID, &c.Status, &c.Plan, &c.SubmittedAt)
	if err != nil {
		return c, notFound(err, "dns change")
	}
	return c, nil
}

// SetDNSChangeStatus records a change's propagation status.
func (s *Store) SetDNSChangeStatus(ctx context.Context, id, status string) error {
	_, err := s.db.Exec(ctx, `UPDATE dns_changes SET status = ? WHERE id = ?`, status, id)
	if err != nil {
		return fmt.Errorf("store: dns change status: %w", err)
	}
	return nil
}

// Audit records an action for the tenant's audit log. Details must never
// hold secrets (auth codes, keys, passwords).
func (s *Store) Audit(ctx context.Context, tenantID, actor, action, subject, detail string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO audit_log (id, tenant_id, actor, action, subject, detail,
		at) VALUES (?, ?, ?, ?, ?, ?, ?)`, NewID("aud"), tenantID, actor, action, subject, detail,
		s.now())
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	Actor, Action, Subject, Detail string
	At                             time.Time
}

// AuditLog lists a tenant's newest audit entries.
func (s *Store) AuditLog(ctx context.Context, tenantID string, limit int) ([]AuditEntry, error) {
	rows, err := s.db.Query(ctx, `SELECT actor, action, subject, detail, at FROM audit_log
		WHERE tenant_id = ? ORDER BY at DESC LIMIT ?`, tenantID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	defer rows.Close()

	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.Actor, &e.Action, &e.Subject, &e.Detail, &e.At); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// RecordWebhookEvent keeps a provider event's id; an id seen before is
// ErrConflict, so a repeated delivery is handled once.
func (s *Store) RecordWebhookEvent(ctx context.Context, provider, id, typ string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO webhook_events (id, provider, type, received_at)
		VALUES (?, ?, ?, ?)`, provider+":"+id, provider, typ, s.now())
	if isUnique(err) {
		return fmt.Errorf("webhook event %s: %w", id, ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: webhook event: %w", err)
	}
	return nil
}

// WebhookEventSeen reports whether a provider event's id was recorded.
func (s *Store) WebhookEventSeen(ctx context.Context, provider, id string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT count(*) FROM webhook_events WHERE id = ?`,
		provider+":"+id).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: webhook event: %w", err)
	}
	return n > 0, nil
}
