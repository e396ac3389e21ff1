package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/sqldb"
)

// Invoice states.
const (
	InvoiceOpen      = "open"
	InvoicePaid      = "paid"
	InvoiceCancelled = "cancelled"
	InvoiceRefunded  = "refunded"
)

// Invoice is a bill to a client.
type Invoice struct {
	ID        string
	TenantID  string
	ClientID  string
	OrderID   string
	Status    string
	Total     money.Money
	DueAt     time.Time
	PaidAt    time.Time
	CreatedAt time.Time
	Lines     []InvoiceLine
}

// InvoiceLine is one domain's charge.
type InvoiceLine struct {
	ID         string
	Domain     string
	Kind       string
	PeriodFrom time.Time
	PeriodTo   time.Time
	Amount     money.Money
	// UniqueKey, when set, makes the line unique across all invoices
	// (one renewal per domain and period).
	UniqueKey string
}

// CreateInvoice writes an invoice with its lines in one transaction. A line
// whose UniqueKey exists already makes the whole invoice ErrConflict.
func (s *Store) CreateInvoice(ctx context.Context, inv *Invoice) error {
	now := s.now()
	inv.ID, inv.CreatedAt = NewID("inv"), now

	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO invoices (id, tenant_id, client_id, order_id, status,
			currency, total, due_at, paid_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			inv.ID, inv.TenantID, inv.ClientID, nullString(inv.OrderID), inv.Status,
			inv.Total.Currency, inv.Total.Amount, nullTime(inv.DueAt), nullTime(inv.PaidAt), now)
		if err != nil {
			return fmt.Errorf("store: create invoice: %w", err)
		}
		for i := range inv.Lines {
			l := &inv.Lines[i]
			l.ID = NewID("inl")
			_, err := tx.Exec(ctx, `INSERT INTO invoice_lines (id, tenant_id, invoice_id, domain, kind,
				period_from, period_to, amount, currency, unique_key)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, l.ID, inv.TenantID, inv.ID, l.Domain, l.Kind,
				l.PeriodFrom, l.PeriodTo, l.Amount.Amount, l.Amount.Currency, nullString(l.UniqueKey))
			if isUnique(err) {
				return fmt.Errorf("invoice line %s: %w", l.UniqueKey, ErrConflict)
			}
			if err != nil {
				return fmt.Errorf("store: invoice line: %w", err)
			}
		}
		return nil
	})
}

// InvoiceFilter narrows an invoice listing.
type InvoiceFilter struct {
	ClientID string
	Status   string
	OrderID  string
}

// Invoices lists a tenant's invoices, newest first, with their lines.
func (s *Store) Invoices(ctx context.Context, tenantID string, f InvoiceFilter) ([]Invoice, error) {
	q := `SELECT id, tenant_id, client_id, order_id, status, currency, total, due_at, paid_at,
		created_at FROM invoices WHERE tenant_id = ?`
	args := []any{tenantID}
	for col, v := range map[string]string{"client_id": f.ClientID, "status": f.Status,
		"order_id": f.OrderID} {
		if v != "" {
			q += ` AND ` + col + ` = ?`
			args = append(args, v)
		}
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT 500`

	out, err := s.scanInvoices(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Lines, err = s.invoiceLines(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) scanInvoices(ctx context.Context, q string, args ...any) ([]Invoice, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: invoices: %w", err)
	}
	defer rows.Close()

	var out []Invoice
	for rows.Next() {
		var inv Invoice
		var order sql.NullString
		var paid sql.NullTime
		var cur string
		var total int64
		if err := rows.Scan(&inv.ID, &inv.TenantID, &inv.ClientID, &order, &inv.Status, &cur,
			&total, &inv.DueAt, &paid, &inv.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: invoices: %w", err)
		}
		inv.OrderID, inv.PaidAt, inv.Total = order.String, timeOf(paid), money.New(total, cur)
		out = append(out, inv)
	}
	return out, rows.Err()
}

func (s *Store) invoiceLines(ctx context.Context, invoiceID string) ([]InvoiceLine, error) {
	rows, err := s.db.Query(ctx, `SELECT id, domain, kind, period_from, period_to, amount,
		currency, unique_key FROM invoice_lines WHERE invoice_id = ? ORDER BY id`, invoiceID)
	if err != nil {
		return nil, fmt.Errorf("store: invoice lines: %w", err)
	}
	defer rows.Close()

	var out []InvoiceLine
	for rows.Next() {
		var l InvoiceLine
		var cur string
		var amount int64
		var key sql.NullString
		if err := rows.Scan(&l.ID, &l.Domain, &l.Kind, &l.PeriodFrom, &l.PeriodTo, &amount,
			&cur, &key); err != nil {
			return nil, fmt.Errorf("store: invoice lines: %w", err)
		}
		l.Amount, l.UniqueKey = money.New(amount, cur), key.String
		out = append(out, l)
	}
	return out, rows.Err()
}

// AddInvoicePayment records a new payment attempt of an order's invoice,
// before the gateway is asked, so an attempt whose answer is lost is found
// again and retried under the same idempotency key.
func (s *Store) AddInvoicePayment(ctx context.Context, inv Invoice, p *Payment) error {
	o := &Order{ID: inv.OrderID, TenantID: inv.TenantID}
	p.Purpose, p.InvoiceID = PurposeInvoice, inv.ID
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		return insertPayment(ctx, tx, o, p, s.now())
	})
}

// InvoicePayments lists the payments made of an invoice after its order,
// oldest first.
func (s *Store) InvoicePayments(ctx context.Context, invoiceID string) ([]Payment, error) {
	return s.payments(ctx, `WHERE invoice_id = ? ORDER BY created_at, id`, invoiceID)
}

// PayInvoice saves a captured payment of an open invoice and marks the
// invoice paid, in one transaction; an invoice no longer open is
// ErrConflict and changes nothing.
func (s *Store) PayInvoice(ctx context.Context, invoiceID string, p Payment) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE invoices SET status = ?, paid_at = ? WHERE id = ? AND status = ?`,
			InvoicePaid, now, invoiceID, InvoiceOpen)
		if err != nil {
			return fmt.Errorf("store: pay invoice: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("invoice %s is no longer open: %w", invoiceID, ErrConflict)
		}
		_, err = tx.Exec(ctx, `UPDATE payments SET provider_id = ?, status = ?, authorized = ?,
			captured = ?, refunded = ?, expires_at = ?, error = ?, updated_at = ? WHERE id = ?`,
			p.ProviderID, p.Status, p.Authorized, p.Captured, p.Refunded, nullTime(p.ExpiresAt),
			p.Error, now, p.ID)
		if err != nil {
			return fmt.Errorf("store: pay invoice: %w", err)
		}
		return nil
	})
}
