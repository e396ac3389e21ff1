package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/sqldb"
)

// Renewal states: an invoice moves open → charging → paid → renewing →
// renewed; a failed charge goes back to open until the retries run out
// (payment_failed); a renewal that keeps failing ends refunding → refunded.
const (
	RenewalOpen          = "open"
	RenewalCharging      = "charging"
	RenewalPaymentFailed = "payment_failed"
	RenewalPaid          = "paid"
	RenewalRenewing      = "renewing"
	RenewalRenewed       = "renewed"
	RenewalRefunding     = "refunding"
	RenewalRefunded      = "refunded"
	RenewalCancelled     = "cancelled"
)

// Renewal is the state of one renewal invoice through charge and renewal.
type Renewal struct {
	InvoiceID  string
	TenantID   string
	ClientID   string
	DomainID   string
	Domain     string
	Registrar  string
	Kind       string
	Years      int
	PeriodFrom time.Time
	PeriodTo   time.Time
	Amount     money.Money
	DueAt      time.Time
	State      string
	// ChargeAttempt and RenewAttempt count the calls made; the charge's
	// idempotency key carries ChargeAttempt.
	ChargeAttempt int
	RenewAttempt  int
	// ChargeOnSession is set when the current charge attempt was made with
	// the client in the portal; its retry sends the same parameters.
	ChargeOnSession bool
	NextAttemptAt   time.Time
	PaymentID       string
	// ExpiryBefore is the registrar's expiry read just before Renew was
	// called; a registrar expiry after it means the renewal happened.
	ExpiryBefore time.Time
	OperationID  string
	NewExpiry    time.Time
	Error        string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

const renewalCols = `invoice_id, tenant_id, client_id, domain_id, domain, registrar, kind, years,
	period_from, period_to, currency, amount, due_at, state, charge_attempt, renew_attempt,
	next_attempt_at, payment_id, expiry_before, operation_id, new_expiry, error, created_at,
	updated_at, charge_on_session`

func scanRenewal(row interface{ Scan(...any) error }) (Renewal, error) {
	var r Renewal
	var cur string
	var amount int64
	var before, after sql.NullTime
	err := row.Scan(&r.InvoiceID, &r.TenantID, &r.ClientID, &r.DomainID, &r.Domain, &r.Registrar,
		&r.Kind, &r.Years, &r.PeriodFrom, &r.PeriodTo, &cur, &amount, &r.DueAt, &r.State,
		&r.ChargeAttempt, &r.RenewAttempt, &r.NextAttemptAt, &r.PaymentID, &before,
		&r.OperationID, &after, &r.Error, &r.CreatedAt, &r.UpdatedAt, &r.ChargeOnSession)
	r.Amount, r.ExpiryBefore, r.NewExpiry = money.New(amount, cur), timeOf(before), timeOf(after)
	r.PeriodFrom, r.PeriodTo, r.DueAt = r.PeriodFrom.UTC(), r.PeriodTo.UTC(), r.DueAt.UTC()
	r.NextAttemptAt = r.NextAttemptAt.UTC()
	return r, err
}

// DueDomain is a domain the invoicing run may bill.
type DueDomain struct {
	ID        string
	TenantID  string
	ClientID  string
	Name      string
	TLD       string
	Registrar string
	ExpiresAt time.Time
	AutoRenew bool
	// RenewalAmount, RenewalCurrency and RenewalYears are an imported
	// domain's recurring price and period (nil amount: the list price).
	RenewalAmount   *int64
	RenewalCurrency string
	RenewalYears    int
}

// DueDomainByID reads one domain as the invoicing run sees it, whatever
// its status and expiry.
func (s *Store) DueDomainByID(ctx context.Context, id string) (DueDomain, error) {
	var d DueDomain
	var client sql.NullString
	var expires sql.NullTime
	var amount sql.NullInt64
	err := s.db.QueryRow(ctx, `SELECT id, tenant_id, client_id, name, tld, registrar, expires_at,
		auto_renew, renewal_amount, COALESCE(renewal_currency, ''), COALESCE(renewal_years, 0)
		FROM domains WHERE id = ?`, id).Scan(&d.ID, &d.TenantID, &client, &d.Name, &d.TLD,
		&d.Registrar, &expires, &d.AutoRenew, &amount, &d.RenewalCurrency, &d.RenewalYears)
	if err != nil {
		return d, notFound(err, "domain "+id)
	}
	d.ClientID, d.ExpiresAt = client.String, expires.Time.UTC()
	if amount.Valid {
		d.RenewalAmount = &amount.Int64
	}
	return d, nil
}

// RenewalForPeriod returns a domain's renewal for the period starting at
// from, whatever its state.
func (s *Store) RenewalForPeriod(ctx context.Context, domainID string, from time.Time) (Renewal, error) {
	r, err := scanRenewal(s.db.QueryRow(ctx, `SELECT `+renewalCols+` FROM renewals
		WHERE domain_id = ? AND period_from = ?`, domainID, from.UTC()))
	if err != nil {
		return r, notFound(err, "renewal of "+domainID)
	}
	return r, nil
}

// RenewalByPaymentID returns the renewal whose charge is the gateway
// payment providerID.
func (s *Store) RenewalByPaymentID(ctx context.Context, providerID string) (Renewal, error) {
	r, err := scanRenewal(s.db.QueryRow(ctx, `SELECT `+renewalCols+` FROM renewals
		WHERE payment_id = ?`, providerID))
	if err != nil {
		return r, notFound(err, "renewal paid by "+providerID)
	}
	return r, nil
}

// DueCursor is the keyset position of DueDomains: the last row's expiry and id.
type DueCursor struct {
	ExpiresAt time.Time
	ID        string
}

// DueDomains returns up to limit active domains with a client whose expiry
// lies in [from, to) after the cursor, ordered by expiry and id, leaving
// out domains whose renewal was cancelled, domains already invoiced for
// the period starting at their expiry, and domains with a renewal still
// under way for another period (an expiry corrected by a sync after its
// invoice was made must not bill the year twice). It walks the (status, expires_at)
// index, so its cost follows the domains due, not the domains held.
func (s *Store) DueDomains(ctx context.Context, from, to time.Time, after DueCursor, limit int) ([]DueDomain, error) {
	if after.ExpiresAt.Before(from) {
		after = DueCursor{ExpiresAt: from}
	}
	// The cursor's expiry is the lower bound of the index range, so each
	// page starts where the previous one ended.
	rows, err := s.db.Query(ctx, `SELECT d.id, d.tenant_id, d.client_id, d.name, d.tld,
		d.registrar, d.expires_at, d.auto_renew, d.renewal_amount,
		COALESCE(d.renewal_currency, ''), COALESCE(d.renewal_years, 0) FROM domains d
		WHERE d.status = ? AND d.expires_at >= ? AND d.expires_at < ?
		AND (d.expires_at > ? OR (d.expires_at = ? AND d.id > ?))
		AND d.client_id IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM renewal_cancellations c WHERE c.domain_id = d.id)
		AND NOT EXISTS (SELECT 1 FROM renewals r WHERE r.domain_id = d.id
			AND (r.period_from = d.expires_at OR r.state IN (?, ?, ?, ?, ?, ?)))
		ORDER BY d.expires_at, d.id LIMIT ?`, DomainActive, after.ExpiresAt.UTC(), to.UTC(),
		after.ExpiresAt.UTC(), after.ExpiresAt.UTC(), after.ID, RenewalOpen, RenewalCharging,
		RenewalPaymentFailed, RenewalPaid, RenewalRenewing, RenewalRefunding, limit)
	if err != nil {
		return nil, fmt.Errorf("store: due domains: %w", err)
	}
	defer rows.Close()

	var out []DueDomain
	for rows.Next() {
		var d DueDomain
		var amount sql.NullInt64
		if err := rows.Scan(&d.ID, &d.TenantID, &d.ClientID, &d.Name, &d.TLD, &d.Registrar,
			&d.ExpiresAt, &d.AutoRenew, &amount, &d.RenewalCurrency, &d.RenewalYears); err != nil {
			return nil, fmt.Errorf("store: due domains: %w", err)
		}
		if amount.Valid {
			d.RenewalAmount = &amount.Int64
		}
		d.ExpiresAt = d.ExpiresAt.UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}

// errRenewalExists stops the transaction of a renewal invoice that exists.
var errRenewalExists = errors.New("store: renewal invoice exists")

// CreateRenewalInvoice writes a renewal invoice, its line (whose UniqueKey
// names the domain and period) and its renewal state in one transaction.
// It reports false, and writes nothing, when the invoice exists already.
func (s *Store) CreateRenewalInvoice(ctx context.Context, inv *Invoice, r *Renewal) (bool, error) {
	now := s.now()
	inv.ID, inv.CreatedAt = NewID("inv"), now
	r.InvoiceID, r.CreatedAt, r.UpdatedAt = inv.ID, now, now

	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if err := insertInvoice(ctx, tx, inv); err != nil {
			return err
		}
		return insertRenewal(ctx, tx, r)
	})
	if errors.Is(err, errRenewalExists) {
		return false, nil
	}
	return err == nil, err
}

