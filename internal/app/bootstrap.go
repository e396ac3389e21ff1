package app

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"

	"github.com/proecommerce/domains/internal/auth"
	"github.com/proecommerce/domains/internal/store"
)

// FirstAdmin is the admin account made on first start; its password is
// shown once and never stored in plain text.
type FirstAdmin struct {
	Email    string
	Password string
}

// Bootstrap makes what a fresh database needs: the default tenant, its
// first admin (returned when it was just made), each registrar's price list
// and the tenants' TLD rows. It is safe to run on every start.
func (a *App) Bootstrap(ctx context.Context) (*FirstAdmin, error) {
	t, err := a.Store.DefaultTenant(ctx)
	if errors.Is(err, store.ErrNotFound) {
		t, err = a.Store.CreateTenant(ctx, "Default", true)
	}
	if err != nil {
		return nil, fmt.Errorf("app: default tenant: %w", err)
	}

	admin, err := a.ensureAdmin(ctx, t)
	if err != nil {
		return nil, err
	}
	for _, name := range a.Providers.Names() {
		if err := a.ensurePrices(ctx, name); err != nil {
			a.Logger.Error("price list not loaded; it is retried at the next start or tlds sync",
				"registrar", name, "err", err)
		}
	}
	return admin, nil
}

func (a *App) ensureAdmin(ctx context.Context, t store.Tenant) (*FirstAdmin, error) {
	var n int
	err := a.DB.QueryRow(ctx, `SELECT count(*) FROM users WHERE tenant_id = ? AND role = ?`,
		t.ID, store.RoleAdmin).Scan(&n)
	if err != nil || n > 0 {
		return nil, err
	}

	password := randomPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	u, err := a.Store.CreateUser(ctx, store.User{TenantID: t.ID, Email: "admin@localhost",
		Name: "Administrator", Role: store.RoleAdmin, PasswordHash: hash, Currency: t.Settings.Currency})
	if err != nil {
		return nil, fmt.Errorf("app: first admin: %w", err)
	}
	return &FirstAdmin{Email: u.Email, Password: password}, nil
}

func randomPassword() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// ensurePrices loads a registrar's price list when none is stored yet.
func (a *App) ensurePrices(ctx context.Context, registrarName string) error {
	have, err := a.Store.Prices(ctx, registrarName)
	if err != nil {
		return err
	}
	if len(have) > 0 {
		return a.enableTLDs(ctx, registrarName)
	}
	_, err = a.SyncPrices(ctx, registrarName)
	return err
}

// SyncPrices fetches a registrar's price list, stores it and enables the
// TLDs it sells for every tenant that has no row for them yet. It returns
// how many TLDs were priced.
func (a *App) SyncPrices(ctx context.Context, registrarName string) (int, error) {
	reg, ok := a.Providers.Registrar(registrarName)
	if !ok {
		return 0, fmt.Errorf("app: registrar %q is not configured", registrarName)
	}
	prices, err := reg.Prices(ctx)
	if err != nil {
		return 0, fmt.Errorf("app: price list of %s: %w", registrarName, err)
	}
	if err := a.Store.ReplacePrices(ctx, registrarName, prices); err != nil {
		return 0, err
	}
	a.Logger.Info("price list stored", "registrar", registrarName, "tlds", len(prices))
	return len(prices), a.enableTLDs(ctx, registrarName)
}

func (a *App) enableTLDs(ctx context.Context, registrarName string) error {
	prices, err := a.Store.Prices(ctx, registrarName)
	if err != nil {
		return err
	}
	tlds := make([]string, 0, len(prices))
	for _, p := range prices {
		if p.Registration != nil || p.Transfer != nil {
			tlds = append(tlds, p.TLD)
		}
	}
	tenants, err := a.Store.Tenants(ctx)
	if err != nil {
		return err
	}
	for _, t := range tenants {
		if err := a.Store.EnableTLDs(ctx, t.ID, registrarName, tlds); err != nil {
			return err
		}
	}
	return nil
}

// CreateTenant makes a tenant and enables every TLD its registrars sell.
func (a *App) CreateTenant(ctx context.Context, name string) (store.Tenant, error) {
	if strings.TrimSpace(name) == "" {
		return store.Tenant{}, errors.New("--name: a tenant name is required")
	}
	t, err := a.Store.CreateTenant(ctx, strings.TrimSpace(name), false)
	if err != nil {
		return t, err
	}
	for _, reg := range a.Providers.Names() {
		if err := a.enableTLDs(ctx, reg); err != nil {
			return t, err
		}
	}
	return t, nil
}

// Tenant resolves a --tenant flag: empty means the default tenant.
func (a *App) Tenant(ctx context.Context, id string) (store.Tenant, error) {
	if id == "" {
		return a.Store.DefaultTenant(ctx)
	}
	t, err := a.Store.Tenant(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return t, fmt.Errorf("--tenant %s: %w", id, ErrNoTenant)
	}
	return t, err
}
