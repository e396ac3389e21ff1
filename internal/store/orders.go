package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/sqldb"
)

// Order states.
const (
	OrderOpen               = "open"
	OrderCompleted          = "completed"
	OrderPartiallyCompleted = "partially_completed"
	OrderFailed             = "failed"
	OrderCancelled          = "cancelled"
)

// Order item states.
const (
	ItemPending      = "pending"
	ItemAuthorized   = "authorized"
	ItemRegistering  = "registering"
	ItemTransferring = "transferring"
	ItemCompleted    = "completed"
	ItemFailed       = "failed"
	ItemCancelled    = "cancelled"
)

// Item types.
const (
	ItemRegister = "register"
	ItemTransfer = "transfer"
)

// Payment purposes: the registrations of an order share one authorisation,
// each transfer has its own.
const (
	PurposeRegistrations = "registrations"
	PurposeTransfer      = "transfer"
	// PurposeInvoice is a later payment of the order's open invoice, made
	// by the client after the order's own capture was refused.
	PurposeInvoice = "invoice"
)

// ItemTerminal reports whether an item state is final.
func ItemTerminal(state string) bool {
	return state == ItemCompleted || state == ItemFailed || state == ItemCancelled
}

// Order is a client's checkout.
type Order struct {
	ID        string
	TenantID  string
	ClientID  string
	Status    string
	Total     money.Money
	Contact   registrar.Contact
	Error     string
	CreatedAt time.Time
	UpdatedAt time.Time
	Items     []Item
	Payments  []Payment
}

// Item is one registration or transfer in an order.
type Item struct {
	ID             string
	TenantID       string
	OrderID        string
	Position       int
	Type           string
	Domain         string
	Registrar      string
	Years          int
	Amount         money.Money
	Premium        bool
	State          string
	Error          string
	PaymentID      string
	OperationID    string
	SubmittedAt    time.Time
	AuthCode       string
	TransferState  string
	TransferDetail string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	History        []HistoryEntry
	// PaymentIndex, when creating an order, links the item to
	// Order.Payments[PaymentIndex-1]; zero links none.
	PaymentIndex int
}

// HistoryEntry is one recorded state of an item.
type HistoryEntry struct {
	State string    `json:"state"`
	At    time.Time `json:"at"`
	Note  string    `json:"note"`
}

// Payment is an authorisation at the payment gateway.
type Payment struct {
	ID       string
	TenantID string
	OrderID  string
	Purpose  string
	// InvoiceID names the invoice a PurposeInvoice payment pays.
	InvoiceID  string
	Gateway    string
	ProviderID string
	Status     string
	Amount     money.Money
	Authorized int64
	Captured   int64
	Refunded   int64
	ExpiresAt  time.Time
	Error      string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Payment states of our own besides the gateway's (payment.Status values).
const (
	// PaymentAuthorizing: the authorisation was asked for and no answer is
	// recorded yet.
	PaymentAuthorizing = "authorizing"
)

// CreateOrder writes an order with its items (state pending, with a first
// history entry) and payments in one transaction. IDs are filled in.
func (s *Store) CreateOrder(ctx context.Context, o *Order) error {
	now := s.now()
	o.ID, o.Status, o.CreatedAt, o.UpdatedAt = NewID("ord"), OrderOpen, now, now
	contact, err := json.Marshal(o.Contact)
	if err != nil {
		return fmt.Errorf("store: encode contact: %w", err)
	}

	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO orders (id, tenant_id, client_id, status, currency,
			total, contact, error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.ID, o.TenantID, o.ClientID, o.Status, o.Total.Currency, o.Total.Amount,
			string(contact), o.Error, now, now); err != nil {
			return fmt.Errorf("store: create order: %w", err)
		}
		for i := range o.Payments {
			if err := insertPayment(ctx, tx, o, &o.Payments[i], now); err != nil {
				return err
			}
		}
		for i := range o.Items {
			if err := insertItem(ctx, tx, o, &o.Items[i], now); err != nil {
				return err
			}
		}
		return nil
	})
}

