package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/sqldb"
)

// TenantTLD is a tenant's choice for one TLD: whether it sells it, through
// which registrar, and with which markup (nil: the tenant default).
type TenantTLD struct {
	TenantID  string
	TLD       string
	Enabled   bool
	Registrar string
	Markup    *Markup
}

// ReplacePrices stores a registrar's price list, replacing rows of the TLDs
// it names and leaving others alone.
func (s *Store) ReplacePrices(ctx context.Context, reg string, prices []registrar.TLDPrice) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		for _, p := range prices {
			if _, err := tx.Exec(ctx, `DELETE FROM tld_prices WHERE registrar = ? AND tld = ?`,
				reg, p.TLD); err != nil {
				return fmt.Errorf("store: replace price %s: %w", p.TLD, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO tld_prices (registrar, tld, currency,
				registration, renewal, transfer, restoration, min_years, max_years, privacy,
				privacy_reason, transfer_lock, auth_code_required, late_renew_days, restore_days,
				renew_until_day, source, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				reg, p.TLD, p.Currency, amountOf(p.Registration), amountOf(p.Renewal),
				amountOf(p.Transfer), amountOf(p.Restoration), p.MinYears, p.MaxYears,
				boolPtr(p.Privacy), p.PrivacyReason, p.TransferLock, p.AuthCodeRequired,
				p.LateRenewDays, p.RestoreDays, intPtr(p.RenewUntilDay), p.Source, now); err != nil {
				return fmt.Errorf("store: insert price %s: %w", p.TLD, err)
			}
		}
		return nil
	})
}

const priceCols = `registrar, tld, currency, registration, renewal, transfer, restoration,
	min_years, max_years, privacy, privacy_reason, transfer_lock, auth_code_required,
	late_renew_days, restore_days, renew_until_day, source`

func scanPrice(row interface{ Scan(...any) error }) (string, registrar.TLDPrice, error) {
	var p registrar.TLDPrice
	var reg string
	var regA, renA, trA, resA sql.NullInt64
	var privacy sql.NullBool
	var renewUntil sql.NullInt64
	err := row.Scan(&reg, &p.TLD, &p.Currency, &regA, &renA, &trA, &resA, &p.MinYears,
		&p.MaxYears, &privacy, &p.PrivacyReason, &p.TransferLock, &p.AuthCodeRequired,
		&p.LateRenewDays, &p.RestoreDays, &renewUntil, &p.Source)
	if err != nil {
		return "", p, err
	}
	p.Registration = moneyOf(regA, p.Currency)
	p.Renewal = moneyOf(renA, p.Currency)
	p.Transfer = moneyOf(trA, p.Currency)
	p.Restoration = moneyOf(resA, p.Currency)
	if privacy.Valid {
		p.Privacy = &privacy.Bool
	}
	if renewUntil.Valid {
		d := int(renewUntil.Int64)
		p.RenewUntilDay = &d
	}
	return reg, p, nil
}

// Price reads one registrar's cost for a TLD.
func (s *Store) Price(ctx context.Context, reg, tld string) (registrar.TLDPrice, error) {
	_, p, err := scanPrice(s.db.QueryRow(ctx,
		`SELECT `+priceCols+` FROM tld_prices WHERE registrar = ? AND tld = ?`, reg, tld))
	if err != nil {
		return p, notFound(err, "price of ."+tld+" at "+reg)
	}
	return p, nil
}

