package sandbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/proecommerce/domains/internal/registrar"
)

// querier is what both *sqldb.DB and *sqldb.Tx offer.
type querier interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
}

// domainRow is one row of sandbox_registry_domains.
type domainRow struct {
	Domain      string
	Created     time.Time
	Expires     time.Time
	AutoRenew   bool
	Locked      bool
	Privacy     bool
	Nameservers []string
	AuthCode    string
}

// opRow is one row of sandbox_registry_operations.
type opRow struct {
	ID          string
	Domain      string
	Type        registrar.OperationType
	Status      registrar.OperationStatus
	Message     string
	Years       int
	Privacy     bool
	Nameservers []string
	Submitted   time.Time
	Updated     time.Time
	CompletesAt sql.NullTime
	Fail        bool
}

const domainColumns = `domain, created_at, expires_at, auto_renew, locked, privacy,
	nameservers, auth_code`

const opColumns = `id, domain, type, status, message, years, privacy, nameservers,
	submitted_at, updated_at, completes_at, fail`

type scanner interface{ Scan(dest ...any) error }

func scanDomain(s scanner) (domainRow, error) {
	var d domainRow
	var ns string
	err := s.Scan(&d.Domain, &d.Created, &d.Expires, &d.AutoRenew, &d.Locked, &d.Privacy,
		&ns, &d.AuthCode)
	d.Created, d.Expires, d.Nameservers = d.Created.UTC(), d.Expires.UTC(), splitNS(ns)
	return d, err
}

func scanOp(s scanner) (opRow, error) {
	var o opRow
	var ns string
	err := s.Scan(&o.ID, &o.Domain, &o.Type, &o.Status, &o.Message, &o.Years, &o.Privacy, &ns,
		&o.Submitted, &o.Updated, &o.CompletesAt, &o.Fail)
	o.Submitted, o.Updated, o.Nameservers = o.Submitted.UTC(), o.Updated.UTC(), splitNS(ns)
	o.CompletesAt.Time = o.CompletesAt.Time.UTC()
	return o, err
}

// getDomain reads one domain; a missing one is a KindNotFound error.
func getDomain(ctx context.Context, q querier, domain string) (domainRow, error) {
	row := q.QueryRow(ctx, `SELECT `+domainColumns+
		` FROM sandbox_registry_domains WHERE domain = ?`, domain)
	d, err := scanDomain(row)
	if errors.Is(err, sql.ErrNoRows) {
		return d, registrar.Errorf(registrar.KindNotFound, "sandbox: %s is not in this account", domain)
	}
	if err != nil {
		return d, fmt.Errorf("sandbox registrar: read domain %s: %w", domain, err)
	}
	return d, nil
}

// domainExists reports whether the sandbox registry holds domain.
func domainExists(ctx context.Context, q querier, domain string) (bool, error) {
	_, err := getDomain(ctx, q, domain)
	if registrar.IsKind(err, registrar.KindNotFound) {
		return false, nil
	}
	return err == nil, err
}

func insertDomain(ctx context.Context, q querier, d domainRow) error {
	_, err := q.Exec(ctx, `INSERT INTO sandbox_registry_domains (`+domainColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.Domain, d.Created, d.Expires, d.AutoRenew, d.Locked, d.Privacy,
		joinNS(d.Nameservers), d.AuthCode)
	if err != nil {
		return fmt.Errorf("sandbox registrar: insert domain %s: %w", d.Domain, err)
	}
	return nil
}

// getOp reads one operation; a missing one is a KindNotFound error.
func getOp(ctx context.Context, q querier, id string) (opRow, error) {
	row := q.QueryRow(ctx, `SELECT `+opColumns+` FROM sandbox_registry_operations WHERE id = ?`, id)
	o, err := scanOp(row)
	if errors.Is(err, sql.ErrNoRows) {
		return o, registrar.Errorf(registrar.KindNotFound, "sandbox: no operation %q", id)
	}
	if err != nil {
		return o, fmt.Errorf("sandbox registrar: read operation %s: %w", id, err)
	}
	return o, nil
}

func insertOp(ctx context.Context, q querier, o opRow) error {
	_, err := q.Exec(ctx, `INSERT INTO sandbox_registry_operations (`+opColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.Domain, string(o.Type), string(o.Status), o.Message, o.Years, o.Privacy,
		joinNS(o.Nameservers), o.Submitted, o.Updated, o.CompletesAt, o.Fail)
	if isUniqueViolation(err) {
		return registrar.Errorf(registrar.KindDuplicate,
			"sandbox: a registration or transfer of %s is already in progress", o.Domain)
	}
	if err != nil {
		return fmt.Errorf("sandbox registrar: insert operation on %s: %w", o.Domain, err)
	}
	return nil
}

// toOperation converts a row to the registrar's operation type.
func (o opRow) toOperation() registrar.Operation {
	return registrar.Operation{
		ID:        o.ID,
		Domain:    o.Domain,
		Type:      o.Type,
		Status:    o.Status,
		Message:   o.Message,
		Submitted: o.Submitted,
		Updated:   o.Updated,
	}
}

func joinNS(ns []string) string { return strings.Join(ns, ",") }

func splitNS(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// isUniqueViolation reports whether err is a unique-constraint failure on
// either database.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE ||
			liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}