func insertPayment(ctx context.Context, tx *sqldb.Tx, o *Order, p *Payment, now time.Time) error {
	p.ID, p.TenantID, p.OrderID, p.CreatedAt, p.UpdatedAt = NewID("pay"), o.TenantID, o.ID, now, now
	_, err := tx.Exec(ctx, `INSERT INTO payments (id, tenant_id, order_id, purpose, gateway,
		provider_id, status, currency, amount, authorized, captured, refunded, expires_at, error,
		created_at, updated_at, invoice_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, p.TenantID, p.OrderID, p.Purpose, p.Gateway, p.ProviderID, p.Status,
		p.Amount.Currency, p.Amount.Amount, p.Authorized, p.Captured, p.Refunded,
		nullTime(p.ExpiresAt), p.Error, now, now, p.InvoiceID)
	if err != nil {
		return fmt.Errorf("store: create payment: %w", err)
	}
	return nil
}

func insertItem(ctx context.Context, tx *sqldb.Tx, o *Order, it *Item, now time.Time) error {
	it.ID, it.TenantID, it.OrderID = NewID("itm"), o.TenantID, o.ID
	it.CreatedAt, it.UpdatedAt = now, now
	if it.State == "" {
		it.State = ItemPending
	}
	if it.PaymentIndex > 0 && it.PaymentIndex <= len(o.Payments) {
		it.PaymentID = o.Payments[it.PaymentIndex-1].ID
	}
	var paymentID any
	if it.PaymentID != "" {
		paymentID = it.PaymentID
	}

	_, err := tx.Exec(ctx, `INSERT INTO order_items (id, tenant_id, order_id, position, type,
		domain, registrar, years, amount, currency, premium, state, error, payment_id,
		operation_id, submitted_at, auth_code, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		it.ID, it.TenantID, it.OrderID, it.Position, it.Type, it.Domain, it.Registrar, it.Years,
		it.Amount.Amount, it.Amount.Currency, it.Premium, it.State, it.Error, paymentID,
		it.OperationID, nullTime(it.SubmittedAt), it.AuthCode, now, now)
	if err != nil {
		return fmt.Errorf("store: create item %s: %w", it.Domain, err)
	}
	return addHistory(ctx, tx, it.ID, it.State, "order placed", now)
}

// addHistory records a state of an item, under the item's tenant.
func addHistory(ctx context.Context, ex execer, itemID, state, note string, at time.Time) error {
	_, err := ex.Exec(ctx, `INSERT INTO order_item_history (id, tenant_id, item_id, state, note, at)
		VALUES (?, (SELECT tenant_id FROM order_items WHERE id = ?), ?, ?, ?, ?)`,
		NewID("his"), itemID, itemID, state, note, at)
	if err != nil {
		return fmt.Errorf("store: item history: %w", err)
	}
	return nil
}

const orderCols = `id, tenant_id, client_id, status, currency, total, contact, error,
	created_at, updated_at`

func scanOrder(row interface{ Scan(...any) error }) (Order, error) {
	var o Order
	var cur, contact string
	var total int64
	err := row.Scan(&o.ID, &o.TenantID, &o.ClientID, &o.Status, &cur, &total, &contact,
		&o.Error, &o.CreatedAt, &o.UpdatedAt)
	if err != nil {
		return o, err
	}
	o.Total = money.New(total, cur)
	if err := json.Unmarshal([]byte(contact), &o.Contact); err != nil {
		return o, fmt.Errorf("decode contact of %s: %w", o.ID, err)
	}
	return o, nil
}

// Order reads an order of a tenant with its items, their history and its
// payments. clientID, when not empty, limits it to that client's orders.
func (s *Store) Order(ctx context.Context, tenantID, clientID, id string) (Order, error) {
	q := `SELECT ` + orderCols + ` FROM orders WHERE tenant_id = ? AND id = ?`
	args := []any{tenantID, id}
	if clientID != "" {
		q += ` AND client_id = ?`
		args = append(args, clientID)
	}
	o, err := scanOrder(s.db.QueryRow(ctx, q, args...))
	if err != nil {
		return o, notFound(err, "order "+id)
	}
	return o, s.fillOrder(ctx, &o)
}

// fillOrder reads an order's items with their history, and its payments.
func (s *Store) fillOrder(ctx context.Context, o *Order) error {
	var err error
	if o.Items, err = s.items(ctx, `WHERE order_id = ? ORDER BY position`, o.ID); err != nil {
		return err
	}
	for i := range o.Items {
		if o.Items[i].History, err = s.history(ctx, o.Items[i].ID); err != nil {
			return err
		}
	}
	o.Payments, err = s.payments(ctx, `WHERE order_id = ? ORDER BY created_at, id`, o.ID)
	return err
}

// OrderByID reads an order without a tenant check, for background jobs.
func (s *Store) OrderByID(ctx context.Context, id string) (Order, error) {
	var tenantID string
	err := s.db.QueryRow(ctx, `SELECT tenant_id FROM orders WHERE id = ?`, id).Scan(&tenantID)
	if err != nil {
		return Order{}, notFound(err, "order "+id)
	}
	return s.Order(ctx, tenantID, "", id)
}

// Orders lists a tenant's orders, newest first; clientID limits them to
// one client when set.
func (s *Store) Orders(ctx context.Context, tenantID, clientID string, limit int) ([]Order, error) {
	q := `SELECT ` + orderCols + ` FROM orders WHERE tenant_id = ?`
	args := []any{tenantID}
	if clientID != "" {
		q += ` AND client_id = ?`
		args = append(args, clientID)
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT ?`
	args = append(args, limit)

	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: orders: %w", err)
	}
	defer rows.Close()

	var out []Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, fmt.Errorf("store: orders: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Each order as GET /orders/{id} shows it, so a list never shows a
	// paid order without its payment; a page holds at most limit orders.
	for i := range out {
		if err := s.fillOrder(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SetOrderStatus records an order's status.
func (s *Store) SetOrderStatus(ctx context.Context, id, status, errMsg string) error {
	_, err := s.db.Exec(ctx, `UPDATE orders SET status = ?, error = ?, updated_at = ? WHERE id = ?`,
		status, errMsg, s.now(), id)
	if err != nil {
		return fmt.Errorf("store: order status: %w", err)
	}
	return nil
}

const itemCols = `id, tenant_id, order_id, position, type, domain, registrar, years, amount,
	currency, premium, state, error, payment_id, operation_id, submitted_at, auth_code,
	transfer_state, transfer_detail, created_at, updated_at`

func scanItem(row interface{ Scan(...any) error }) (Item, error) {
	var it Item
	var amount int64
	var cur string
	var paymentID sql.NullString
	var submitted sql.NullTime
	err := row.Scan(&it.ID, &it.TenantID, &it.OrderID, &it.Position, &it.Type, &it.Domain,
		&it.Registrar, &it.Years, &amount, &cur, &it.Premium, &it.State, &it.Error, &paymentID,
		&it.OperationID, &submitted, &it.AuthCode, &it.TransferState, &it.TransferDetail,
		&it.CreatedAt, &it.UpdatedAt)
	it.Amount = money.New(amount, cur)
	it.PaymentID = paymentID.String
	it.SubmittedAt = timeOf(submitted)
	return it, err
}

func (s *Store) items(ctx context.Context, where string, args ...any) ([]Item, error) {
	rows, err := s.db.Query(ctx, `SELECT `+itemCols+` FROM order_items `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: items: %w", err)
	}
	defer rows.Close()

	var out []Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, fmt.Errorf("store: items: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

func (s *Store) history(ctx context.Context, itemID string) ([]HistoryEntry, error) {
	rows, err := s.db.Query(ctx, `SELECT state, note, at FROM order_item_history
		WHERE item_id = ? ORDER BY at, id`, itemID)
	if err != nil {
		return nil, fmt.Errorf("store: history: %w", err)
	}
	defer rows.Close()

	var out []HistoryEntry
	for rows.Next() {
		var h HistoryEntry
		if err := rows.Scan(&h.State, &h.Note, &h.At); err != nil {
			return nil, fmt.Errorf("store: history: %w", err)
		}
		h.At = h.At.UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}

// Item reads one item.
func (s *Store) Item(ctx context.Context, id string) (Item, error) {
	it, err := scanItem(s.db.QueryRow(ctx, `SELECT `+itemCols+` FROM order_items WHERE id = ?`, id))
	if err != nil {
		return it, notFound(err, "item "+id)
	}
	return it, nil
}

// OtherClaim returns another order item, of any tenant, that has work on
// the same domain at the same registrar: one registering or transferring
// with an operation recorded, or one completed after since. A registrar
// account is shared, so an operation or a held domain found there may be
// that item's and not this one's. ok is false when there is none.
func (s *Store) OtherClaim(ctx context.Context, it Item, since time.Time) (Item, bool, error) {
	found, err := s.items(ctx, `WHERE domain = ? AND registrar = ? AND id <> ?
		AND ((state IN (?, ?) AND operation_id <> '') OR (state = ? AND submitted_at >= ?))
		ORDER BY created_at LIMIT 1`, it.Domain, it.Registrar, it.ID,
		ItemRegistering, ItemTransferring, ItemCompleted, since)
	if err != nil || len(found) == 0 {
		return Item{}, false, err
	}
	return found[0], true, nil
}

// UnfinishedItems lists items not yet terminal, oldest first.
func (s *Store) UnfinishedItems(ctx context.Context, limit int) ([]Item, error) {
	return s.items(ctx, `WHERE state NOT IN (?, ?, ?) ORDER BY created_at LIMIT ?`,
		ItemCompleted, ItemFailed, ItemCancelled, limit)
}

// ItemUpdate is a state change of an item, applied only when the item is
// still in From.
type ItemUpdate struct {
	From, To    string
	Note        string
	Error       *string
	OperationID *string
	SubmittedAt *time.Time
	AuthCode    *string
	Transfer    *[2]string
}

// UpdateItem moves an item from one state to another (or updates fields
// within one state when From == To) and records the history entry in the
// same transaction. An item no longer in From is ErrConflict.
func (s *Store) UpdateItem(ctx context.Context, id string, u ItemUpdate) error {
	now := s.now()
	sets := `state = ?, updated_at = ?`
	args := []any{u.To, now}
	if u.Error != nil {
		sets += `, error = ?`
		args = append(args, *u.Error)
	}
	if u.OperationID != nil {
		sets += `, operation_id = ?`
		args = append(args, *u.OperationID)
	}
	if u.SubmittedAt != nil {
		sets += `, submitted_at = ?`
		args = append(args, nullTime(*u.SubmittedAt))
	}
	if u.AuthCode != nil {
		sets += `, auth_code = ?`
		args = append(args, *u.AuthCode)
	}
	if u.Transfer != nil {
		sets += `, transfer_state = ?, transfer_detail = ?`
		args = append(args, u.Transfer[0], u.Transfer[1])
	}
	args = append(args, id, u.From)

	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE order_items SET `+sets+` WHERE id = ? AND state = ?`, args...)
		if err != nil {
			return fmt.Errorf("store: update item: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("item %s not in state %s: %w", id, u.From, ErrConflict)
		}
		if u.From == u.To && u.Note == "" {
			return nil
		}
		return addHistory(ctx, tx, id, u.To, u.Note, now)
	})
}