func insertInvoice(ctx context.Context, tx *sqldb.Tx, inv *Invoice) error {
	_, err := tx.Exec(ctx, `INSERT INTO invoices (id, tenant_id, client_id, order_id, status,
		currency, total, due_at, paid_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		inv.ID, inv.TenantID, inv.ClientID, nullString(inv.OrderID), inv.Status,
		inv.Total.Currency, inv.Total.Amount, nullTime(inv.DueAt), nullTime(inv.PaidAt),
		inv.CreatedAt)
	if err != nil {
		return fmt.Errorf("store: create invoice: %w", err)
	}
	for i := range inv.Lines {
		l := &inv.Lines[i]
		l.ID = NewID("inl")
		_, err := tx.Exec(ctx, `INSERT INTO invoice_lines (id, tenant_id, invoice_id, domain, kind,
			period_from, period_to, amount, currency, unique_key)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, l.ID, inv.TenantID, inv.ID, l.Domain, l.Kind,
			nullTime(l.PeriodFrom), nullTime(l.PeriodTo), l.Amount.Amount, l.Amount.Currency,
			nullString(l.UniqueKey))
		if isUnique(err) {
			return errRenewalExists
		}
		if err != nil {
			return fmt.Errorf("store: invoice line: %w", err)
		}
	}
	return nil
}