// Prices lists a registrar's price list by TLD.
func (s *Store) Prices(ctx context.Context, reg string) ([]registrar.TLDPrice, error) {
	rows, err := s.db.Query(ctx,
		`SELECT `+priceCols+` FROM tld_prices WHERE registrar = ? ORDER BY tld`, reg)
	if err != nil {
		return nil, fmt.Errorf("store: prices: %w", err)
	}
	defer rows.Close()

	var out []registrar.TLDPrice
	for rows.Next() {
		_, p, err := scanPrice(rows)
		if err != nil {
			return nil, fmt.Errorf("store: prices: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// EnableTLDs gives the tenant a row for every TLD in tlds it has none for,
// enabled and served by reg. Existing choices are kept.
func (s *Store) EnableTLDs(ctx context.Context, tenantID, reg string, tlds []string) error {
	return s.db.InTx(ctx, func(tx *sqldb.Tx) error {
		for _, tld := range tlds {
			_, err := tx.Exec(ctx, `INSERT INTO tenant_tlds (tenant_id, tld, enabled, registrar)
				VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, tld) DO NOTHING`, tenantID, tld, true, reg)
			if err != nil {
				return fmt.Errorf("store: enable .%s: %w", tld, err)
			}
		}
		return nil
	})
}

const tenantTLDCols = `tenant_id, tld, enabled, registrar, markup_percent, markup_fixed, markup_currency`

func scanTenantTLD(row interface{ Scan(...any) error }) (TenantTLD, error) {
	var t TenantTLD
	var pct, cur sql.NullString
	var fixed sql.NullInt64
	if err := row.Scan(&t.TenantID, &t.TLD, &t.Enabled, &t.Registrar, &pct, &fixed, &cur); err != nil {
		return t, err
	}
	if pct.Valid || fixed.Valid {
		m := Markup{Percent: pct.String}
		if fixed.Valid {
			m.Fixed = money.New(fixed.Int64, cur.String)
		}
		t.Markup = &m
	}
	return t, nil
}

// TenantTLD reads a tenant's choice for one TLD.
func (s *Store) TenantTLD(ctx context.Context, tenantID, tld string) (TenantTLD, error) {
	t, err := scanTenantTLD(s.db.QueryRow(ctx, `SELECT `+tenantTLDCols+`
		FROM tenant_tlds WHERE tenant_id = ? AND tld = ?`, tenantID, tld))
	if err != nil {
		return t, notFound(err, "tld ."+tld)
	}
	return t, nil
}

// TenantTLDs lists a tenant's TLD choices by TLD.
func (s *Store) TenantTLDs(ctx context.Context, tenantID string) ([]TenantTLD, error) {
	rows, err := s.db.Query(ctx, `SELECT `+tenantTLDCols+`
		FROM tenant_tlds WHERE tenant_id = ? ORDER BY tld`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("store: tenant tlds: %w", err)
	}
	defer rows.Close()

	var out []TenantTLD
	for rows.Next() {
		t, err := scanTenantTLD(rows)
		if err != nil {
			return nil, fmt.Errorf("store: tenant tlds: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// UpdateTenantTLD saves a tenant's choice for one TLD.
func (s *Store) UpdateTenantTLD(ctx context.Context, t TenantTLD) error {
	var pct, cur any
	var fixed any
	if t.Markup != nil {
		pct, fixed, cur = t.Markup.Percent, t.Markup.Fixed.Amount, t.Markup.Fixed.Currency
	}
	res, err := s.db.Exec(ctx, `UPDATE tenant_tlds SET enabled = ?, registrar = ?,
		markup_percent = ?, markup_fixed = ?, markup_currency = ? WHERE tenant_id = ? AND tld = ?`,
		t.Enabled, t.Registrar, pct, fixed, cur, t.TenantID, t.TLD)
	if err != nil {
		return fmt.Errorf("store: update tld: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("tld .%s: %w", t.TLD, ErrNotFound)
	}
	return nil
}

func amountOf(m *money.Money) any {
	if m == nil {
		return nil
	}
	return m.Amount
}

func moneyOf(v sql.NullInt64, currency string) *money.Money {
	if !v.Valid {
		return nil
	}
	m := money.New(v.Int64, currency)
	return &m
}

func boolPtr(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

func intPtr(i *int) any {
	if i == nil {
		return nil
	}
	return *i
}

// PricesSyncedAt returns when the registrar's price list was last
// stored, and false when it never was.
func (s *Store) PricesSyncedAt(ctx context.Context, reg string) (time.Time, bool, error) {
	var at time.Time
	err := s.db.QueryRow(ctx, `SELECT updated_at FROM tld_prices WHERE registrar = ?
		ORDER BY updated_at DESC LIMIT 1`, reg).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return at, false, nil
	}
	if err != nil {
		return at, false, fmt.Errorf("store: price sync time of %s: %w", reg, err)
	}
	return at, true, nil
}