const paymentCols = `id, tenant_id, order_id, purpose, gateway, provider_id, status, currency,
	amount, authorized, captured, refunded, expires_at, error, created_at, updated_at, invoice_id`

func scanPayment(row interface{ Scan(...any) error }) (Payment, error) {
	var p Payment
	var cur string
	var amount int64
	var expires sql.NullTime
	err := row.Scan(&p.ID, &p.TenantID, &p.OrderID, &p.Purpose, &p.Gateway, &p.ProviderID,
		&p.Status, &cur, &amount, &p.Authorized, &p.Captured, &p.Refunded, &expires, &p.Error,
		&p.CreatedAt, &p.UpdatedAt, &p.InvoiceID)
	p.Amount = money.New(amount, cur)
	p.ExpiresAt = timeOf(expires)
	return p, err
}

func (s *Store) payments(ctx context.Context, where string, args ...any) ([]Payment, error) {
	rows, err := s.db.Query(ctx, `SELECT `+paymentCols+` FROM payments `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: payments: %w", err)
	}
	defer rows.Close()

	var out []Payment
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			return nil, fmt.Errorf("store: payments: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Payment reads one payment.
func (s *Store) Payment(ctx context.Context, id string) (Payment, error) {
	p, err := scanPayment(s.db.QueryRow(ctx, `SELECT `+paymentCols+` FROM payments WHERE id = ?`, id))
	if err != nil {
		return p, notFound(err, "payment "+id)
	}
	return p, nil
}

// PaymentByProviderID finds a payment by the gateway's id (for webhooks).
func (s *Store) PaymentByProviderID(ctx context.Context, gateway, providerID string) (Payment, error) {
	p, err := scanPayment(s.db.QueryRow(ctx, `SELECT `+paymentCols+` FROM payments
		WHERE gateway = ? AND provider_id = ?`, gateway, providerID))
	if err != nil {
		return p, notFound(err, "payment "+providerID)
	}
	return p, nil
}

// UpdatePayment saves a payment's state as the gateway reported it.
func (s *Store) UpdatePayment(ctx context.Context, p Payment) error {
	_, err := s.db.Exec(ctx, `UPDATE payments SET provider_id = ?, status = ?, authorized = ?,
		captured = ?, refunded = ?, expires_at = ?, error = ?, updated_at = ? WHERE id = ?`,
		p.ProviderID, p.Status, p.Authorized, p.Captured, p.Refunded, nullTime(p.ExpiresAt),
		p.Error, s.now(), p.ID)
	if err != nil {
		return fmt.Errorf("store: update payment: %w", err)
	}
	return nil
}

// OrdersToSettle lists open orders whose items are all terminal.
func (s *Store) OrdersToSettle(ctx context.Context, limit int) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT o.id FROM orders o WHERE o.status = ?
		AND NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id
			AND i.state NOT IN (?, ?, ?))
		ORDER BY o.created_at LIMIT ?`, OrderOpen, ItemCompleted, ItemFailed, ItemCancelled, limit)
	if err != nil {
		return nil, fmt.Errorf("store: orders to settle: %w", err)
	}
	defer rows.Close()

	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
