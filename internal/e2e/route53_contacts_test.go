package e2e

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/awsfake"
	"github.com/proecommerce/domains/internal/store"
)

// r53Held puts a domain in the fake's account and in the tenant's
// portfolio, for the client.
func r53Held(t *testing.T, h *apptest.Harness, fake *awsfake.Fake, name, tld, clientID string, privacy bool) {
	t.Helper()
	now := time.Now().UTC()
	fake.AddDomain(awsfake.Domain{Name: name, Created: now, Expires: now.AddDate(1, 0, 0), Privacy: privacy,
		Locked: true, Nameservers: []string{"ns-1.awsdns-01.org", "ns-2.awsdns-02.com"}})
	_, err := h.App.Store.UpsertDomain(context.Background(), store.Domain{TenantID: h.Tenant.ID,
		ClientID: clientID, Name: name, TLD: tld, Status: store.DomainActive, Registrar: "route53",
		ExpiresAt: now.AddDate(1, 0, 0), Privacy: privacy, Locked: true})
	if err != nil {
		t.Fatal(err)
	}
}

type r53DomainAnswer struct {
	Privacy struct {
		Enabled   bool   `json:"enabled"`
		Available bool   `json:"available"`
		Reason    string `json:"reason"`
	} `json:"privacy"`
	Pending []string `json:"pending_operations"`
}

// A billing-contact change goes to Route 53 as UpdateDomainContact with
// the billing contact alone, and no privacy call is sent on the way: not
// for .jp, whose registry has no privacy, nor for .com, whose privacy
// stays as the registrar holds it.
func TestRoute53ContactChangeSendsNoPrivacyCall(t *testing.T) {
	prices := append(slices.Clone(awsfake.DefaultPrices),
		awsfake.Price{TLD: "jp", Registration: "90.00", Renewal: "90.00", Transfer: "90.00"})
	fake := awsfake.New(t, awsfake.Config{Prices: prices})
	h := r53Start(t, fake)
	ctx := context.Background()
	h.Eventually(20*time.Second, "the price list to be synced", func() bool {
		_, err := h.App.Store.Price(ctx, "route53", "jp")
		return err == nil
	})
	c, client := h.UserClient(h.Tenant, "shop@example.jp", store.RoleClient)
	r53Held(t, h, fake, "shop-example.jp", "jp", client.ID, false)
	r53Held(t, h, fake, "shop-example.com", "com", client.ID, true)
	admin := h.AdminClient()
	billing := map[string]any{"billing": contact()}

	var d r53DomainAnswer
	if st := admin.Do("PUT", "/api/v1/domains/shop-example.jp/contacts", billing, &d); st != 200 {
		t.Fatalf("billing change on .jp: %d", st)
	}
	if d.Privacy.Available || d.Privacy.Enabled || len(d.Pending) != 0 {
		t.Errorf(".jp after the change: %+v", d)
	}
	held, _ := fake.Domain("shop-example.jp")
	if got := held.Contacts["BillingContact"]; got["FirstName"] != "Ada" || got["PhoneNumber"] != "+1.2065550119" {
		t.Errorf("billing contact at Route 53: %v", got)
	}
	if _, ok := held.Contacts["RegistrantContact"]; ok || len(held.Contacts) != 1 {
		t.Errorf("contacts sent besides billing: %v", held.Contacts)
	}

	if st := admin.Do("PUT", "/api/v1/domains/shop-example.com/contacts", billing, &d); st != 200 ||
		!d.Privacy.Enabled || !d.Privacy.Available {
		t.Fatalf("billing change on .com: %d %+v", st, d)
	}

	var ae apiError
	if st := admin.Do("PUT", "/api/v1/domains/shop-example.jp/privacy", map[string]bool{"enabled": true}, &ae); st != 409 ||
		ae.Error.Code != "conflict" {
		t.Errorf("privacy on .jp: %d %+v", st, ae)
	}
	if st := c.Do("PUT", "/api/v1/domains/shop-example.jp/contacts", billing, nil); st != 404 {
		t.Errorf("the client's own contact change: %d", st)
	}
	if st := admin.Do("PUT", "/api/v1/domains/shop-example.jp/contacts", map[string]any{
		"billing": map[string]string{"first_name": "Ada"}}, &ae); st != 400 || ae.Error.Field != "billing.last_name" {
		t.Errorf("an incomplete billing contact: %d %+v", st, ae)
	}

	if n := fake.Calls("UpdateDomainContact"); n != 2 {
		t.Errorf("UpdateDomainContact calls = %d, want 2", n)
	}
	if n := fake.Calls("UpdateDomainContactPrivacy"); n != 0 {
		t.Errorf("UpdateDomainContactPrivacy calls = %d, want 0: %v", n, fake.CallLog())
	}
}