func insertRenewal(ctx context.Context, tx *sqldb.Tx, r *Renewal) error {
	_, err := tx.Exec(ctx, `INSERT INTO renewals (`+renewalCols+`) VALUES (?, ?, ?, ?, ?, ?, ?,
		?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.InvoiceID, r.TenantID, r.ClientID,
		r.DomainID, r.Domain, r.Registrar, r.Kind, r.Years, nullTime(r.PeriodFrom),
		nullTime(r.PeriodTo), r.Amount.Currency, r.Amount.Amount, nullTime(r.DueAt), r.State,
		r.ChargeAttempt, r.RenewAttempt, nullTime(r.NextAttemptAt), r.PaymentID,
		nullTime(r.ExpiryBefore), r.OperationID, nullTime(r.NewExpiry), r.Error, r.CreatedAt,
		r.UpdatedAt, r.ChargeOnSession)
	if isUnique(err) {
		return errRenewalExists
	}
	if err != nil {
		return fmt.Errorf("store: create renewal: %w", err)
	}
	return nil
}

// Renewal reads the renewal state of an invoice.
func (s *Store) Renewal(ctx context.Context, invoiceID string) (Renewal, error) {
	r, err := scanRenewal(s.db.QueryRow(ctx, `SELECT `+renewalCols+` FROM renewals
		WHERE invoice_id = ?`, invoiceID))
	if err != nil {
		return r, notFound(err, "renewal "+invoiceID)
	}
	return r, nil
}

// RenewalsToWork lists renewals in a working state whose next attempt is due.
func (s *Store) RenewalsToWork(ctx context.Context, now time.Time, limit int) ([]Renewal, error) {
	rows, err := s.db.Query(ctx, `SELECT `+renewalCols+` FROM renewals
		WHERE state IN (?, ?, ?, ?, ?) AND next_attempt_at <= ?
		ORDER BY next_attempt_at, invoice_id LIMIT ?`, RenewalOpen, RenewalCharging, RenewalPaid,
		RenewalRenewing, RenewalRefunding, now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: renewals to work: %w", err)
	}
	defer rows.Close()

	var out []Renewal
	for rows.Next() {
		r, err := scanRenewal(rows)
		if err != nil {
			return nil, fmt.Errorf("store: renewals to work: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// UpdateRenewal saves r if its state is still from (ErrConflict otherwise),
// and sets the invoice's status when invoiceStatus is not empty, in one
// transaction. A paid invoice gets its paid_at.
func (s *Store) UpdateRenewal(ctx context.Context, r *Renewal, from, invoiceStatus string) error {
	r.UpdatedAt = s.now()
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE renewals SET state = ?, charge_attempt = ?,
			renew_attempt = ?, next_attempt_at = ?, payment_id = ?, expiry_before = ?,
			operation_id = ?, new_expiry = ?, error = ?, updated_at = ?, charge_on_session = ?
			WHERE invoice_id = ? AND state = ?`, r.State, r.ChargeAttempt, r.RenewAttempt,
			nullTime(r.NextAttemptAt), r.PaymentID, nullTime(r.ExpiryBefore), r.OperationID,
			nullTime(r.NewExpiry), r.Error, r.UpdatedAt, r.ChargeOnSession, r.InvoiceID, from)
		if err != nil {
			return fmt.Errorf("store: update renewal: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("renewal %s is no longer %s: %w", r.InvoiceID, from, ErrConflict)
		}
		if invoiceStatus == "" {
			return nil
		}
		return setInvoiceStatus(ctx, tx, r.InvoiceID, invoiceStatus, r.UpdatedAt)
	})
}

