package web_test

import (
	"context"
	"strings"
	"testing"
)

func TestLockAuthCodeAndNameservers(t *testing.T) {
	e := newEnv(t)
	e.domain("lock-me.com", e.client.ID)
	e.domain("no-lock.ch", e.client.ID)
	sb := e.h.App.Providers.SandboxRegistrar
	ctx := context.Background()

	// Self-service off: the client's lock and auth code calls are 404.
	if st := e.api(e.clientT, "PUT", "/api/v1/domains/lock-me.com/lock", map[string]bool{"enabled": true}, nil); st != 404 {
		t.Fatalf("client lock without self-service: %d", st)
	}
	if st := e.api(e.clientT, "POST", "/api/v1/domains/lock-me.com/auth-code", nil, nil); st != 404 {
		t.Fatalf("client auth code without self-service: %d", st)
	}
	if e.reg.n("lock") != 0 || e.reg.n("auth_code") != 0 {
		t.Fatal("a refused call reached the registrar")
	}

	// The admin locks; the answer is the state read back.
	var d apiDomain
	if st := e.api(e.adminT, "PUT", "/api/v1/domains/lock-me.com/lock", map[string]bool{"enabled": false}, &d); st != 200 || d.Locked {
		t.Fatalf("admin unlock: %d %+v", st, d)
	}
	if detail, _ := sb.DomainDetail(ctx, "lock-me.com"); detail.Locked {
		t.Fatal("the registrar still holds the lock")
	}

	// .ch has no transfer lock: 409 and no call.
	var ae apiError
	if st := e.api(e.adminT, "PUT", "/api/v1/domains/no-lock.ch/lock", map[string]bool{"enabled": true}, &ae); st != 409 || ae.Error.Code != "conflict" {
		t.Fatalf(".ch lock: %d %+v", st, ae)
	}
	if n := e.reg.n("lock"); n != 1 {
		t.Fatalf("lock calls = %d, want 1", n)
	}

	// Self-service on: the client may lock and read the code.
	var settings map[string]any
	e.api(e.adminT, "GET", "/api/v1/settings", nil, &settings)
	settings["client_self_service"] = map[string]bool{"transfer_lock": true, "auth_code": true}
	if st := e.api(e.adminT, "PUT", "/api/v1/settings", settings, nil); st != 200 {
		t.Fatalf("settings: %d", st)
	}
	if st := e.api(e.clientT, "PUT", "/api/v1/domains/lock-me.com/lock", map[string]bool{"enabled": true}, &d); st != 200 || !d.Locked {
		t.Fatalf("client lock: %d %+v", st, d)
	}
	var code struct {
		Domain   string `json:"domain"`
		AuthCode string `json:"auth_code"`
	}
	want, _ := sb.AuthCode(ctx, "lock-me.com")
	if st := e.api(e.clientT, "POST", "/api/v1/domains/lock-me.com/auth-code", nil, &code); st != 200 ||
		code.AuthCode == "" || code.AuthCode != want {
		t.Fatalf("client auth code: %d %+v", st, code)
	}
	log, _ := e.h.App.Store.AuditLog(ctx, e.h.Tenant.ID, 50)
	found := false
	for _, a := range log {
		if strings.Contains(a.Detail, want) || strings.Contains(a.Subject, want) {
			t.Fatalf("the audit log holds the auth code: %+v", a)
		}
		found = found || (a.Action == "auth_code" && a.Subject == "lock-me.com" && a.Actor == e.client.Email)
	}
	if !found {
		t.Fatalf("no auth_code audit entry: %+v", log)
	}
	// Another client's domain stays out of reach.
	e.domain("someone-else.com", "")
	if st := e.api(e.clientT, "POST", "/api/v1/domains/someone-else.com/auth-code", nil, nil); st != 404 {
		t.Fatalf("auth code of an unassigned domain: %d", st)
	}

	// Name servers: admin only, stored as read back.
	ns := []string{"ns1.example.net", "NS2.Example.net."}
	if st := e.api(e.clientT, "PUT", "/api/v1/domains/lock-me.com/nameservers", map[string]any{"nameservers": ns}, nil); st != 404 {
		t.Fatalf("client nameservers: %d", st)
	}
	if st := e.api(e.adminT, "PUT", "/api/v1/domains/lock-me.com/nameservers", map[string]any{"nameservers": ns}, &d); st != 200 ||
		strings.Join(d.Nameservers, ",") != "ns1.example.net,ns2.example.net" {
		t.Fatalf("nameservers: %d %+v", st, d)
	}
	if st := e.api(e.adminT, "PUT", "/api/v1/domains/lock-me.com/nameservers", map[string]any{"nameservers": []string{"ns1.example.net", "bad host"}}, &ae); st != 400 || ae.Error.Field != "nameservers.1" {
		t.Fatalf("bad nameserver: %d %+v", st, ae)
	}

	// With the switch on, the client changes its own domain's name servers,
	// and still not someone else's.
	settings["client_self_service"] = map[string]bool{"nameservers": true}
	if st := e.api(e.adminT, "PUT", "/api/v1/settings", settings, nil); st != 200 {
		t.Fatalf("settings: %d", st)
	}
	mine := []string{"ns3.example.org", "ns4.example.org"}
	if st := e.api(e.clientT, "PUT", "/api/v1/domains/lock-me.com/nameservers", map[string]any{"nameservers": mine}, &d); st != 200 ||
		strings.Join(d.Nameservers, ",") != "ns3.example.org,ns4.example.org" {
		t.Fatalf("client nameservers with self-service: %d %+v", st, d)
	}
	if st := e.api(e.clientT, "PUT", "/api/v1/domains/someone-else.com/nameservers", map[string]any{"nameservers": mine}, nil); st != 404 {
		t.Fatalf("client nameservers of an unassigned domain: %d", st)
	}
	if n := e.reg.n("nameservers"); n != 2 {
		t.Fatalf("name server calls = %d, want 2", n)
	}
}
