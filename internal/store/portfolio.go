package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/sqldb"
)

// PortfolioDomain is a domain with the fields portfolio sync and import
// read and write besides the common ones.
type PortfolioDomain struct {
	Domain
	// RenewalAmount is the imported recurring price of one RenewalYears
	// period in RenewalCurrency; nil renews at the list price.
	RenewalAmount   *int64
	RenewalCurrency string
	RenewalYears    int
	// SourceStatus is the status where the domain came from ("Transferred
	// Away"), kept beside our own.
	SourceStatus string
	NextDueAt    time.Time
	// RegistrarAutoRenew is the registrar-side auto-renew a sync read;
	// Domain.AutoRenew stays the product's own setting.
	RegistrarAutoRenew bool
	RegistrarSeenAt    time.Time
	// MatchReason says why the domain was linked to its client.
	MatchReason string
	// ImportRef names the source row that last wrote it ("whmcs:53").
	ImportRef string
}

const portfolioCols = domainCols + `, renewal_amount, renewal_currency, renewal_years,
	source_status, next_due_at, registrar_auto_renew, registrar_seen_at, match_reason, import_ref`

func scanPortfolio(row interface{ Scan(...any) error }) (PortfolioDomain, error) {
	var p PortfolioDomain
	var client, item sql.NullString
	var expires, due, seen sql.NullTime
	var amount sql.NullInt64
	var ns string
	err := row.Scan(&p.ID, &p.TenantID, &client, &p.Name, &p.TLD, &p.Status, &p.Registrar,
		&expires, &p.AutoRenew, &p.Locked, &p.Privacy, &ns, &p.NeedsReview, &p.ReviewNote,
		&p.DNSHost, &p.ZoneID, &item, &p.CreatedAt, &p.UpdatedAt,
		&amount, &p.RenewalCurrency, &p.RenewalYears, &p.SourceStatus, &due,
		&p.RegistrarAutoRenew, &seen, &p.MatchReason, &p.ImportRef)
	if err != nil {
		return p, err
	}
	p.ClientID, p.OrderItemID, p.ExpiresAt = client.String, item.String, timeOf(expires)
	p.NextDueAt, p.RegistrarSeenAt = timeOf(due), timeOf(seen)
	if amount.Valid {
		v := amount.Int64
		p.RenewalAmount = &v
	}
	p.Nameservers = decodeNS(ns)
	return p, nil
}

func decodeNS(ns string) []string {
	var out []string
	_ = json.Unmarshal([]byte(ns), &out)
	return out
}

func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// PortfolioDomain reads one domain of a tenant with its portfolio fields.
func (s *Store) PortfolioDomain(ctx context.Context, tenantID, name string) (PortfolioDomain, error) {
	p, err := scanPortfolio(s.db.QueryRow(ctx, `SELECT `+portfolioCols+
		` FROM domains WHERE tenant_id = ? AND name = ?`, tenantID, name))
	if err != nil {
		return p, notFound(err, "domain "+name)
	}
	return p, nil
}

