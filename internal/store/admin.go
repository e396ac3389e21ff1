package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/money"
)

// AdminDomainFilter narrows the admin domain list. Every field is
// optional; the list is ordered by name and paged by After (keyset).
type AdminDomainFilter struct {
	// Search matches names containing it (an A-label fragment).
	Search    string
	Status    string
	Registrar string
	TLD       string
	ClientID  string
	// Unassigned lists domains linked to no client.
	Unassigned bool
	// ExpiresBefore keeps domains expiring before it (and not before now's
	// caller-chosen lower bound ExpiresAfter, when set).
	ExpiresBefore time.Time
	ExpiresAfter  time.Time
	// Privacy and AutoRenew, when set, keep domains with that value.
	Privacy   *bool
	AutoRenew *bool
	After     string
	Limit     int
}

// likePattern escapes s for a LIKE … ESCAPE '\' pattern.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// AdminDomains lists a tenant's domains for the admin pages: filtered,
// ordered by name and paged with a keyset cursor, so a page costs the
// same on the first page and the thousandth.
func (s *Store) AdminDomains(ctx context.Context, tenantID string, f AdminDomainFilter) ([]Domain, error) {
	q := `SELECT ` + domainCols + ` FROM domains WHERE tenant_id = ? AND name > ?`
	args := []any{tenantID, f.After}
	add := func(cond string, v ...any) {
		q += ` AND ` + cond
		args = append(args, v...)
	}
	if f.Search != "" {
		add(`name LIKE ? ESCAPE '\'`, likePattern(f.Search))
	}
	if f.Status != "" {
		add(`status = ?`, f.Status)
	}
	if f.Registrar != "" {
		add(`registrar = ?`, f.Registrar)
	}
	if f.TLD != "" {
		add(`tld = ?`, f.TLD)
	}
	if f.ClientID != "" {
		add(`client_id = ?`, f.ClientID)
	}
	if f.Unassigned {
		add(`client_id IS NULL`)
	}
	if !f.ExpiresBefore.IsZero() {
		add(`expires_at < ?`, f.ExpiresBefore.UTC())
	}
	if !f.ExpiresAfter.IsZero() {
		add(`expires_at >= ?`, f.ExpiresAfter.UTC())
	}
	if f.Privacy != nil {
		add(`privacy = ?`, *f.Privacy)
	}
	if f.AutoRenew != nil {
		add(`auto_renew = ?`, *f.AutoRenew)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q += ` ORDER BY name LIMIT ?`
	args = append(args, f.Limit)
	return s.queryDomains(ctx, q, args...)
}

func (s *Store) queryDomains(ctx context.Context, q string, args ...any) ([]Domain, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: admin domains: %w", err)
	}
	defer rows.Close()

	var out []Domain
	for rows.Next() {
		d, err := scanDomain(rows)
		if err != nil {
			return nil, fmt.Errorf("store: admin domains: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// StatusCount is how many domains are in one status.
type StatusCount struct {
	Status string
	Count  int
}

// DomainStatusCounts counts a tenant's domains by status.
func (s *Store) DomainStatusCounts(ctx context.Context, tenantID string) ([]StatusCount, error) {
	rows, err := s.db.Query(ctx, `SELECT status, count(*) FROM domains WHERE tenant_id = ?
		GROUP BY status ORDER BY status`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("store: domain counts: %w", err)
	}
	defer rows.Close()

	var out []StatusCount
	for rows.Next() {
		var c StatusCount
		if err := rows.Scan(&c.Status, &c.Count); err != nil {
			return nil, fmt.Errorf("store: domain counts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// MonthCount is how many domains expire in one calendar month (UTC).
type MonthCount struct {
	Month time.Time
	Count int
}

// RenewalsByMonth counts the tenant's active domains expiring in each of
// the months calendar months from the month of now, one indexed range
// count per month.
func (s *Store) RenewalsByMonth(ctx context.Context, tenantID string, now time.Time, months int) ([]MonthCount, error) {
	now = now.UTC()
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	out := make([]MonthCount, 0, months)
	for i := range months {
		from, to := start.AddDate(0, i, 0), start.AddDate(0, i+1, 0)
		if i == 0 {
			from = now
		}
		var n int
		err := s.db.QueryRow(ctx, `SELECT count(*) FROM domains WHERE tenant_id = ?
			AND expires_at >= ? AND expires_at < ? AND status = ?`,
			tenantID, from, to, DomainActive).Scan(&n)
		if err != nil {
			return nil, fmt.Errorf("store: renewals by month: %w", err)
		}
		out = append(out, MonthCount{Month: start.AddDate(0, i, 0), Count: n})
	}
	return out, nil
}

// Revenue sums what was captured less what was refunded, per currency.
func (s *Store) Revenue(ctx context.Context, tenantID string) ([]money.Money, error) {
	rows, err := s.db.Query(ctx, `SELECT currency, COALESCE(SUM(captured - refunded), 0)
		FROM payments WHERE tenant_id = ? GROUP BY currency ORDER BY currency`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("store: revenue: %w", err)
	}
	defer rows.Close()

	var out []money.Money
	for rows.Next() {
		var cur string
		var amount int64
		if err := rows.Scan(&cur, &amount); err != nil {
			return nil, fmt.Errorf("store: revenue: %w", err)
		}
		out = append(out, money.New(amount, cur))
	}
	return out, rows.Err()
}

// Attention is an order that needs an operator's look, and why.
type Attention struct {
	OrderID string
	Domain  string
	State   string
	Reason  string
	At      time.Time
}

// OrdersNeedingAttention lists items that failed since failedSince, items
// stuck in a non-terminal state since before stuckBefore, and payments
// still authorised whose authorisation ends before expiringBefore.
func (s *Store) OrdersNeedingAttention(ctx context.Context, tenantID string, failedSince,
	stuckBefore, expiringBefore time.Time, limit int) ([]Attention, error) {
	var out []Attention
	failed, err := s.attention(ctx, `SELECT order_id, domain, state, error, updated_at
		FROM order_items WHERE tenant_id = ? AND state = ? AND updated_at >= ?
		ORDER BY updated_at DESC LIMIT ?`, tenantID, ItemFailed, failedSince.UTC(), limit)
	if err != nil {
		return nil, err
	}
	for _, a := range failed {
		a.Reason = "failed: " + a.Reason
		out = append(out, a)
	}

	stuck, err := s.attention(ctx, `SELECT order_id, domain, state, '', updated_at
		FROM order_items WHERE tenant_id = ? AND state IN (?, ?, ?, ?) AND updated_at < ?
		ORDER BY updated_at LIMIT ?`, tenantID, ItemPending, ItemAuthorized, ItemRegistering,
		ItemTransferring, stuckBefore.UTC(), limit)
	if err != nil {
		return nil, err
	}
	for _, a := range stuck {
		a.Reason = "no progress since " + a.At.Format("2006-01-02 15:04") + " UTC"
		out = append(out, a)
	}

	expiring, err := s.attention(ctx, `SELECT order_id, '', status, purpose, expires_at
		FROM payments WHERE tenant_id = ? AND status = ? AND expires_at < ?
		ORDER BY expires_at LIMIT ?`, tenantID, "authorized", expiringBefore.UTC(), limit)
	if err != nil {
		return nil, err
	}
	for _, a := range expiring {
		a.Reason = "card authorisation (" + a.Reason + ") ends " + a.At.Format("2006-01-02 15:04") + " UTC"
		out = append(out, a)
	}
	return out, nil
}

func (s *Store) attention(ctx context.Context, q string, args ...any) ([]Attention, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: attention: %w", err)
	}
	defer rows.Close()

	var out []Attention
	for rows.Next() {
		var a Attention
		if err := rows.Scan(&a.OrderID, &a.Domain, &a.State, &a.Reason, &a.At); err != nil {
			return nil, fmt.Errorf("store: attention: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AuditOf lists the newest audit entries about one subject (a domain name).
func (s *Store) AuditOf(ctx context.Context, tenantID, subject string, limit int) ([]AuditEntry, error) {
	rows, err := s.db.Query(ctx, `SELECT actor, action, subject, detail, at FROM audit_log
		WHERE tenant_id = ? AND subject = ? ORDER BY at DESC LIMIT ?`, tenantID, subject, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit of %s: %w", subject, err)
	}
	defer rows.Close()

	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.Actor, &e.Action, &e.Subject, &e.Detail, &e.At); err != nil {
			return nil, fmt.Errorf("store: audit of %s: %w", subject, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// OutboxMessage is one e-mail the product queued.
type OutboxMessage struct {
	ID        string
	To        string
	Subject   string
	Body      string
	CreatedAt time.Time
	SentAt    time.Time
}

// Outbox lists a tenant's newest queued e-mails; about, when set, keeps
// those whose subject mentions it (a domain's reminders).
func (s *Store) Outbox(ctx context.Context, tenantID, about string, limit int) ([]OutboxMessage, error) {
	q := `SELECT id, to_addr, subject, body, created_at, sent_at FROM outbox WHERE tenant_id = ?`
	args := []any{tenantID}
	if about != "" {
		q += ` AND subject LIKE ? ESCAPE '\'`
		args = append(args, likePattern(about))
	}
	q += ` ORDER BY created_at DESC LIMIT ?`
	args = append(args, limit)

	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: outbox: %w", err)
	}
	defer rows.Close()

	var out []OutboxMessage
	for rows.Next() {
		var m OutboxMessage
		var sent sql.NullTime
		if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.CreatedAt, &sent); err != nil {
			return nil, fmt.Errorf("store: outbox: %w", err)
		}
		m.SentAt = timeOf(sent)
		out = append(out, m)
	}
	return out, rows.Err()
}
