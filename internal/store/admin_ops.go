package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Domain operation statuses: pending until the registrar says it ended.
const (
	DomainOpPending   = "pending"
	DomainOpSucceeded = "succeeded"
	DomainOpFailed    = "failed"
)

// DomainOperation is a registrar operation on a domain's settings that was
// still running when the request that started it ended.
type DomainOperation struct {
	ID          string
	TenantID    string
	DomainID    string
	Registrar   string
	OperationID string
	// Kind is the registrar operation type ("privacy", "lock", "nameservers").
	Kind        string
	Status      string
	Message     string
	SubmittedAt time.Time
	CheckedAt   time.Time
}

// RecordDomainOperation keeps a pending operation to be read again later.
func (s *Store) RecordDomainOperation(ctx context.Context, o DomainOperation) (DomainOperation, error) {
	o.ID, o.Status, o.SubmittedAt = NewID("dop"), DomainOpPending, s.now()
	_, err := s.db.Exec(ctx, `INSERT INTO domain_operations (id, tenant_id, domain_id, registrar,
		operation_id, kind, status, message, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.TenantID, o.DomainID, o.Registrar, o.OperationID, o.Kind, o.Status, o.Message,
		o.SubmittedAt)
	if err != nil {
		return o, fmt.Errorf("store: record domain operation: %w", err)
	}
	return o, nil
}

const domainOpCols = `id, tenant_id, domain_id, registrar, operation_id, kind, status, message,
	submitted_at, checked_at`

func scanDomainOp(row interface{ Scan(...any) error }) (DomainOperation, error) {
	var o DomainOperation
	var checked sql.NullTime
	err := row.Scan(&o.ID, &o.TenantID, &o.DomainID, &o.Registrar, &o.OperationID, &o.Kind,
		&o.Status, &o.Message, &o.SubmittedAt, &checked)
	o.CheckedAt = timeOf(checked)
	return o, err
}

func (s *Store) domainOps(ctx context.Context, where string, args ...any) ([]DomainOperation, error) {
	rows, err := s.db.Query(ctx, `SELECT `+domainOpCols+` FROM domain_operations `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: domain operations: %w", err)
	}
	defer rows.Close()

	var out []DomainOperation
	for rows.Next() {
		o, err := scanDomainOp(rows)
		if err != nil {
			return nil, fmt.Errorf("store: domain operations: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// PendingDomainOperations lists the oldest pending operations first.
func (s *Store) PendingDomainOperations(ctx context.Context, limit int) ([]DomainOperation, error) {
	return s.domainOps(ctx, `WHERE status = ? ORDER BY submitted_at LIMIT ?`, DomainOpPending, limit)
}

// DomainOperations lists a domain's newest operations.
func (s *Store) DomainOperations(ctx context.Context, domainID string, limit int) ([]DomainOperation, error) {
	return s.domainOps(ctx, `WHERE domain_id = ? ORDER BY submitted_at DESC LIMIT ?`, domainID, limit)
}

// FinishDomainOperation records a look at an operation: its status (still
// pending, succeeded or failed) and the registrar's message.
func (s *Store) FinishDomainOperation(ctx context.Context, id, status, message string) error {
	_, err := s.db.Exec(ctx, `UPDATE domain_operations SET status = ?, message = ?, checked_at = ?
		WHERE id = ?`, status, message, s.now(), id)
	if err != nil {
		return fmt.Errorf("store: finish domain operation: %w", err)
	}
	return nil
}

// DomainByID reads a domain by its id.
func (s *Store) DomainByID(ctx context.Context, id string) (Domain, error) {
	d, err := scanDomain(s.db.QueryRow(ctx, `SELECT `+domainCols+` FROM domains WHERE id = ?`, id))
	if err != nil {
		return d, notFound(err, "domain "+id)
	}
	return d, nil
}

// SetDomainNameservers saves the name servers read back from the registrar.
func (s *Store) SetDomainNameservers(ctx context.Context, d Domain) error {
	if d.Nameservers == nil {
		d.Nameservers = []string{}
	}
	ns, _ := json.Marshal(d.Nameservers)
	_, err := s.db.Exec(ctx, `UPDATE domains SET nameservers = ?, updated_at = ? WHERE id = ?`,
		string(ns), s.now(), d.ID)
	if err != nil {
		return fmt.Errorf("store: name servers of %s: %w", d.Name, err)
	}
	return nil
}
