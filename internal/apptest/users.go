package apptest

import (
	"context"

	"github.com/proecommerce/domains/internal/auth"
	"github.com/proecommerce/domains/internal/store"
)

// UserClient makes a user of the tenant with the role (store.RoleAdmin or
// store.RoleClient) and returns a client that sends a new API token of it.
func (h *Harness) UserClient(t store.Tenant, email, role string) (*Client, store.User) {
	h.T.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword("correct horse battery")
	if err != nil {
		h.T.Fatal(err)
	}
	u, err := h.App.Store.CreateUser(ctx, store.User{TenantID: t.ID, Email: email, Name: email,
		Role: role, PasswordHash: hash, Currency: t.Settings.Currency})
	if err != nil {
		h.T.Fatal(err)
	}
	tok, err := h.App.Store.CreateToken(ctx, u)
	if err != nil {
		h.T.Fatal(err)
	}
	c := h.NewClient()
	c.Token = tok
	return c, u
}
