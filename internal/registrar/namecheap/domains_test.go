package namecheap

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

func asRegistrarError(err error, target **registrar.Error) bool { return errors.As(err, target) }

func getInfoXML(domain, created, expires, wgEnabled, wgID string) string {
	return `<DomainGetInfoResult Status="Ok" ID="57" DomainName="` + domain + `" OwnerName="` +
		testName + `" IsOwner="true" IsPremium="false">
  <DomainDetails>
    <CreatedDate>` + created + `</CreatedDate>
    <ExpiredDate>` + expires + `</ExpiredDate>
    <NumYears>0</NumYears>
  </DomainDetails>
  <LockDetails />
  <Whoisguard Enabled="` + wgEnabled + `">
    <ID>` + wgID + `</ID>
    <ExpiredDate>04/28/2027</ExpiredDate>
    <EmailDetails WhoisGuardEmail="abc@withheldforprivacy.com" ForwardedTo="owner@example.org"
      LastAutoEmailChangeDate="" AutoEmailChangeFrequencyDays="3" />
  </Whoisguard>
  <PremiumDnsSubscription><UseAutoRenew>false</UseAutoRenew></PremiumDnsSubscription>
  <DnsDetails ProviderType="CUSTOM" IsUsingOurDNS="false" HostCount="0" EmailType="" DynamicDNSStatus="false" IsFailover="false">
    <Nameserver>NS-1.AWSDNS-01.ORG</Nameserver>
    <Nameserver>ns-2.awsdns-02.com</Nameserver>
  </DnsDetails>
  <Modificationrights All="true" />
</DomainGetInfoResult>`
}

func listRowXML(name, created, expires string, locked, autoRenew bool) string {
	return fmt.Sprintf(`<Domain ID="%d" Name="%s" User="%s" Created="%s" Expires="%s" IsExpired="false"
  IsLocked="%t" AutoRenew="%t" WhoisGuard="ENABLED" IsPremium="false" IsOurDNS="false" />`,
		len(name), name, testName, created, expires, locked, autoRenew)
}

func getListXML(rows string, total, page, size int) string {
	return okXML("namecheap.domains.getList", `<DomainGetListResult>`+rows+`</DomainGetListResult>
<Paging><TotalItems>`+strconv.Itoa(total)+`</TotalItems><CurrentPage>`+strconv.Itoa(page)+
		`</CurrentPage><PageSize>`+strconv.Itoa(size)+`</PageSize></Paging>`)
}

func TestDomainDetailReadsMonthFirstDates(t *testing.T) {
	f := newFake(t)
	f.okOn("namecheap.domains.getInfo", getInfoXML("example.com", "04/28/2025", "04/28/2027", "True", "53536"))
	f.on("namecheap.domains.getList", func(form url.Values) (int, string) {
		wantForm(t, form, map[string]string{"SearchTerm": "example.com", "ListType": "ALL"})
		rows := listRowXML("example.com.au", "01/02/2025", "01/02/2027", false, true) +
			listRowXML("example.com", "04/28/2025", "04/28/2027", true, false)
		return 200, getListXML(rows, 2, 1, 100)
	})
	r, _ := newTestRegistrar(t, f, 0)

	d, err := r.DomainDetail(context.Background(), "example.com")
	if err != nil {
		t.Fatalf("DomainDetail: %v", err)
	}
	wantForm(t, f.calls("namecheap.domains.getInfo")[0], map[string]string{"DomainName": "example.com"})

	if want := time.Date(2027, 4, 28, 0, 0, 0, 0, time.UTC); !d.Expires.Equal(want) {
		t.Errorf("expires = %v, want %v (28 April, month first)", d.Expires, want)
	}
	if want := time.Date(2025, 4, 28, 0, 0, 0, 0, time.UTC); !d.Created.Equal(want) {
		t.Errorf("created = %v, want %v", d.Created, want)
	}
	if !d.Privacy || !d.Locked || d.AutoRenew {
		t.Errorf("privacy %v locked %v auto-renew %v, want true true false", d.Privacy, d.Locked, d.AutoRenew)
	}
	if strings.Join(d.Nameservers, ",") != "ns-1.awsdns-01.org,ns-2.awsdns-02.com" {
		t.Errorf("nameservers = %v", d.Nameservers)
	}
	if len(d.Statuses) != 1 || d.Statuses[0] != "clientTransferProhibited" {
		t.Errorf("statuses = %v", d.Statuses)
	}
}

func TestDomainDetailNotFound(t *testing.T) {
	f := newFake(t)
	f.on("namecheap.domains.getInfo", func(url.Values) (int, string) {
		return 200, errXML("2019166", "Domain not found")
	})
	r, _ := newTestRegistrar(t, f, 0)

	_, err := r.DomainDetail(context.Background(), "missing.com")
	if !registrar.IsKind(err, registrar.KindNotFound) {
		t.Fatalf("error = %v, want not_found", err)
	}
	noKey(t, err)
}

// pagedList answers domains.getList from total domains, with the page size
// the request asks for; short, when set, cuts every page to that many rows
// while the reported total stays the same.
func pagedList(t *testing.T, total, short int) handler {
	return func(form url.Values) (int, string) {
		page, _ := strconv.Atoi(form.Get("Page"))
		size, _ := strconv.Atoi(form.Get("PageSize"))
		var rows strings.Builder
		for i := (page - 1) * size; i < min(page*size, total); i++ {
			if short > 0 && i-(page-1)*size >= short {
				break
			}
			rows.WriteString(listRowXML(fmt.Sprintf("d%02d.com", i), "01/15/2025", "12/31/2027", false, false))
		}
		return 200, getListXML(rows.String(), total, page, size)
	}
}