func setInvoiceStatus(ctx context.Context, tx *sqldb.Tx, id, status string, at time.Time) error {
	var paid any
	if status == InvoicePaid {
		paid = at
	}
	_, err := tx.Exec(ctx, `UPDATE invoices SET status = ?, paid_at = COALESCE(?, paid_at)
		WHERE id = ?`, status, paid, id)
	if err != nil {
		return fmt.Errorf("store: invoice status: %w", err)
	}
	return nil
}

// SetDomainExpiry records the expiry the registrar reports after a renewal.
func (s *Store) SetDomainExpiry(ctx context.Context, domainID string, expires time.Time) error {
	now := s.now()
	_, err := s.db.Exec(ctx, `UPDATE domains SET expires_at = ?, updated_at = ? WHERE id = ?`,
		nullTime(expires), now, domainID)
	if err != nil {
		return fmt.Errorf("store: domain expiry: %w", err)
	}
	if !expires.After(now) {
		return nil
	}
	// A domain renewed after it expired is live again.
	if _, err := s.db.Exec(ctx, `UPDATE domains SET status = ? WHERE id = ? AND status = ?`,
		DomainActive, domainID, DomainExpired); err != nil {
		return fmt.Errorf("store: domain expiry: %w", err)
	}
	return nil
}

// CancelRenewal records that the client will not renew the domain, turns
// its auto-renew off and cancels its renewal invoices that are still open
// (not yet being charged), in one transaction. It returns the ids of the
// invoices cancelled.
func (s *Store) CancelRenewal(ctx context.Context, tenantID, domainID, actor string) ([]string, error) {
	now := s.now()
	var ids []string
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO renewal_cancellations (domain_id, tenant_id, actor,
			cancelled_at) VALUES (?, ?, ?, ?) ON CONFLICT (domain_id) DO NOTHING`,
			domainID, tenantID, actor, now); err != nil {
			return fmt.Errorf("store: cancel renewal: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE domains SET auto_renew = ?, updated_at = ?
			WHERE id = ?`, false, now, domainID); err != nil {
			return fmt.Errorf("store: cancel renewal: %w", err)
		}
		var err error
		ids, err = cancelOpenRenewals(ctx, tx, domainID, now)
		return err
	})
	return ids, err
}

