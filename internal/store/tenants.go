package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/proecommerce/domains/internal/money"
)

// Tenant is an operator: a hosting business selling domains to its clients.
type Tenant struct {
	ID        string
	Name      string
	IsDefault bool
	Settings  Settings
	CreatedAt time.Time
}

// Markup is a percentage (an exact decimal string) and a fixed amount per year.
type Markup struct {
	Percent string      `json:"percent"`
	Fixed   money.Money `json:"fixed"`
}

// TTLBounds limits the TTLs clients may set.
type TTLBounds struct {
	Min     uint32 `json:"min"`
	Max     uint32 `json:"max"`
	Default uint32 `json:"default"`
}

// SelfService lists what clients may do themselves besides DNS.
type SelfService struct {
	TransferLock bool `json:"transfer_lock"`
	AuthCode     bool `json:"auth_code"`
	Nameservers  bool `json:"nameservers"`
}

// Settings are a tenant's choices.
type Settings struct {
	DefaultIP          string            `json:"default_ip"`
	MailHost           string            `json:"mail_host"`
	SPF                string            `json:"spf"`
	AllowedRecordTypes []string          `json:"allowed_record_types"`
	TTL                TTLBounds         `json:"ttl"`
	FeaturedTLDs       []string          `json:"featured_tlds"`
	Markup             Markup            `json:"markup"`
	Rounding           string            `json:"rounding"`
	Currency           string            `json:"currency"`
	ExchangeRates      map[string]string `json:"exchange_rates"`
	Premium            string            `json:"premium"`
	ClientSelfService  SelfService       `json:"client_self_service"`
}

// DefaultSettings are the settings of a new tenant.
func DefaultSettings() Settings {
	return Settings{
		SPF:                "v=spf1 mx -all",
		AllowedRecordTypes: []string{"A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA"},
		TTL:                TTLBounds{Min: 60, Max: 86400, Default: 3600},
		FeaturedTLDs: []string{"com", "net", "org", "io", "co", "dev", "app", "ai",
			"xyz", "online", "store", "shop"},
		Markup:        Markup{Percent: "20", Fixed: money.Zero("USD")},
		Rounding:      "none",
		Currency:      "USD",
		ExchangeRates: map[string]string{},
		Premium:       "sell",
	}
}

// CreateTenant makes a tenant with default settings.
func (s *Store) CreateTenant(ctx context.Context, name string, isDefault bool) (Tenant, error) {
	t := Tenant{ID: NewID("ten"), Name: name, IsDefault: isDefault,
		Settings: DefaultSettings(), CreatedAt: s.now()}

	raw, err := json.Marshal(t.Settings)
	if err != nil {
		return Tenant{}, fmt.Errorf("store: encode settings: %w", err)
	}
	_, err = s.db.Exec(ctx, `INSERT INTO tenants (id, name, is_default, settings, created_at)
		VALUES (?, ?, ?, ?, ?)`, t.ID, t.Name, t.IsDefault, string(raw), t.CreatedAt)
	if err != nil {
		return Tenant{}, fmt.Errorf("store: create tenant: %w", err)
	}
	return t, nil
}

const tenantCols = `id, name, is_default, settings, created_at`

func scanTenant(row interface{ Scan(...any) error }) (Tenant, error) {
	var t Tenant
	var raw string
	if err := row.Scan(&t.ID, &t.Name, &t.IsDefault, &raw, &t.CreatedAt); err != nil {
		return Tenant{}, err
	}
	t.Settings = DefaultSettings()
	if err := json.Unmarshal([]byte(raw), &t.Settings); err != nil {
		return Tenant{}, fmt.Errorf("decode settings of %s: %w", t.ID, err)
	}
	return t, nil
}

// Tenant reads one tenant.
func (s *Store) Tenant(ctx context.Context, id string) (Tenant, error) {
	t, err := scanTenant(s.db.QueryRow(ctx, `SELECT `+tenantCols+` FROM tenants WHERE id = ?`, id))
	if err != nil {
		return Tenant{}, notFound(err, "tenant "+id)
	}
	return t, nil
}

// DefaultTenant reads the tenant made on first start.
func (s *Store) DefaultTenant(ctx context.Context) (Tenant, error) {
	t, err := scanTenant(s.db.QueryRow(ctx,
		`SELECT `+tenantCols+` FROM tenants WHERE is_default = ? ORDER BY created_at LIMIT 1`, true))
	if err != nil {
		return Tenant{}, notFound(err, "default tenant")
	}
	return t, nil
}

// Tenants lists every tenant.
func (s *Store) Tenants(ctx context.Context) ([]Tenant, error) {
	rows, err := s.db.Query(ctx, `SELECT `+tenantCols+` FROM tenants ORDER BY created_at`)
	if err != nil {
		return nil, fmt.Errorf("store: list tenants: %w", err)
	}
	defer rows.Close()

	var out []Tenant
	for rows.Next() {
		t, err := scanTenant(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list tenants: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// UpdateSettings replaces a tenant's settings.
func (s *Store) UpdateSettings(ctx context.Context, tenantID string, st Settings) error {
	raw, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("store: encode settings: %w", err)
	}
	res, err := s.db.Exec(ctx, `UPDATE tenants SET settings = ? WHERE id = ?`, string(raw), tenantID)
	if err != nil {
		return fmt.Errorf("store: update settings: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("tenant %s: %w", tenantID, ErrNotFound)
	}
	return nil
}
