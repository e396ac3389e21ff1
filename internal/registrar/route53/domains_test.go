package route53

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

func TestDomainDetail(t *testing.T) {
	f, r := newFake(t, map[string]handler{
		"GetDomainDetail": fixed(ok(map[string]any{
			"DomainName": "example.com", "AutoRenew": false,
			"AdminPrivacy": true, "RegistrantPrivacy": true, "TechPrivacy": true,
			"CreationDate": 1733000000, "ExpirationDate": 1796000000,
			"StatusList":  []string{"clientTransferProhibited", "clientDeleteProhibited"},
			"Nameservers": []any{map[string]any{"Name": "NS-1.AWSDNS-01.ORG"}},
		})),
	})

	d, err := r.DomainDetail(context.Background(), "example.com")
	if err != nil {
		t.Fatalf("DomainDetail: %v", err)
	}

	if f.only(t).body["DomainName"] != "example.com" {
		t.Errorf("request = %v", f.only(t).body)
	}
	if d.Domain != "example.com" || !d.Locked || !d.Privacy || d.AutoRenew ||
		!d.Expires.Equal(time.Unix(1796000000, 0)) || !d.Created.Equal(time.Unix(1733000000, 0)) ||
		!slices.Equal(d.Nameservers, []string{"ns-1.awsdns-01.org"}) || len(d.Statuses) != 2 {
		t.Errorf("detail = %+v", d)
	}
}

func TestDomainDetailUnlockedAndMixedPrivacy(t *testing.T) {
	_, r := newFake(t, map[string]handler{
		"GetDomainDetail": fixed(ok(map[string]any{
			"DomainName": "example.com", "AdminPrivacy": true, "RegistrantPrivacy": false,
			"TechPrivacy": true, "StatusList": []string{"ok"},
		})),
	})

	d, err := r.DomainDetail(context.Background(), "example.com")
	if err != nil {
		t.Fatalf("DomainDetail: %v", err)
	}
	if d.Locked || d.Privacy {
		t.Errorf("detail = %+v, want unlocked and privacy off", d)
	}
}

func TestDomainDetailNotInAccount(t *testing.T) {
	_, r := newFake(t, map[string]handler{
		"GetDomainDetail": fixed(awsError(400, "InvalidInput", "Domain example.com is invalid")),
	})

	_, err := r.DomainDetail(context.Background(), "example.com")

	if registrar.KindOf(err) != registrar.KindNotFound {
		t.Fatalf("err = %v, want not found", err)
	}
}

func TestListDomainsPaging(t *testing.T) {
	f, r := newFake(t, map[string]handler{
		"ListDomains": func(t *testing.T, body map[string]any) reply {
			if body["MaxItems"] != float64(100) {
				t.Errorf("MaxItems = %v", body["MaxItems"])
			}
			if body["Marker"] == nil {
				return ok(map[string]any{
					"Domains": []any{map[string]any{"DomainName": "a.com", "AutoRenew": true,
						"TransferLock": true, "Expiry": 1796000000}},
					"NextPageMarker": "next-1",
				})
			}
			if body["Marker"] != "next-1" {
				t.Errorf("Marker = %v", body["Marker"])
			}
			return ok(map[string]any{"Domains": []any{map[string]any{"DomainName": "B.net"}}})
		},
	})

	first, err := r.ListDomains(context.Background(), "")
	if err != nil {
		t.Fatalf("ListDomains: %v", err)
	}
	second, err := r.ListDomains(context.Background(), first.NextCursor)
	if err != nil {
		t.Fatalf("ListDomains page 2: %v", err)
	}

	if first.NextCursor != "next-1" || len(first.Domains) != 1 {
		t.Fatalf("first = %+v", first)
	}
	a := first.Domains[0]
	if a.Domain != "a.com" || !a.AutoRenew || !a.Locked || a.HasDetail || !a.Expires.Equal(time.Unix(1796000000, 0)) {
		t.Errorf("a.com = %+v", a)
	}
	if second.NextCursor != "" || len(second.Domains) != 1 || second.Domains[0].Domain != "b.net" {
		t.Errorf("second = %+v", second)
	}
	if len(f.ops()) != 2 {
		t.Errorf("calls = %d", len(f.ops()))
	}
}