func cancelOpenRenewals(ctx context.Context, tx *sqldb.Tx, domainID string, now time.Time) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT invoice_id FROM renewals WHERE domain_id = ?
		AND state IN (?, ?)`, domainID, RenewalOpen, RenewalPaymentFailed)
	if err != nil {
		return nil, fmt.Errorf("store: cancel renewal: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: cancel renewal: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()

	for _, id := range ids {
		if _, err := tx.Exec(ctx, `UPDATE renewals SET state = ?, updated_at = ?
			WHERE invoice_id = ?`, RenewalCancelled, now, id); err != nil {
			return nil, fmt.Errorf("store: cancel renewal: %w", err)
		}
		if err := setInvoiceStatus(ctx, tx, id, InvoiceCancelled, now); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// RenewalCancelled reports whether the client cancelled the domain's renewal.
func (s *Store) RenewalCancelled(ctx context.Context, domainID string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT count(*) FROM renewal_cancellations WHERE domain_id = ?`,
		domainID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: renewal cancelled: %w", err)
	}
	return n > 0, nil
}

// RenewalRun kinds: a run that invoiced, and the baseline a fresh database
// starts from (it has missed no run).
const (
	RunKindRun      = "run"
	RunKindBaseline = "baseline"
)

// RecordRenewalRun notes that the invoicing run of a day took place; a day
// recorded already is left as it is.
func (s *Store) RecordRenewalRun(ctx context.Context, day time.Time, kind string, invoiced int) error {
	_, err := s.db.Exec(ctx, `INSERT INTO renewal_runs (run_on, kind, invoiced, finished_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (run_on) DO NOTHING`, day.UTC(), kind, invoiced, s.now())
	if err != nil {
		return fmt.Errorf("store: record renewal run: %w", err)
	}
	return nil
}

// LastRenewalRun returns the day of the newest recorded run; false when
// none was ever recorded.
func (s *Store) LastRenewalRun(ctx context.Context) (time.Time, bool, error) {
	var day time.Time
	err := s.db.QueryRow(ctx, `SELECT run_on FROM renewal_runs ORDER BY run_on DESC LIMIT 1`).
		Scan(&day)
	if errors.Is(err, sql.ErrNoRows) {
		return day, false, nil
	}
	if err != nil {
		return day, false, fmt.Errorf("store: last renewal run: %w", err)
	}
	return day.UTC(), true, nil
}

// Upcoming is one of a client's domains nearing expiry, with its renewal
// invoice when one exists for the period starting at the expiry.
type Upcoming struct {
	DomainID  string
	Domain    string
	Status    string
	ExpiresAt time.Time
	AutoRenew bool
	Cancelled bool
	// Renewal is nil when the domain is not invoiced yet.
	Renewal *Renewal
}

