package namecheap

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

func TestTransferStatusProgression(t *testing.T) {
	f := newFake(t)
	f.okOn("namecheap.domains.transfer.create", `<DomainTransferCreateResult DomainName="example.net"
  Transfer="true" TransferID="1500" StatusID="-1" OrderID="1234" TransactionID="5678"
  ChargedAmount="12.9800" StatusCode="-1" />`)

	statuses := []string{"Awaiting EPP code", "Transfer pending at the registry",
		"Transfer completed successfully"}
	step := 0
	f.on("namecheap.domains.transfer.getStatus", func(form url.Values) (int, string) {
		wantForm(t, form, map[string]string{"TransferID": "1500"})
		s := statuses[min(step, len(statuses)-1)]
		step++
		return 200, okXML("namecheap.domains.transfer.getStatus",
			`<DomainTransferGetStatusResult TransferID="1500" Status="`+s+`" StatusID="7" />`)
	})
	r, _ := newTestRegistrar(t, f, 0)
	ctx := context.Background()

	op, err := r.TransferIn(ctx, registrar.TransferRequest{Domain: "example.net",
		AuthCode: "Ab#1&x=y", Years: 1, Contact: testContact, Privacy: true})
	if err != nil {
		t.Fatalf("TransferIn: %v", err)
	}
	if op.ID != "transfer_in:example.net:1500" || op.Status != registrar.OpSubmitted {
		t.Fatalf("operation = %+v", op)
	}
	wantForm(t, f.calls("namecheap.domains.transfer.create")[0], map[string]string{
		"DomainName": "example.net", "Years": "1", "EPPCode": "Ab#1&x=y",
		"AddFreeWhoisguard": "yes", "WGenable": "yes"})

	want := []registrar.OperationStatus{registrar.OpActionRequired, registrar.OpInProgress,
		registrar.OpSucceeded}
	for i, w := range want {
		got, err := r.Operation(ctx, op.ID)
		if err != nil {
			t.Fatalf("Operation step %d: %v", i, err)
		}
		if got.Status != w || got.Message != statuses[i] || got.Domain != "example.net" {
			t.Errorf("step %d = %s %q, want %s %q", i, got.Status, got.Message, w, statuses[i])
		}
	}
}

func TestTransferStatusTexts(t *testing.T) {
	cases := map[string]registrar.OperationStatus{
		"Cancelled":                            registrar.OpFailed,
		"Transfer failed: wrong EPP code":      registrar.OpFailed,
		"Domain is locked at losing registrar": registrar.OpActionRequired,
		"Waiting for approval":                 registrar.OpActionRequired,
		"Processing":                           registrar.OpInProgress,
		"Order submitted":                      registrar.OpSubmitted,
		"Completed":                            registrar.OpSucceeded,
	}
	for text, want := range cases {
		if got := transferStatus(text); got != want {
			t.Errorf("transferStatus(%q) = %s, want %s", text, got, want)
		}
	}
}

func TestTransferInRefusesMissingAuthCodeAndLongTerms(t *testing.T) {
	f := newFake(t)
	r, _ := newTestRegistrar(t, f, 0)

	_, err := r.TransferIn(context.Background(), registrar.TransferRequest{Domain: "example.net", Years: 1})
	if re := (*registrar.Error)(nil); !asRegistrarError(err, &re) || re.Field != "auth_code" {
		t.Errorf("empty auth code: error = %v", err)
	}
	_, err = r.TransferIn(context.Background(), registrar.TransferRequest{Domain: "example.net",
		AuthCode: "x", Years: 2})
	if !registrar.IsKind(err, registrar.KindInvalid) {
		t.Errorf("two years: error = %v", err)
	}
	if len(f.calls("namecheap.domains.transfer.create")) != 0 {
		t.Error("a refused transfer reached Namecheap")
	}
}