// DomainsNamed reads the domains of every tenant whose name is one of
// names (at most a page's worth), so a sync can find who holds each.
func (s *Store) DomainsNamed(ctx context.Context, names []string) ([]PortfolioDomain, error) {
	if len(names) == 0 {
		return nil, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ")
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	rows, err := s.db.Query(ctx, `SELECT `+portfolioCols+` FROM domains WHERE name IN (`+
		marks+`) ORDER BY name, created_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: domains named: %w", err)
	}
	defer rows.Close()

	out := make([]PortfolioDomain, 0, len(names))
	for rows.Next() {
		p, err := scanPortfolio(rows)
		if err != nil {
			return nil, fmt.Errorf("store: domains named: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// AuditRecord is an audit entry written with a batch of domain changes.
type AuditRecord struct {
	TenantID, Actor, Action, Subject, Detail string
}

// SaveSynced writes a page of domains read from a registrar in one
// transaction, with their audit entries. A row whose name exists in its
// tenant is updated; the product's own auto_renew is never overwritten and
// a client already linked is kept.
func (s *Store) SaveSynced(ctx context.Context, rows []PortfolioDomain, audits []AuditRecord) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		for i := range rows {
			if err := upsertSynced(ctx, tx, &rows[i], now); err != nil {
				return err
			}
		}
		return writeAudits(ctx, tx, audits, now)
	})
}

func upsertSynced(ctx context.Context, tx *sqldb.Tx, p *PortfolioDomain, now time.Time) error {
	if p.ID == "" {
		p.ID = NewID("dom")
	}
	_, err := tx.Exec(ctx, `INSERT INTO domains (id, tenant_id, client_id, name, tld, status,
		registrar, expires_at, auto_renew, locked, privacy, nameservers, needs_review, review_note,
		registrar_auto_renew, registrar_seen_at, match_reason, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, name) DO UPDATE SET
			client_id = COALESCE(domains.client_id, excluded.client_id),
			match_reason = CASE WHEN domains.client_id IS NULL THEN excluded.match_reason
				ELSE domains.match_reason END,
			status = excluded.status, registrar = excluded.registrar,
			expires_at = excluded.expires_at, locked = excluded.locked,
			privacy = excluded.privacy, needs_review = excluded.needs_review,
			review_note = excluded.review_note,
			registrar_auto_renew = excluded.registrar_auto_renew,
			registrar_seen_at = excluded.registrar_seen_at, updated_at = excluded.updated_at`,
		p.ID, p.TenantID, nullString(p.ClientID), p.Name, p.TLD, p.Status, p.Registrar,
		nullTime(p.ExpiresAt), p.AutoRenew, p.Locked, p.Privacy, p.NeedsReview, p.ReviewNote,
		p.RegistrarAutoRenew, nullTime(p.RegistrarSeenAt), p.MatchReason, now, now)
	if err != nil {
		return fmt.Errorf("store: save synced %s: %w", p.Name, err)
	}
	return nil
}

// TouchSeen records that a sync found the domains in their registrar's
// list without changing anything else (a detail that could not be read).
func (s *Store) TouchSeen(ctx context.Context, ids []string, at time.Time) error {
	for _, id := range ids {
		if _, err := s.db.Exec(ctx, `UPDATE domains SET registrar_seen_at = ? WHERE id = ?`,
			nullTime(at), id); err != nil {
			return fmt.Errorf("store: touch seen: %w", err)
		}
	}
	return nil
}

func writeAudits(ctx context.Context, tx *sqldb.Tx, audits []AuditRecord, now time.Time) error {
	for _, a := range audits {
		_, err := tx.Exec(ctx, `INSERT INTO audit_log (id, tenant_id, actor, action, subject,
			detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)`, NewID("aud"), a.TenantID, a.Actor, a.Action,
			a.Subject, a.Detail, now)
		if err != nil {
			return fmt.Errorf("store: audit: %w", err)
		}
	}
	return nil
}

// MarkUnseenGone marks gone, in batches, every active domain of the
// registrar, in any tenant, that existed before since and that no sync has
// seen since then, with an audit entry for each. It returns how many.
// Callers use it only after a sync that read the whole list.
func (s *Store) MarkUnseenGone(ctx context.Context, registrarName string, since time.Time,
	actor string) (int, error) {
	total := 0
	for {
		n, err := s.markGoneBatch(ctx, registrarName, since, actor, 200)
		total += n
		if err != nil || n < 200 {
			return total, err
		}
	}
}

func (s *Store) markGoneBatch(ctx context.Context, registrarName string, since time.Time,
	actor string, limit int) (int, error) {
	n := 0
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		ids, audits, err := unseen(ctx, tx, registrarName, since, actor, limit)
		if err != nil {
			return err
		}

		now := s.now()
		for _, id := range ids {
			if _, err := tx.Exec(ctx, `UPDATE domains SET status = ?, source_status = ?,
				updated_at = ? WHERE id = ?`, DomainGone, "missing at "+registrarName, now, id); err != nil {
				return fmt.Errorf("store: mark gone: %w", err)
			}
		}
		n = len(ids)
		return writeAudits(ctx, tx, audits, now)
	})
	return n, err
}

// unseen finds a batch of the registrar's active domains no sync has seen
// since, with the audit entry that tells the operator of each.
func unseen(ctx context.Context, tx *sqldb.Tx, registrarName string, since time.Time,
	actor string, limit int) ([]string, []AuditRecord, error) {
	rows, err := tx.Query(ctx, `SELECT id, tenant_id, name FROM domains WHERE registrar = ?
		AND status = ? AND created_at < ? AND (registrar_seen_at IS NULL OR registrar_seen_at < ?)
		ORDER BY name LIMIT ?`, registrarName, DomainActive, nullTime(since), nullTime(since), limit)
	if err != nil {
		return nil, nil, fmt.Errorf("store: find gone: %w", err)
	}
	defer rows.Close()

	var ids []string
	var audits []AuditRecord
	for rows.Next() {
		var id, tenant, name string
		if err := rows.Scan(&id, &tenant, &name); err != nil {
			return nil, nil, fmt.Errorf("store: find gone: %w", err)
		}
		ids = append(ids, id)
		audits = append(audits, AuditRecord{TenantID: tenant, Actor: actor, Action: "domain_gone",
			Subject: name, Detail: "no longer in registrar " + registrarName +
				"'s list (transferred away or deleted): marked gone and no longer billed"})
	}
	return ids, audits, rows.Err()
}

// Match is why a name belongs to a client.
type Match struct {
	ClientID string
	Reason   string
}

// MatchClient finds the client a tenant's name belongs to (see
// MatchClients).
func (s *Store) MatchClient(ctx context.Context, tenantID, name string) (Match, error) {
	m, err := s.MatchClients(ctx, tenantID, []string{name})
	return m[name], err
}

// matchSources are where a name held for a client is looked for, in order:
// the client's order items, then client_services (WHMCS import rows and
// hosting services). Each query returns name, client and a reference.
var matchSources = []struct{ why, q string }{
	{"order", `SELECT DISTINCT i.domain, o.client_id, i.order_id FROM order_items i
		JOIN orders o ON o.id = i.order_id WHERE i.tenant_id = ? AND i.domain IN (%s)`},
	{"service", `SELECT DISTINCT name, client_id, source FROM client_services
		WHERE tenant_id = ? AND name IN (%s)`},
}

// MatchClients finds, for each of a page of a tenant's names, the client
// that already holds it. A name two clients claim in the same source is not
// matched: its Match has a Reason saying so and no ClientID. Names matched
// nowhere are absent from the map.
func (s *Store) MatchClients(ctx context.Context, tenantID string, names []string) (map[string]Match, error) {
	out := make(map[string]Match, len(names))
	if len(names) == 0 {
		return out, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ")
	args := make([]any, 0, len(names)+1)
	args = append(args, tenantID)
	for _, n := range names {
		args = append(args, n)
	}
	for _, src := range matchSources {
		found, err := s.matchIn(ctx, fmt.Sprintf(src.q, marks), args)
		if err != nil {
			return nil, err
		}
		for name, clients := range found {
			if _, done := out[name]; !done {
				out[name] = decide(src.why, clients)
			}
		}
	}
	return out, nil
}

func (s *Store) matchIn(ctx context.Context, q string, args []any) (map[string]map[string]string, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: match clients: %w", err)
	}
	defer rows.Close()

	found := map[string]map[string]string{}
	for rows.Next() {
		var name, client, ref string
		if err := rows.Scan(&name, &client, &ref); err != nil {
			return nil, fmt.Errorf("store: match clients: %w", err)
		}
		if found[name] == nil {
			found[name] = map[string]string{}
		}
		found[name][client] = ref
	}
	return found, rows.Err()
}

// decide turns the clients one source names for a name into a Match.
func decide(why string, clients map[string]string) Match {
	if len(clients) != 1 {
		return Match{Reason: fmt.Sprintf("ambiguous: %d clients hold this name (%s)", len(clients), why)}
	}
	for c, ref := range clients {
		if why == "order" {
			ref = "order " + ref
		}
		return Match{ClientID: c, Reason: "name matches " + ref}
	}
	return Match{}
}

// AddClientService records a name held for a client (a hosting service or
// a WHMCS import row); a repeat is ignored. It reports whether it added one.
func (s *Store) AddClientService(ctx context.Context, tenantID, clientID, name, source string) (bool, error) {
	res, err := s.db.Exec(ctx, `INSERT INTO client_services (tenant_id, client_id, name, source,
		created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, tenantID, clientID, name,
		source, s.now())
	if err != nil {
		return false, fmt.Errorf("store: add client service: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// MissingDomainsError lists names a request gave that the tenant lacks.
type MissingDomainsError struct{ Names []string }

func (e *MissingDomainsError) Error() string {
	return "domains not found: " + strings.Join(e.Names, ", ")
}

// Unwrap makes the error an ErrNotFound.
func (e *MissingDomainsError) Unwrap() error { return ErrNotFound }

// LinkDomains links every named domain of the tenant to the client, all
// or nothing: a name the tenant does not hold is a *MissingDomainsError
// and nothing changes. Each link gets an audit entry with the reason.
func (s *Store) LinkDomains(ctx context.Context, tenantID, clientID string, names []string,
	actor, reason string) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		var missing []string
		for _, n := range names {
			res, err := tx.Exec(ctx, `UPDATE domains SET client_id = ?, match_reason = ?,
				updated_at = ? WHERE tenant_id = ? AND name = ?`, clientID, reason, now, tenantID, n)
			if err != nil {
				return fmt.Errorf("store: link %s: %w", n, err)
			}
			if k, _ := res.RowsAffected(); k == 0 {
				missing = append(missing, n)
				continue
			}
			if err := writeAudits(ctx, tx, []AuditRecord{{TenantID: tenantID, Actor: actor,
				Action: "link_client", Subject: n, Detail: clientID + ": " + reason}}, now); err != nil {
				return err
			}
		}
		if len(missing) > 0 {
			return &MissingDomainsError{Names: missing}
		}
		return nil
	})
}

// WHMCSLocal returns the id a WHMCS row became (kind "client" or
// "domain"), or ErrNotFound.
func (s *Store) WHMCSLocal(ctx context.Context, tenantID, kind, whmcsID string) (string, error) {
	var id string
	err := s.db.QueryRow(ctx, `SELECT local_id FROM whmcs_imports WHERE tenant_id = ? AND kind = ?
		AND whmcs_id = ?`, tenantID, kind, whmcsID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("whmcs %s %s: %w", kind, whmcsID, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("store: whmcs map: %w", err)
	}
	return id, nil
}

// PutWHMCSLocal records the id a WHMCS row became.
func (s *Store) PutWHMCSLocal(ctx context.Context, tenantID, kind, whmcsID, localID string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO whmcs_imports (tenant_id, kind, whmcs_id, local_id)
		VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, kind, whmcs_id) DO UPDATE SET
		local_id = excluded.local_id`, tenantID, kind, whmcsID, localID)
	if err != nil {
		return fmt.Errorf("store: whmcs map: %w", err)
	}
	return nil
}

// SaveImported creates or replaces a tenant's domain from an import row:
// every imported field is written, a client already linked is kept.
func (s *Store) SaveImported(ctx context.Context, p PortfolioDomain) (PortfolioDomain, error) {
	now := s.now()
	if p.ID == "" {
		p.ID = NewID("dom")
	}
	_, err := s.db.Exec(ctx, `INSERT INTO domains (id, tenant_id, client_id, name, tld, status,
		registrar, expires_at, auto_renew, locked, privacy, nameservers, needs_review, review_note,
		renewal_amount, renewal_currency, renewal_years, source_status, next_due_at, match_reason,
		import_ref, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, name) DO UPDATE SET
			client_id = COALESCE(domains.client_id, excluded.client_id),
			match_reason = CASE WHEN domains.client_id IS NULL THEN excluded.match_reason
				ELSE domains.match_reason END,
			status = excluded.status, registrar = excluded.registrar,
			expires_at = excluded.expires_at, auto_renew = excluded.auto_renew,
			privacy = excluded.privacy, needs_review = excluded.needs_review,
			review_note = excluded.review_note, renewal_amount = excluded.renewal_amount,
			renewal_currency = excluded.renewal_currency, renewal_years = excluded.renewal_years,
			source_status = excluded.source_status, next_due_at = excluded.next_due_at,
			import_ref = excluded.import_ref, updated_at = excluded.updated_at`,
		p.ID, p.TenantID, nullString(p.ClientID), p.Name, p.TLD, p.Status, p.Registrar,
		nullTime(p.ExpiresAt), p.AutoRenew, p.Privacy, p.NeedsReview, p.ReviewNote,
		nullInt(p.RenewalAmount), p.RenewalCurrency, p.RenewalYears, p.SourceStatus,
		nullTime(p.NextDueAt), p.MatchReason, p.ImportRef, now, now)
	if err != nil {
		return p, fmt.Errorf("store: save imported %s: %w", p.Name, err)
	}
	return s.PortfolioDomain(ctx, p.TenantID, p.Name)
}

// MarkGone marks one domain gone (its registrar no longer holds it), with
// an audit entry saying why; a gone domain is not billed.
func (s *Store) MarkGone(ctx context.Context, d PortfolioDomain, actor, why string) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE domains SET status = ?, source_status = ?, updated_at = ?
			WHERE id = ?`, DomainGone, "missing at "+d.Registrar, now, d.ID); err != nil {
			return fmt.Errorf("store: mark gone: %w", err)
		}
		return writeAudits(ctx, tx, []AuditRecord{{TenantID: d.TenantID, Actor: actor,
			Action: "domain_gone", Subject: d.Name, Detail: why + ": marked gone and no longer billed"}}, now)
	})
}
