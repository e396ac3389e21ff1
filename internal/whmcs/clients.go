package whmcs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/mail"
	"strings"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/store"
)

var (
	clientCols   = []string{"id", "firstname", "lastname", "email", "currency"}
	currencyCols = []string{"id", "code", "rate", "default"}
)

// currencies reads tblcurrencies: the id → code map the clients need and
// the exchange rates, written into the tenant's settings (currency → units
// per 1 of WHMCS's default currency, which is listed as "1").
func (r *run) currencies(ctx context.Context, in io.Reader) error {
	rates := map[string]string{}
	err := r.each(in, "currencies", currencyCols, func(row Row) error {
		code := strings.ToUpper(row.Get("code"))
		if !money.ValidCurrency(code) {
			return refusef("currency code %q is not an ISO 4217 code", row.Get("code"))
		}
		rate := trimRate(row.Get("rate"))
		if v, ok := new(big.Rat).SetString(rate); !ok || v.Sign() <= 0 {
			return refusef("rate %q of %s is not a positive decimal", row.Get("rate"), code)
		}
		if row.Get("default") == "1" && rate != "1" {
			return refusef("the default currency %s has rate %s, not 1", code, rate)
		}
		r.codes[row.Get("id")] = code
		rates[code] = rate
		r.rep.Currencies++
		return nil
	})
	if err != nil || len(rates) == 0 {
		return err
	}
	return r.saveRates(ctx, rates)
}

func (r *run) saveRates(ctx context.Context, rates map[string]string) error {
	st := r.tenant.Settings
	if st.ExchangeRates == nil {
		st.ExchangeRates = map[string]string{}
	}
	for code, rate := range rates {
		if st.ExchangeRates[code] != rate {
			st.ExchangeRates[code] = rate
			r.rep.RatesChanged = true
		}
	}
	if !r.rep.RatesChanged || r.opts.DryRun {
		return nil
	}
	if err := r.im.Store.UpdateSettings(ctx, r.tenant.ID, st); err != nil {
		return fmt.Errorf("whmcs: exchange rates: %w", err)
	}
	r.tenant.Settings = st
	return nil
}

// client imports one tblclients row: a user with role client, an
// unusable password (the client sets one through a reset link) and the
// currency WHMCS bills it in. A client imported before, or an existing
// client with the same e-mail, is reused and left as it is.
func (r *run) client(ctx context.Context, row Row) error {
	id := row.Get("id")
	if id == "" || id == "0" {
		return refusef("no client id")
	}
	if local, err := r.im.Store.WHMCSLocal(ctx, r.tenant.ID, "client", id); err == nil {
		u, err := r.im.Store.User(ctx, r.tenant.ID, local)
		if err != nil {
			return err
		}
		r.clients[id] = u
		r.rep.ClientsKnown++
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}

	u, err := r.newClient(row)
	if err != nil {
		return err
	}
	return r.saveClient(ctx, id, u)
}

func (r *run) newClient(row Row) (store.User, error) {
	email := strings.ToLower(row.Get("email"))
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return store.User{}, refusef("e-mail %q is not valid", row.Get("email"))
	}
	currency := r.tenant.Settings.Currency
	if cur := row.Get("currency"); cur != "" && cur != "0" {
		code, ok := r.codes[cur]
		if !ok {
			return store.User{}, refusef("currency id %s is unknown: give the currencies export (--currencies)", cur)
		}
		currency = code
	}
	name := strings.TrimSpace(row.Get("firstname") + " " + row.Get("lastname"))
	if name == "" {
		name = row.Get("companyname")
	}
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	return store.User{TenantID: r.tenant.ID, Email: email, Name: name, Role: store.RoleClient,
		PasswordHash: unusableHash(), Currency: currency}, nil
}

func (r *run) saveClient(ctx context.Context, whmcsID string, u store.User) error {
	if r.opts.DryRun {
		u.ID = "dry-run:whmcs-client-" + whmcsID
		r.clients[whmcsID] = u
		r.rep.ClientsCreated++
		return nil
	}
	existing, err := r.im.Store.UserByEmail(ctx, r.tenant.ID, u.Email)
	switch {
	case err == nil && existing.Role != store.RoleClient:
		return refusef("e-mail %s belongs to an admin of this tenant", u.Email)
	case err == nil:
		u = existing
		r.rep.ClientsKnown++
	case errors.Is(err, store.ErrNotFound):
		if u, err = r.im.Store.CreateUser(ctx, u); err != nil {
			return err
		}
		r.rep.ClientsCreated++
	default:
		return err
	}
	r.clients[whmcsID] = u
	return r.im.Store.PutWHMCSLocal(ctx, r.tenant.ID, "client", whmcsID, u.ID)
}

// unusableHash is a password hash no password matches: it is not in the
// argon2id format, so every check fails until the client sets a password.
func unusableHash() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "!whmcs-import$" + hex.EncodeToString(b[:])
}
