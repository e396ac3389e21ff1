package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Mail is one message in the outbox.
type Mail struct {
	ID        string
	TenantID  string
	To        string
	Subject   string
	Body      string
	CreatedAt time.Time
	SentAt    time.Time
}

// QueueMail writes a message to the outbox.
func (s *Store) QueueMail(ctx context.Context, m Mail) error {
	_, err := s.db.Exec(ctx, `INSERT INTO outbox (id, tenant_id, to_addr, subject, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, NewID("mail"), m.TenantID, m.To, m.Subject, m.Body, s.now())
	if err != nil {
		return fmt.Errorf("store: queue mail: %w", err)
	}
	return nil
}

// UnsentMail lists the oldest messages not yet sent.
func (s *Store) UnsentMail(ctx context.Context, limit int) ([]Mail, error) {
	return s.mails(ctx, `WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ?`, limit)
}

func (s *Store) mails(ctx context.Context, where string, args ...any) ([]Mail, error) {
	rows, err := s.db.Query(ctx, `SELECT id, tenant_id, to_addr, subject, body, created_at, sent_at
		FROM outbox `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: outbox: %w", err)
	}
	defer rows.Close()

	var out []Mail
	for rows.Next() {
		var m Mail
		var sent sql.NullTime
		if err := rows.Scan(&m.ID, &m.TenantID, &m.To, &m.Subject, &m.Body, &m.CreatedAt, &sent); err != nil {
			return nil, fmt.Errorf("store: outbox: %w", err)
		}
		m.SentAt = timeOf(sent)
		out = append(out, m)
	}
	return out, rows.Err()
}

// MarkMailSent records that a message left.
func (s *Store) MarkMailSent(ctx context.Context, id string) error {
	_, err := s.db.Exec(ctx, `UPDATE outbox SET sent_at = ? WHERE id = ?`, s.now(), id)
	if err != nil {
		return fmt.Errorf("store: mark mail sent: %w", err)
	}
	return nil
}
