package opensrs

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/opensrs/opensrstest"
)

var testNow = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// syncBuffer collects log output from concurrent calls.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type testBundle struct {
	fake *opensrstest.Server
	reg  *Registrar
	logs *syncBuffer
}

// setup runs the adapter against a fake account that sells .ca and .shop
// (opensrstest.DefaultPrices).
func setup(t *testing.T, mutate ...func(*Config)) testBundle {
	t.Helper()
	return setupFake(t, opensrstest.Config{}, mutate...)
}

// setupFake runs the adapter against a fake account set up by fc.
func setupFake(t *testing.T, fc opensrstest.Config, mutate ...func(*Config)) testBundle {
	t.Helper()

	fake := opensrstest.New(t, fc)
	logs := &syncBuffer{}
	cfg := Config{
		Username:      opensrstest.Username,
		APIKey:        opensrstest.APIKey,
		BaseURL:       fake.URL,
		ProfileSecret: "profile-secret",
		HTTPClient:    fake.Client(),
		Clock:         clock.NewFake(testNow),
		Logger: slog.New(slog.NewTextHandler(logs,
			&slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	for _, m := range mutate {
		m(&cfg)
	}

	reg, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return testBundle{fake: fake, reg: reg, logs: logs}
}

func testContact() registrar.Contact {
	return registrar.Contact{
		FirstName: "Ada", LastName: "Lovelace", Organization: "Smith <&> Sons",
		Email: "ada@example.org", Phone: "+1.4165550123",
		Address1: "1 King St W", City: "Toronto", State: "ON",
		PostalCode: "M5H 1A1", Country: "ca",
	}
}

func wantKind(t *testing.T, err error, kind registrar.Kind) *registrar.Error {
	t.Helper()
	var e *registrar.Error
	if !errors.As(err, &e) || e.Kind != kind {
		t.Fatalf("want a %s error, got %v", kind, err)
	}
	if strings.Contains(err.Error(), opensrstest.APIKey) {
		t.Fatalf("error contains the API key: %v", err)
	}
	return e
}

func TestWrongKeyIsRejectedAndMapped(t *testing.T) {
	b := setup(t, func(c *Config) { c.APIKey = "not-the-right-key" })

	_, err := b.reg.CheckAvailability(context.Background(), []string{"example.ca"})

	e := wantKind(t, err, registrar.KindProviderDown)
	if e.Code != "415" || !strings.Contains(err.Error(), EnvAPIKey) {
		t.Fatalf("want code 415 naming %s, got %v", EnvAPIKey, err)
	}
	if strings.Contains(err.Error(), "not-the-right-key") {
		t.Fatalf("error contains the key: %v", err)
	}
}

func TestCheckAvailability(t *testing.T) {
	b := setupFake(t, opensrstest.Config{
		Taken:   []string{"taken.ca"},
		Premium: map[string]string{"gold.shop": "1250.50"},
		Prices:  map[string]string{"ca:new:1": "12.99", "shop:renewal:1": "31.00"},
	})

	names := []string{"free.ca", "taken.ca", "gold.shop", "bad.invalidtld"}
	got, err := b.reg.CheckAvailability(context.Background(), names)
	if err != nil {
		t.Fatal(err)
	}

	want := []registrar.AvailabilityStatus{registrar.StatusAvailable, registrar.StatusTaken,
		registrar.StatusPremium, registrar.StatusInvalid}
	for i, a := range got {
		if a.Domain != names[i] || a.Status != want[i] {
			t.Errorf("%d: got %s %s, want %s %s", i, a.Domain, a.Status, names[i], want[i])
		}
	}
	if p := got[2].PremiumRegistration; p == nil || p.Amount != 125050 || p.Currency != "USD" {
		t.Fatalf("premium price: %+v", got[2].PremiumRegistration)
	}
	if len(b.fake.Calls("LOOKUP")) != 4 {
		t.Fatalf("want 4 LOOKUPs, got %d", len(b.fake.Calls("LOOKUP")))
	}
}

func TestPricesExactDecimals(t *testing.T) {
	b := setupFake(t, opensrstest.Config{Prices: map[string]string{
		"ca:new:1": "13.50", "ca:renewal:1": "13.5", "ca:transfer:1": "9.99",
		"ai:new:2": "159.99", "ai:renewal:1": "80.10",
	}}, func(c *Config) { c.PriceTLDs = []string{".CA", "ai", "zz"} })

	got, err := b.reg.Prices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].TLD != "ca" || got[1].TLD != "ai" {
		t.Fatalf("want ca and ai (zz not sold), got %+v", got)
	}

	ca, ai := got[0], got[1]
	if ca.Registration.Amount != 1350 || ca.Renewal.Amount != 1350 || ca.Transfer.Amount != 999 {
		t.Fatalf("ca prices: %v %v %v", ca.Registration, ca.Renewal, ca.Transfer)
	}
	if ca.Privacy == nil || *ca.Privacy || ca.PrivacyReason == "" {
		t.Fatalf("ca privacy facts: %+v", ca)
	}
	// 159.99 for two years is 79.995 a year, rounded up to 80.00.
	if ai.Registration.Amount != 8000 || ai.MinYears != 2 || ai.Transfer != nil {
		t.Fatalf("ai: reg %v min %d transfer %v", ai.Registration, ai.MinYears, ai.Transfer)
	}

	for _, a := range b.fake.Calls("GET_PRICE") {
		if !strings.HasPrefix(a.Text("domain"), "proecommerce-price-probe.") {
			t.Fatalf("GET_PRICE domain %q", a.Text("domain"))
		}
	}
}

func TestRegisterSendsContactSetAndPrivacy(t *testing.T) {
	b := setup(t)
	req := registrar.RegisterRequest{
		Domain: "example.ca", Years: 2, Contact: testContact(), Privacy: true,
		Nameservers: []string{"ns-1.awsdns-01.org.", "ns-2.awsdns-02.com"},
	}

	op, err := b.reg.Register(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if op.Status != registrar.OpSucceeded || op.Type != registrar.OpRegister {
		t.Fatalf("op: %+v", op)
	}

	a := b.fake.Calls("SW_REGISTER")[0]
	for key, want := range map[string]string{
		"domain": "example.ca", "reg_type": "new", "period": "2", "handle": "process",
		"f_whois_privacy": "1", "custom_nameservers": "1", "auto_renew": "0",
		"custom_tech_contact": "1",
	} {
		if got := a.Text(key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}

	ns := a.List("nameserver_list")
	if len(ns) != 2 || ns[0].Assoc().Text("name") != "ns-1.awsdns-01.org" ||
		ns[1].Assoc().Text("sortorder") != "2" {
		t.Fatalf("nameserver_list: %v", ns)
	}

	set := a.Sub("contact_set")
	for _, role := range []string{"owner", "admin", "billing", "tech"} {
		c := set.Sub(role)
		if c.Text("org_name") != "Smith <&> Sons" || c.Text("phone") != "+1.4165550123" ||
			c.Text("country") != "CA" || c.Text("state") != "ON" {
			t.Fatalf("%s contact: %v", role, c)
		}
	}

	user, pass := b.reg.profileCredentials("example.ca")
	if a.Text("reg_username") != user || a.Text("reg_password") != pass ||
		len(user) < 3 || len(user) > 20 || len(pass) < 10 || len(pass) > 20 {
		t.Fatalf("profile credentials: %q %q", a.Text("reg_username"), a.Text("reg_password"))
	}
	if other, _ := b.reg.profileCredentials("other.ca"); other == user {
		t.Fatal("profile user names must differ per domain")
	}

	body := string(b.fake.Requests()[0].Body)
	if !strings.Contains(body, "Smith &lt;&amp;&gt; Sons") || strings.Contains(body, "<&>") {
		t.Fatalf("org_name not escaped on the wire:\n%s", body)
	}
}

func TestRegisterPremiumSendsCostToVerify(t *testing.T) {
	b := setupFake(t, opensrstest.Config{Premium: map[string]string{"gold.shop": "1250.50"}})
	accepted := money.New(190000, "USD")

	_, err := b.reg.Register(context.Background(), registrar.RegisterRequest{
		Domain: "gold.shop", Years: 1, Contact: testContact(), PremiumPrice: &accepted,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := b.fake.Calls("SW_REGISTER")[0].Text("premium_price_to_verify"); got != "1250.50" {
		t.Fatalf("premium_price_to_verify = %q", got)
	}
}

func TestRegisterQueuedCompletesLater(t *testing.T) {
	b := setupFake(t, opensrstest.Config{Queued: []string{"de"},
		Prices: map[string]string{"de:new:1": "8.50"}})
	ctx := context.Background()

	op, err := b.reg.Register(ctx, registrar.RegisterRequest{
		Domain: "beispiel.de", Years: 1, Contact: testContact(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if op.Status != registrar.OpInProgress || op.Flag != "QUEUED_AT_REGISTRY" {
		t.Fatalf("queued op: %+v", op)
	}

	again, err := b.reg.Operation(ctx, op.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again.Status != registrar.OpInProgress || again.Flag != "WAITING" {
		t.Fatalf("before completion: %+v", again)
	}

	orderID := strings.Split(op.ID, ":")[1]
	if !b.fake.Complete("beispiel.de") {
		t.Fatal("no waiting order of beispiel.de")
	}

	done, err := b.reg.Operation(ctx, op.ID)
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != registrar.OpSucceeded || done.Domain != "beispiel.de" ||
		!done.Submitted.Equal(testNow) {
		t.Fatalf("after completion: %+v", done)
	}
	if got := b.fake.Calls("GET_ORDER_INFO"); len(got) != 2 || got[0].Text("order_id") != orderID {
		t.Fatalf("GET_ORDER_INFO calls: %v", got)
	}
}

func TestRenewWithCurrentExpirationYear(t *testing.T) {
	b := setup(t)
	b.fake.AddDomain(opensrstest.Domain{Name: "renew.ca", Created: testNow.AddDate(-1, 0, 0),
		Expires: time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC)})
	ctx := context.Background()

	op, err := b.reg.Renew(ctx, "renew.ca", 2027, 1)
	if err != nil {
		t.Fatal(err)
	}
	if op.Status != registrar.OpSucceeded || !strings.HasPrefix(op.ID, "renew:3") {
		t.Fatalf("renew op: %+v", op)
	}
	a := b.fake.Calls("RENEW")[0]
	if a.Text("currentexpirationyear") != "2027" || a.Text("period") != "1" ||
		a.Text("handle") != "process" || a.Text("auto_renew") != "0" {
		t.Fatalf("RENEW attributes: %v", a)
	}

	// A replay of the same renewal answers 555 and counts as done.
	replay, err := b.reg.Renew(ctx, "renew.ca", 2027, 1)
	if err != nil {
		t.Fatalf("replayed renewal: %v", err)
	}
	if replay.Status != registrar.OpSucceeded || !strings.Contains(replay.Message, "2028-01-20") {
		t.Fatalf("replay op: %+v", replay)
	}

	_, err = b.reg.Renew(ctx, "renew.ca", 2025, 1)
	e := wantKind(t, err, registrar.KindInvalid)
	if e.Field != "current_expiry_year" || e.Code != "541" {
		t.Fatalf("mismatch error: %+v", e)
	}
}

func TestRenewAlreadyRenewedForShorterPeriodIsDuplicate(t *testing.T) {
	b := setup(t)
	b.fake.AddDomain(opensrstest.Domain{Name: "short.ca", Expires: time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)})
	b.fake.Fail("RENEW", 555, "Domain has already been renewed", 1)

	_, err := b.reg.Renew(context.Background(), "short.ca", 2027, 2)
	wantKind(t, err, registrar.KindDuplicate)
}

func TestErrorCodes(t *testing.T) {
	cases := []struct {
		code  int
		kind  registrar.Kind
		retry bool
	}{
		{437, registrar.KindDuplicate, false},
		{486, registrar.KindDuplicate, true},
		{300, registrar.KindThrottled, true},
		{310, registrar.KindThrottled, true},
		{350, registrar.KindThrottled, true},
		{460, registrar.KindInvalid, false},
		{470, registrar.KindInvalid, false},
		{701, registrar.KindUnsupportedTLD, false},
		{705, registrar.KindProviderDown, false},
		{440, registrar.KindProviderDown, false},
	}

	for _, c := range cases {
		t.Run(strconv.Itoa(c.code), func(t *testing.T) {
			b := setup(t)
			b.fake.Fail("SW_REGISTER", c.code, "provider says no", 0)

			_, err := b.reg.Register(context.Background(), registrar.RegisterRequest{
				Domain: "x.ca", Years: 1, Contact: testContact(),
			})
			e := wantKind(t, err, c.kind)
			if e.Code != strconv.Itoa(c.code) {
				t.Fatalf("code %q", e.Code)
			}
			if c.retry && e.RetryAfter != 30*time.Second {
				t.Fatalf("RetryAfter = %v", e.RetryAfter)
			}
		})
	}
}

func TestCode485SaysWhoHoldsTheDomain(t *testing.T) {
	b := setupFake(t, opensrstest.Config{Taken: []string{"someone-elses.ca"}})
	b.fake.AddDomain(opensrstest.Domain{Name: "ours.ca", Expires: testNow.AddDate(1, 0, 0)})
	ctx := context.Background()

	_, err := b.reg.Register(ctx, registrar.RegisterRequest{
		Domain: "someone-elses.ca", Years: 1, Contact: testContact(),
	})
	if e := wantKind(t, err, registrar.KindUnavailable); e.Code != "485" {
		t.Fatalf("code %q", e.Code)
	}

	_, err = b.reg.Register(ctx, registrar.RegisterRequest{
		Domain: "ours.ca", Years: 1, Contact: testContact(),
	})
	wantKind(t, err, registrar.KindDuplicate)
}

func TestHTTP5xxIsProviderDown(t *testing.T) {
	b := setup(t)
	b.fake.FailHTTP(http.StatusBadGateway)

	_, err := b.reg.DomainDetail(context.Background(), "x.ca")
	e := wantKind(t, err, registrar.KindProviderDown)
	if e.Code != "http_502" || !registrar.Retryable(err) {
		t.Fatalf("error: %+v", e)
	}
}

func TestDomainNotFound(t *testing.T) {
	b := setup(t)

	_, err := b.reg.DomainDetail(context.Background(), "missing.ca")
	wantKind(t, err, registrar.KindNotFound)

	b.fake.Fail("GET", 465, "Domain not found", 1)
	_, err = b.reg.AuthCode(context.Background(), "missing.ca")
	wantKind(t, err, registrar.KindNotFound)
}

func TestListDomainsPagesThroughThreePages(t *testing.T) {
	b := setup(t, func(c *Config) { c.PageSize = 3 })
	for _, n := range []string{"a.ca", "b.ca", "c.ca", "d.ca", "e.ca", "f.ca", "g.ca"} {
		b.fake.AddDomain(opensrstest.Domain{Name: n, Expires: testNow.AddDate(1, 0, 0),
			AutoRenew: n == "b.ca"})
	}

	var names []string
	cursor, pages := "", 0
	for {
		page, err := b.reg.ListDomains(context.Background(), cursor)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, d := range page.Domains {
			names = append(names, d.Domain)
			if d.Expires.Year() != 2027 || d.AutoRenew != (d.Domain == "b.ca") || d.HasDetail {
				t.Fatalf("summary: %+v", d)
			}
		}
		if page.NextCursor == "" {
			break
		}
		cursor = page.NextCursor
	}

	if pages != 3 || strings.Join(names, ",") != "a.ca,b.ca,c.ca,d.ca,e.ca,f.ca,g.ca" {
		t.Fatalf("pages %d names %v", pages, names)
	}
	calls := b.fake.Calls("GET_DOMAINS_BY_EXPIREDATE")
	if calls[2].Text("page") != "3" || calls[0].Text("limit") != "3" ||
		calls[0].Text("exp_from") != "1990-01-01" || calls[0].Text("exp_to") != "2099-12-31" {
		t.Fatalf("paging attributes: %v", calls)
	}

	_, err := b.reg.ListDomains(context.Background(), "zero")
	wantKind(t, err, registrar.KindInvalid)
}

func TestSettingsAndDetail(t *testing.T) {
	b := setup(t)
	b.fake.AddDomain(opensrstest.Domain{Name: "set.ca", Created: testNow.AddDate(-1, 0, 0),
		Expires: testNow.AddDate(1, 0, 0), AuthCode: "Zq<&>9x", Nameservers: []string{"ns1.old.net"}})
	ctx := context.Background()

	steps := []func() (registrar.Operation, error){
		func() (registrar.Operation, error) { return b.reg.SetLock(ctx, "set.ca", true) },
		func() (registrar.Operation, error) { return b.reg.SetAutoRenew(ctx, "set.ca", true) },
		func() (registrar.Operation, error) {
			return b.reg.SetNameservers(ctx, "set.ca", []string{"NS-1.AWSDNS-01.ORG.", "ns-2.awsdns-02.com"})
		},
	}
	for i, step := range steps {
		op, err := step()
		if err != nil || op.Status != registrar.OpSucceeded {
			t.Fatalf("step %d: %+v %v", i, op, err)
		}
	}

	d, err := b.reg.DomainDetail(ctx, "set.ca")
	if err != nil {
		t.Fatal(err)
	}
	if !d.Locked || !d.AutoRenew || d.Privacy || !d.Expires.Equal(testNow.AddDate(1, 0, 0)) ||
		strings.Join(d.Nameservers, ",") != "ns-1.awsdns-01.org,ns-2.awsdns-02.com" ||
		d.Statuses[0] != "clientTransferProhibited" {
		t.Fatalf("detail: %+v", d)
	}

	mods := b.fake.Calls("MODIFY")
	if mods[0].Text("data") != "status" || mods[0].Text("lock_state") != "1" ||
		mods[1].Text("data") != "expire_action" || mods[1].Text("let_expire") != "0" {
		t.Fatalf("MODIFY attributes: %v", mods)
	}
	if a := b.fake.Calls("ADVANCED_UPDATE_NAMESERVERS")[0]; a.Text("op_type") != "assign" ||
		len(a.List("assign_ns")) != 2 {
		t.Fatalf("ADVANCED_UPDATE_NAMESERVERS attributes: %v", a)
	}

	code, err := b.reg.AuthCode(ctx, "set.ca")
	if err != nil || code != "Zq<&>9x" {
		t.Fatalf("auth code %q %v", code, err)
	}
}

func TestPrivacy(t *testing.T) {
	b := setup(t)
	b.fake.AddDomain(opensrstest.Domain{Name: "priv.shop", Expires: testNow.AddDate(1, 0, 0)})
	ctx := context.Background()

	op, err := b.reg.SetPrivacy(ctx, "priv.shop", true)
	if err != nil || op.Status != registrar.OpSucceeded || op.ID != "privacy:on:priv.shop" {
		t.Fatalf("SetPrivacy: %+v %v", op, err)
	}
	a := b.fake.Calls("MODIFY")[0]
	if a.Text("data") != "whois_privacy_state" || a.Text("state") != "enable" ||
		a.Text("affect_domains") != "0" {
		t.Fatalf("MODIFY attributes: %v", a)
	}

	again, err := b.reg.Operation(ctx, op.ID)
	if err != nil || again.Status != registrar.OpSucceeded {
		t.Fatalf("Operation: %+v %v", again, err)
	}

	_, err = b.reg.SetPrivacy(ctx, "nope.us", true)
	e := wantKind(t, err, registrar.KindUnsupported)
	if e.Field != "privacy" || len(b.fake.Calls("MODIFY")) != 1 {
		t.Fatalf("privacy on .us: %+v", e)
	}
}

func TestNameserversQueuedAtRegistry(t *testing.T) {
	b := setupFake(t, opensrstest.Config{Queued: []string{"eu"}})
	b.fake.AddDomain(opensrstest.Domain{Name: "ns.eu", Expires: testNow.AddDate(1, 0, 0)})
	ctx := context.Background()

	op, err := b.reg.SetNameservers(ctx, "ns.eu", []string{"a.ns.net", "b.ns.net"})
	if err != nil || op.Status != registrar.OpInProgress {
		t.Fatalf("SetNameservers: %+v %v", op, err)
	}

	done, err := b.reg.Operation(ctx, op.ID)
	if err != nil || done.Status != registrar.OpSucceeded {
		t.Fatalf("Operation: %+v %v", done, err)
	}
}

func TestTransferIn(t *testing.T) {
	b := setupFake(t, opensrstest.Config{Taken: []string{"moving.ca"}})
	ctx := context.Background()

	tr, err := b.reg.CheckTransferability(ctx, "moving.ca", "code")
	if err != nil || !tr.Transferable {
		t.Fatalf("transferable: %+v %v", tr, err)
	}
	tr, err = b.reg.CheckTransferability(ctx, "locked.ca", "code")
	if err != nil || tr.Transferable || !strings.Contains(tr.Reason, "locked") {
		t.Fatalf("not transferable: %+v %v", tr, err)
	}

	op, err := b.reg.TransferIn(ctx, registrar.TransferRequest{
		Domain: "moving.ca", AuthCode: "s3cr3t<code>", Years: 1, Contact: testContact(),
		Nameservers: []string{"ns1.example.net"},
	})
	if err != nil || op.Status != registrar.OpInProgress || op.Type != registrar.OpTransferIn {
		t.Fatalf("TransferIn: %+v %v", op, err)
	}
	a := b.fake.Calls("SW_REGISTER")[0]
	if a.Text("reg_type") != "transfer" || a.Text("auth_info") != "s3cr3t<code>" ||
		a.Text("custom_transfer_nameservers") != "1" {
		t.Fatalf("transfer attributes: %v", a)
	}

	waiting, err := b.reg.Operation(ctx, op.ID)
	if err != nil || waiting.Status != registrar.OpActionRequired || waiting.Flag != "PENDING_OWNER" {
		t.Fatalf("pending transfer: %+v %v", waiting, err)
	}

	b.fake.SetTransferStatus("moving.ca", "completed")
	done, err := b.reg.Operation(ctx, op.ID)
	if err != nil || done.Status != registrar.OpSucceeded {
		t.Fatalf("completed transfer: %+v %v", done, err)
	}
}

func TestFindOperations(t *testing.T) {
	b := setup(t)
	ctx := context.Background()

	op, err := b.reg.Register(ctx, registrar.RegisterRequest{
		Domain: "found.ca", Years: 1, Contact: testContact(),
	})
	if err != nil {
		t.Fatal(err)
	}

	got, err := b.reg.FindOperations(ctx, "found.ca", registrar.OpRegister, testNow.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != op.ID || got[0].Status != registrar.OpSucceeded {
		t.Fatalf("found: %+v (want %s)", got, op.ID)
	}
	a := b.fake.Calls("GET_ORDERS_BY_DOMAIN")[0]
	if a.Text("type") != "new" || a.Text("order_from") != "2026-12-03" {
		t.Fatalf("GET_ORDERS_BY_DOMAIN attributes: %v", a)
	}

	later, err := b.reg.FindOperations(ctx, "found.ca", registrar.OpRegister, testNow.Add(time.Hour))
	if err != nil || len(later) != 0 {
		t.Fatalf("orders before since must be left out: %+v %v", later, err)
	}
	none, err := b.reg.FindOperations(ctx, "found.ca", registrar.OpPrivacy, testNow)
	if err != nil || none != nil {
		t.Fatalf("privacy: %+v %v", none, err)
	}
}

func TestSuggest(t *testing.T) {
	b := setupFake(t, opensrstest.Config{Taken: []string{"maple.ca"},
		Premium: map[string]string{"maplehq.ca": "1250.00"}},
		func(c *Config) { c.SuggestTLDs = []string{"shop", "ca"} })

	got, err := b.reg.Suggest(context.Background(), "maple.ca", 4)
	if err != nil {
		t.Fatal(err)
	}

	var names []string
	for _, a := range got {
		names = append(names, a.Domain+"="+string(a.Status))
	}
	want := "maple.ca=taken,maple.shop=available,bestmaple.ca=available,maplehq.ca=premium"
	if strings.Join(names, ",") != want {
		t.Fatalf("suggestions %v", names)
	}
	if p := got[3].PremiumRegistration; p == nil || p.Amount != 125000 {
		t.Fatalf("premium price %+v", p)
	}

	a := b.fake.Calls("NAME_SUGGEST")[0]
	tlds := a.List("tlds")
	if a.Text("searchstring") != "maple" || len(tlds) != 2 || tlds[0].Text() != ".ca" ||
		tlds[1].Text() != ".shop" || a.Text("maximum") != "4" {
		t.Fatalf("NAME_SUGGEST attributes: %v", a)
	}
}

func TestKeyNeverInErrorsOrLogs(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	b.fake.Fail("LOOKUP", 400, "Internal server error", 0)

	var errs []error
	_, err := b.reg.CheckAvailability(ctx, []string{"a.ca"})
	errs = append(errs, err)
	_, err = b.reg.DomainDetail(ctx, "missing.ca")
	errs = append(errs, err)
	b.fake.FailHTTP(http.StatusServiceUnavailable)
	_, err = b.reg.Prices(ctx)
	errs = append(errs, err)

	for i, err := range errs {
		if err == nil {
			t.Fatalf("call %d: want an error", i)
		}
		if strings.Contains(err.Error(), opensrstest.APIKey) {
			t.Fatalf("call %d: error contains the key: %v", i, err)
		}
	}
	if logs := b.logs.String(); logs == "" || strings.Contains(logs, opensrstest.APIKey) {
		t.Fatalf("logs empty or contain the key:\n%s", logs)
	}
}

func TestOperationRejectsForeignIDs(t *testing.T) {
	b := setup(t)
	for _, id := range []string{"", "route53-op-123", "privacy:maybe:x.ca", "nope:1:x.ca"} {
		_, err := b.reg.Operation(context.Background(), id)
		wantKind(t, err, registrar.KindNotFound)
	}
}