// listAll follows ListDomains cursors to the end.
func listAll(t *testing.T, r *Registrar) ([]registrar.DomainSummary, int) {
	t.Helper()
	var all []registrar.DomainSummary
	cursor, pages := "", 0
	for {
		p, err := r.ListDomains(context.Background(), cursor)
		if err != nil {
			t.Fatalf("ListDomains(%q): %v", cursor, err)
		}
		all, pages = append(all, p.Domains...), pages+1
		if p.NextCursor == "" {
			return all, pages
		}
		cursor = p.NextCursor
	}
}

func TestListDomainsPagesOfTwentyAndFive(t *testing.T) {
	f := newFake(t)
	f.on("namecheap.domains.getList", pagedList(t, 25, 0))
	r, _ := newTestRegistrar(t, f, 20)

	all, pages := listAll(t, r)
	if len(all) != 25 || pages != 2 {
		t.Fatalf("got %d domains in %d pages, want 25 in 2", len(all), pages)
	}
	if all[24].Domain != "d24.com" {
		t.Errorf("last domain = %s", all[24].Domain)
	}
	if want := time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC); !all[0].Expires.Equal(want) {
		t.Errorf("expires = %v, want %v", all[0].Expires, want)
	}
	calls := f.calls("namecheap.domains.getList")
	wantForm(t, calls[1], map[string]string{"Page": "2", "PageSize": "20", "ListType": "ALL"})
}

func TestListDomainsEndsOnTotalNotOnPageSize(t *testing.T) {
	t.Run("ShortPageBeforeTotal", func(t *testing.T) {
		f := newFake(t)
		f.on("namecheap.domains.getList", pagedList(t, 25, 15))
		r, _ := newTestRegistrar(t, f, 20)

		_, pages := listAll(t, r)
		if pages != 2 {
			t.Fatalf("pages = %d, want 2: a short first page must not end the list", pages)
		}
	})
	t.Run("FullPageAtTotal", func(t *testing.T) {
		f := newFake(t)
		f.on("namecheap.domains.getList", pagedList(t, 20, 0))
		r, _ := newTestRegistrar(t, f, 20)

		all, pages := listAll(t, r)
		if pages != 1 || len(all) != 20 {
			t.Fatalf("got %d domains in %d pages, want 20 in 1: a full last page ends the list", len(all), pages)
		}
	})
}

func TestRenewGuardsOnExpiryYear(t *testing.T) {
	f := newFake(t)
	expires := "04/28/2027"
	f.on("namecheap.domains.getInfo", func(url.Values) (int, string) {
		return 200, okXML("namecheap.domains.getInfo", getInfoXML("example.com", "04/28/2025", expires, "True", "1"))
	})
	f.on("namecheap.domains.renew", func(url.Values) (int, string) {
		expires = "04/28/2029"
		return 200, okXML("namecheap.domains.renew", `<DomainRenewResult DomainName="example.com"
  DomainID="151378" Renew="true" OrderID="82" TransactionID="51" ChargedAmount="36.9600">
  <DomainDetails><ExpiredDate>04/28/2029</ExpiredDate><NumYears>0</NumYears></DomainDetails>
</DomainRenewResult>`)
	})
	r, _ := newTestRegistrar(t, f, 0)
	ctx := context.Background()

	op, err := r.Renew(ctx, "example.com", 2027, 2)
	if err != nil {
		t.Fatalf("Renew: %v", err)
	}
	if op.Status != registrar.OpSucceeded || op.ID != "renew:example.com:2027" {
		t.Errorf("operation = %+v", op)
	}
	wantForm(t, f.calls("namecheap.domains.renew")[0], map[string]string{"DomainName": "example.com", "Years": "2"})

	// A replay finds the expiry already moved and buys nothing.
	if _, err := r.Renew(ctx, "example.com", 2027, 2); err != nil {
		t.Fatalf("replayed Renew: %v", err)
	}
	if n := len(f.calls("namecheap.domains.renew")); n != 1 {
		t.Errorf("renew calls = %d, want 1", n)
	}
	if got, err := r.Operation(ctx, op.ID); err != nil || got.Status != registrar.OpSucceeded {
		t.Errorf("Operation = %+v, %v; want succeeded", got, err)
	}

	_, err = r.Renew(ctx, "example.com", 2031, 1)
	if !registrar.IsKind(err, registrar.KindInvalid) {
		t.Errorf("renew from a later year: error = %v, want invalid", err)
	}
}

func TestFindOperationsRegistration(t *testing.T) {
	f := newFake(t)
	f.okOn("namecheap.domains.getInfo", getInfoXML("example.com", "12/03/2026", "12/03/2027", "True", "1"))
	r, _ := newTestRegistrar(t, f, 0)
	ctx := context.Background()

	ops, err := r.FindOperations(ctx, "example.com", registrar.OpRegister, testEpoch.Add(-time.Hour))
	if err != nil || len(ops) != 1 || ops[0].ID != "register:example.com" || ops[0].Status != registrar.OpSucceeded {
		t.Fatalf("FindOperations = %+v, %v", ops, err)
	}

	ops, err = r.FindOperations(ctx, "example.com", registrar.OpRegister, testEpoch.AddDate(0, 0, 2))
	if err != nil || len(ops) != 0 {
		t.Fatalf("FindOperations after creation = %+v, %v; want none", ops, err)
	}

	f.on("namecheap.domains.getInfo", func(url.Values) (int, string) {
		return 200, errXML("2019166", "Domain not found")
	})
	ops, err = r.FindOperations(ctx, "example.com", registrar.OpRegister, testEpoch)
	if err != nil || len(ops) != 0 {
		t.Fatalf("FindOperations for a missing domain = %+v, %v; want none", ops, err)
	}
}