func TestCheckTransferability(t *testing.T) {
	f := newFake(t)
	f.on("namecheap.domains.getTldList", func(url.Values) (int, string) {
		return 200, tldListXML(tldXML("net", 1, 10, true, true, false), tldXML("ai", 2, 10, true, false, false))
	})
	f.on("namecheap.domains.check", func(form url.Values) (int, string) {
		avail := "false"
		if form.Get("DomainList") == "unregistered.net" {
			avail = "true"
		}
		return 200, okXML("namecheap.domains.check", `<DomainCheckResult Domain="`+
			form.Get("DomainList")+`" Available="`+avail+`" IsPremiumName="false" />`)
	})
	r, _ := newTestRegistrar(t, f, 0)
	ctx := context.Background()

	cases := []struct {
		domain, code string
		ok           bool
	}{
		{"taken.net", "EPP-123", true},
		{"taken.net", " ", false},
		{"unregistered.net", "EPP-123", false},
		{"example.ai", "EPP-123", false},
		{"example.zone", "EPP-123", false},
	}
	for _, c := range cases {
		got, err := r.CheckTransferability(ctx, c.domain, c.code)
		if err != nil {
			t.Fatalf("CheckTransferability(%s): %v", c.domain, err)
		}
		if got.Transferable != c.ok || (!c.ok && got.Reason == "") {
			t.Errorf("%s %q = %+v, want transferable %v with a reason when refused", c.domain, c.code, got, c.ok)
		}
	}
	if n := len(f.calls("namecheap.domains.getTldList")); n != 1 {
		t.Errorf("getTldList calls = %d, want 1 (cached)", n)
	}
}

func TestFindOperationsTransfers(t *testing.T) {
	f := newFake(t)
	f.on("namecheap.domains.transfer.getList", func(form url.Values) (int, string) {
		wantForm(t, form, map[string]string{"SearchTerm": "example.net", "ListType": "ALL"})
		return 200, okXML("namecheap.domains.transfer.getList", `<TransferGetListResult>
  <Transfer ID="11" DomainName="example.net" User="u" TransferDate="11/02/2026" OrderID="1"
    StatusID="-1" Status="Cancelled" StatusDate="11/05/2026" StatusDescription="" />
  <Transfer ID="15" DomainName="example.net" User="u" TransferDate="12/01/2026" OrderID="2"
    StatusID="7" Status="Awaiting EPP code" StatusDate="12/02/2026" StatusDescription="" />
  <Transfer ID="16" DomainName="other-example.net" User="u" TransferDate="12/01/2026" OrderID="3"
    StatusID="7" Status="Processing" StatusDate="12/02/2026" StatusDescription="" />
</TransferGetListResult>
<Paging><TotalItems>3</TotalItems><CurrentPage>1</CurrentPage><PageSize>100</PageSize></Paging>`)
	})
	r, _ := newTestRegistrar(t, f, 0)

	ops, err := r.FindOperations(context.Background(), "example.net", registrar.OpTransferIn,
		time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("FindOperations: %v", err)
	}
	if len(ops) != 2 || ops[0].ID != "transfer_in:example.net:15" || ops[1].ID != "transfer_in:example.net:11" {
		t.Fatalf("operations = %+v, want 15 then 11", ops)
	}
	if ops[0].Status != registrar.OpActionRequired || ops[1].Status != registrar.OpFailed {
		t.Errorf("statuses = %s, %s", ops[0].Status, ops[1].Status)
	}
	if want := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC); !ops[0].Submitted.Equal(want) {
		t.Errorf("submitted = %v, want %v", ops[0].Submitted, want)
	}

	ops, err = r.FindOperations(context.Background(), "example.net", registrar.OpTransferIn,
		time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
	if err != nil || len(ops) != 1 {
		t.Fatalf("since 20 November: %+v, %v; want one", ops, err)
	}
}

func TestTLDListCacheExpires(t *testing.T) {
	f := newFake(t)
	f.on("namecheap.domains.getTldList", func(url.Values) (int, string) {
		return 200, tldListXML(tldXML("net", 1, 10, true, true, false))
	})
	r, clk := newTestRegistrar(t, f, 0)
	ctx := context.Background()

	for range 2 {
		if _, err := r.tldList(ctx); err != nil {
			t.Fatal(err)
		}
	}
	clk.Advance(25 * time.Hour)
	if _, err := r.tldList(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(f.calls("namecheap.domains.getTldList")); n != 2 {
		t.Errorf("getTldList calls = %d, want 2 (one cached, one after a day)", n)
	}
}
