package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/sqldb"
)

// ReminderRegistrarAutoRenew is the reminder-log kind of a warning to the
// operator that a registrar still renews a domain by itself.
const ReminderRegistrarAutoRenew = "registrar_auto_renew"

// AutoRenewRisk is an active domain that its registrar is set to renew by
// itself, close to expiry, with no renewal of ours under way or done for
// the period: the registrar may renew it unpaid, or twice with ours.
type AutoRenewRisk struct {
	DomainID  string
	TenantID  string
	Domain    string
	Registrar string
	ExpiresAt time.Time
}

// AutoRenewRisks lists the active domains with registrar-side auto-renew
// on whose expiry lies in [from, to) and for whose period no renewal of
// ours is paid, renewing or renewed, through the (status, expires_at)
// index.
func (s *Store) AutoRenewRisks(ctx context.Context, from, to time.Time) ([]AutoRenewRisk, error) {
	rows, err := s.db.Query(ctx, `SELECT d.id, d.tenant_id, d.name, d.registrar, d.expires_at
		FROM domains d
		WHERE d.status = ? AND d.registrar_auto_renew AND d.expires_at >= ? AND d.expires_at < ?
		AND NOT EXISTS (SELECT 1 FROM renewals r WHERE r.domain_id = d.id
			AND r.period_from = d.expires_at AND r.state IN (?, ?, ?))
		ORDER BY d.expires_at, d.id`, DomainActive, from.UTC(), to.UTC(),
		RenewalPaid, RenewalRenewing, RenewalRenewed)
	if err != nil {
		return nil, fmt.Errorf("store: auto-renew risks: %w", err)
	}
	defer rows.Close()

	var out []AutoRenewRisk
	for rows.Next() {
		var r AutoRenewRisk
		if err := rows.Scan(&r.DomainID, &r.TenantID, &r.Domain, &r.Registrar, &r.ExpiresAt); err != nil {
			return nil, fmt.Errorf("store: auto-renew risks: %w", err)
		}
		r.ExpiresAt = r.ExpiresAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// Warning is a message to a tenant's operator about one domain and period.
type Warning struct {
	TenantID string
	DomainID string
	Domain   string
	// Period is the expiry the warning is about; Kind names it in the
	// domain's reminder log, Action in the audit log.
	Period  time.Time
	Kind    string
	Action  string
	Subject string
	Body    string
}

// WarnOperator tells every admin of the warning's tenant, once per domain,
// period and kind: a mail to each in the outbox, the warning in the
// domain's reminder log and in the audit log, all in one transaction. It
// reports false and writes nothing when the warning was given before, and
// also when the tenant has no admin to tell.
func (s *Store) WarnOperator(ctx context.Context, w Warning) (bool, error) {
	now := s.now()
	warned := false
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		admins, err := tenantAdmins(ctx, tx, w.TenantID)
		if err != nil || len(admins) == 0 {
			return err
		}

		res, err := tx.Exec(ctx, `INSERT INTO renewal_reminders (domain_id, period_from, kind,
			tenant_id, to_addr, outbox_id, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (domain_id, period_from, kind) DO NOTHING`, w.DomainID, w.Period.UTC(), w.Kind,
			w.TenantID, strings.Join(admins, ", "), "", now)
		if err != nil {
			return fmt.Errorf("store: warn operator: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}

		warned = true
		return queueWarning(ctx, tx, admins, w, now)
	})
	return warned, err
}

// queueWarning writes the warning's mail to each admin and its audit line.
func queueWarning(ctx context.Context, tx *sqldb.Tx, admins []string, w Warning, now time.Time) error {
	for _, to := range admins {
		if _, err := tx.Exec(ctx, `INSERT INTO outbox (id, tenant_id, to_addr, subject, body,
			created_at) VALUES (?, ?, ?, ?, ?, ?)`, NewID("msg"), w.TenantID, to, w.Subject, w.Body,
			now); err != nil {
			return fmt.Errorf("store: warn operator: mail %s: %w", to, err)
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO audit_log (id, tenant_id, actor, action, subject, detail,
		at) VALUES (?, ?, ?, ?, ?, ?, ?)`, NewID("aud"), w.TenantID, "renewals", w.Action, w.Domain,
		w.Subject, now); err != nil {
		return fmt.Errorf("store: warn operator: audit: %w", err)
	}
	return nil
}

// tenantAdmins lists the e-mail addresses of a tenant's admins.
func tenantAdmins(ctx context.Context, tx *sqldb.Tx, tenantID string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT email FROM users WHERE tenant_id = ? AND role = ?
		ORDER BY email`, tenantID, RoleAdmin)
	if err != nil {
		return nil, fmt.Errorf("store: tenant admins: %w", err)
	}
	defer rows.Close()

	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, fmt.Errorf("store: tenant admins: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
