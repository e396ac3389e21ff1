package route53

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/dnshost"
)

func byName(pages ...string) route {
	n := 0
	return func(t *testing.T, r *http.Request, _ string) (int, string) {
		page := pages[min(n, len(pages)-1)]
		n++
		return 200, fmt.Sprintf(`<ListHostedZonesByNameResponse %s>%s</ListHostedZonesByNameResponse>`, xmlns, page)
	}
}

func TestFindZoneExactPublicMatch(t *testing.T) {
	var query string
	list := byName(`<HostedZones>` +
		hostedZone("ZPRIV", "example.com.", "vpc", true) +
		hostedZone("ZPUB", "example.com.", "aws-created", false) +
		hostedZone("ZWWW", "www.example.com.", "other", false) +
		`</HostedZones><DNSName>example.com.</DNSName><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>`)
	f, h := newFake(t, map[string]route{
		"GET /2013-04-01/hostedzonesbyname": func(t *testing.T, r *http.Request, b string) (int, string) {
			query = r.URL.RawQuery
			return list(t, r, b)
		},
		"GET /2013-04-01/hostedzone/{id}": getHostedZone("ZPUB", "example.com."),
	})

	z, err := h.FindZone(context.Background(), "Example.com")
	if err != nil {
		t.Fatalf("FindZone: %v", err)
	}

	if !strings.Contains(query, "dnsname=example.com.") {
		t.Errorf("query = %q", query)
	}
	if z.ID != "ZPUB" || z.Domain != "example.com" ||
		!slices.Equal(z.Nameservers, []string{"ns-1.awsdns-01.org", "ns-2.awsdns-02.com"}) {
		t.Errorf("zone = %+v", z)
	}
	if len(f.list()) != 2 {
		t.Errorf("calls = %v", f.list())
	}
}

func TestFindZoneNeverMatchesAnotherName(t *testing.T) {
	_, h := newFake(t, map[string]route{
		"GET /2013-04-01/hostedzonesbyname": byName(`<HostedZones>` +
			hostedZone("ZSUB", "shop.example.com.", "x", false) +
			`</HostedZones><DNSName>example.com.</DNSName><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>`),
	})

	_, err := h.FindZone(context.Background(), "example.com")

	if !errors.Is(err, dnshost.ErrZoneNotFound) {
		t.Fatalf("err = %v, want zone not found", err)
	}
}

func TestFindZoneFollowsPagesOfTheSameName(t *testing.T) {
	var queries []string
	list := byName(
		`<HostedZones>`+hostedZone("ZP1", "example.com.", "a", true)+`</HostedZones>`+
			`<DNSName>example.com.</DNSName><IsTruncated>true</IsTruncated>`+
			`<NextDNSName>example.com.</NextDNSName><NextHostedZoneId>ZP2</NextHostedZoneId><MaxItems>1</MaxItems>`,
		`<HostedZones>`+hostedZone("ZP2", "example.com.", "b", false)+`</HostedZones>`+
			`<DNSName>example.com.</DNSName><HostedZoneId>ZP2</HostedZoneId><IsTruncated>false</IsTruncated><MaxItems>1</MaxItems>`)
	_, h := newFake(t, map[string]route{
		"GET /2013-04-01/hostedzonesbyname": func(t *testing.T, r *http.Request, b string) (int, string) {
			queries = append(queries, r.URL.RawQuery)
			return list(t, r, b)
		},
		"GET /2013-04-01/hostedzone/{id}": getHostedZone("ZP2", "example.com."),
	})

	z, err := h.FindZone(context.Background(), "example.com")
	if err != nil {
		t.Fatalf("FindZone: %v", err)
	}
	if z.ID != "ZP2" || len(queries) != 2 || !strings.Contains(queries[1], "hostedzoneid=ZP2") {
		t.Errorf("zone %+v after queries %v", z, queries)
	}
}

func TestEnsureZoneFindsTheZoneRegisterDomainCreated(t *testing.T) {
	f, h := newFake(t, map[string]route{
		"GET /2013-04-01/hostedzonesbyname": byName(`<HostedZones>` +
			hostedZone("ZREG", "example.com.", "Route53Domains-1234", false) +
			`</HostedZones><DNSName>example.com.</DNSName><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>`),
		"GET /2013-04-01/hostedzone/{id}": getHostedZone("ZREG", "example.com."),
	})

	z, err := h.EnsureZone(context.Background(), "example.com", "order-7-zone")
	if err != nil {
		t.Fatalf("EnsureZone: %v", err)
	}

	if z.ID != "ZREG" {
		t.Errorf("zone = %+v", z)
	}
	for _, c := range f.list() {
		if strings.HasPrefix(c, "POST") {
			t.Errorf("a zone was created: %v", f.list())
		}
	}
}