// UpcomingRenewals lists a tenant's domains (one client's when clientID is
// set) expiring before until, soonest first, with their renewal invoices.
func (s *Store) UpcomingRenewals(ctx context.Context, tenantID, clientID string, until time.Time) ([]Upcoming, error) {
	q := `SELECT d.id, d.name, d.status, d.expires_at, d.auto_renew,
		c.domain_id IS NOT NULL, r.invoice_id FROM domains d
		LEFT JOIN renewal_cancellations c ON c.domain_id = d.id
		LEFT JOIN renewals r ON r.domain_id = d.id AND r.period_from = d.expires_at
		WHERE d.tenant_id = ? AND d.status IN (?, ?) AND d.expires_at < ?
		AND d.client_id IS NOT NULL`
	args := []any{tenantID, DomainActive, DomainExpired, until.UTC()}
	if clientID != "" {
		q += ` AND d.client_id = ?`
		args = append(args, clientID)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY d.expires_at, d.name LIMIT 500`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: upcoming renewals: %w", err)
	}
	out, err := scanUpcoming(rows)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Renewal == nil {
			continue
		}
		r, err := s.Renewal(ctx, out[i].Renewal.InvoiceID)
		if err != nil {
			return nil, err
		}
		out[i].Renewal = &r
	}
	return out, nil
}

func scanUpcoming(rows *sql.Rows) ([]Upcoming, error) {
	defer rows.Close()
	var out []Upcoming
	for rows.Next() {
		var u Upcoming
		var inv sql.NullString
		if err := rows.Scan(&u.DomainID, &u.Domain, &u.Status, &u.ExpiresAt, &u.AutoRenew,
			&u.Cancelled, &inv); err != nil {
			return nil, fmt.Errorf("store: upcoming renewals: %w", err)
		}
		u.ExpiresAt = u.ExpiresAt.UTC()
		if inv.Valid {
			u.Renewal = &Renewal{InvoiceID: inv.String}
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// ReminderCandidate is a domain with a client near or just past expiry.
type ReminderCandidate struct {
	DomainID  string
	TenantID  string
	Domain    string
	ExpiresAt time.Time
	AutoRenew bool
	Cancelled bool
	Email     string
	Name      string
}

// ReminderCandidates lists active or expired domains with a client whose
// expiry lies in [from, to), through the (status, expires_at) index.
func (s *Store) ReminderCandidates(ctx context.Context, from, to time.Time) ([]ReminderCandidate, error) {
	rows, err := s.db.Query(ctx, `SELECT d.id, d.tenant_id, d.name, d.expires_at, d.auto_renew,
		c.domain_id IS NOT NULL, u.email, u.name FROM domains d
		JOIN users u ON u.id = d.client_id
		LEFT JOIN renewal_cancellations c ON c.domain_id = d.id
		WHERE d.status IN (?, ?) AND d.expires_at >= ? AND d.expires_at < ?
		ORDER BY d.expires_at, d.id`, DomainActive, DomainExpired, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: reminder candidates: %w", err)
	}
	defer rows.Close()

	var out []ReminderCandidate
	for rows.Next() {
		var c ReminderCandidate
		if err := rows.Scan(&c.DomainID, &c.TenantID, &c.Domain, &c.ExpiresAt, &c.AutoRenew,
			&c.Cancelled, &c.Email, &c.Name); err != nil {
			return nil, fmt.Errorf("store: reminder candidates: %w", err)
		}
		c.ExpiresAt = c.ExpiresAt.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// RecordReminder writes a reminder to the outbox and to the reminder log in
// one transaction, once per domain, period and kind; it reports false and
// writes nothing when that reminder was sent before.
func (s *Store) RecordReminder(ctx context.Context, domainID string, period time.Time, kind string, m Mail) (bool, error) {
	now, outboxID := s.now(), NewID("msg")
	sent := false
	err := s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `INSERT INTO renewal_reminders (domain_id, period_from, kind,
			tenant_id, to_addr, outbox_id, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (domain_id, period_from, kind) DO NOTHING`, domainID, period.UTC(), kind,
			m.TenantID, m.To, outboxID, now)
		if err != nil {
			return fmt.Errorf("store: record reminder: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		sent = true
		_, err = tx.Exec(ctx, `INSERT INTO outbox (id, tenant_id, to_addr, subject, body,
			created_at) VALUES (?, ?, ?, ?, ?, ?)`, outboxID, m.TenantID, m.To, m.Subject, m.Body, now)
		if err != nil {
			return fmt.Errorf("store: record reminder: %w", err)
		}
		return nil
	})
	return sent, err
}

// ReminderLogEntry is one reminder sent about a domain.
type ReminderLogEntry struct {
	Kind   string
	Period time.Time
	To     string
	SentAt time.Time
}

// ReminderLog lists the reminders sent about a domain, newest first.
func (s *Store) ReminderLog(ctx context.Context, domainID string) ([]ReminderLogEntry, error) {
	rows, err := s.db.Query(ctx, `SELECT kind, period_from, to_addr, sent_at FROM renewal_reminders
		WHERE domain_id = ? ORDER BY sent_at DESC`, domainID)
	if err != nil {
		return nil, fmt.Errorf("store: reminder log: %w", err)
	}
	defer rows.Close()

	var out []ReminderLogEntry
	for rows.Next() {
		var e ReminderLogEntry
		if err := rows.Scan(&e.Kind, &e.Period, &e.To, &e.SentAt); err != nil {
			return nil, fmt.Errorf("store: reminder log: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