const emptyByName = `<HostedZones/><DNSName>newshop.com.</DNSName><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>`

func TestEnsureZoneCreatesWithCallerReference(t *testing.T) {
	f, h := newFake(t, map[string]route{
		"GET /2013-04-01/hostedzonesbyname": byName(emptyByName),
		"POST /2013-04-01/hostedzone": func(t *testing.T, r *http.Request, body string) (int, string) {
			for _, want := range []string{"<Name>newshop.com.</Name>", "<CallerReference>order-7-zone</CallerReference>"} {
				if !strings.Contains(body, want) {
					t.Errorf("CreateHostedZone body lacks %s: %s", want, body)
				}
			}
			if strings.Contains(body, "<PrivateZone>true") || strings.Contains(body, "<VPC>") {
				t.Errorf("CreateHostedZone asks for a private zone: %s", body)
			}
			return 201, fmt.Sprintf(`<CreateHostedZoneResponse %s>%s<ChangeInfo><Id>/change/C1</Id>`+
				`<Status>PENDING</Status><SubmittedAt>2026-12-01T10:00:00Z</SubmittedAt></ChangeInfo>%s</CreateHostedZoneResponse>`,
				xmlns, hostedZone("ZNEW", "newshop.com.", "order-7-zone", false), delegation)
		},
	})

	z, err := h.EnsureZone(context.Background(), "newshop.com", "order-7-zone")
	if err != nil {
		t.Fatalf("EnsureZone: %v", err)
	}

	if z.ID != "ZNEW" || z.Domain != "newshop.com" || len(z.Nameservers) != 2 {
		t.Errorf("zone = %+v", z)
	}
	if !slices.Equal(f.list(), []string{"GET /2013-04-01/hostedzonesbyname", "POST /2013-04-01/hostedzone"}) {
		t.Errorf("calls = %v", f.list())
	}
}

func TestEnsureZoneReplayedCallerReference(t *testing.T) {
	f, h := newFake(t, map[string]route{
		"GET /2013-04-01/hostedzonesbyname": byName(emptyByName, `<HostedZones>`+
			hostedZone("ZOTHER", "newshop.com.", "someone-else", false)+
			hostedZone("ZMINE", "newshop.com.", "order-7-zone", false)+
			`</HostedZones><DNSName>newshop.com.</DNSName><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>`),
		"POST /2013-04-01/hostedzone": func(*testing.T, *http.Request, string) (int, string) {
			return 409, xmlError("HostedZoneAlreadyExists", "A hosted zone has already been created with the specified caller reference.")
		},
		"GET /2013-04-01/hostedzone/{id}": getHostedZone("ZMINE", "newshop.com."),
	})

	z, err := h.EnsureZone(context.Background(), "newshop.com", "order-7-zone")
	if err != nil {
		t.Fatalf("EnsureZone: %v", err)
	}

	if z.ID != "ZMINE" {
		t.Errorf("zone = %+v, want the one with our caller reference", z)
	}
	if n := len(f.list()); n != 4 {
		t.Errorf("calls = %v", f.list())
	}
}

func TestZonesAllPages(t *testing.T) {
	var first strings.Builder
	for i := range 100 {
		first.WriteString(hostedZone(fmt.Sprintf("Z%03d", i), fmt.Sprintf("d%03d.com.", i), "r", false))
	}
	f, h := newFake(t, map[string]route{
		"GET /2013-04-01/hostedzone": func(t *testing.T, r *http.Request, _ string) (int, string) {
			if r.URL.Query().Get("marker") == "" {
				return 200, fmt.Sprintf(`<ListHostedZonesResponse %s><HostedZones>%s</HostedZones>`+
					`<Marker></Marker><IsTruncated>true</IsTruncated><NextMarker>Z100</NextMarker><MaxItems>100</MaxItems>`+
					`</ListHostedZonesResponse>`, xmlns, first.String())
			}
			if r.URL.Query().Get("marker") != "Z100" {
				t.Errorf("marker = %q", r.URL.Query().Get("marker"))
			}
			return 200, fmt.Sprintf(`<ListHostedZonesResponse %s><HostedZones>%s</HostedZones>`+
				`<Marker>Z100</Marker><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>`,
				xmlns, hostedZone("Z100", "last.com.", "r", false))
		},
	})

	zones, err := h.Zones(context.Background())
	if err != nil {
		t.Fatalf("Zones: %v", err)
	}

	if len(zones) != 101 || zones[100].ID != "Z100" || zones[100].Domain != "last.com" {
		t.Fatalf("zones = %d, last %+v", len(zones), zones[len(zones)-1])
	}
	if len(f.list()) != 2 {
		t.Errorf("calls = %v (no zone may be created)", f.list())
	}
}
