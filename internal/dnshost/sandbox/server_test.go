package sandbox

import (
	"context"
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"
	"github.com/pressly/goose/v3"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/dnsrecord"
	"github.com/proecommerce/domains/internal/sqldb"
)

// dkimText is a DKIM record over 255 characters, split in two strings.
var dkimText = "v=DKIM1; k=rsa; p=" + strings.Repeat("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A", 12)

// startServer fills a zone for my-shop.test and serves it on 127.0.0.1:0.
func startServer(t *testing.T, db *sqldb.DB) (udp, tcp string) {
	ctx := context.Background()
	h, _ := newHost(t, db)
	z, err := h.EnsureZone(ctx, "my-shop.test", "ref")
	if err != nil {
		t.Fatal(err)
	}

	sets := dnsrecord.Defaults("my-shop.test", "192.0.2.10", "", "", 3600)
	dkim, err := dnsrecord.ToRData("TXT", dkimText)
	if err != nil {
		t.Fatal(err)
	}
	sets = append(sets,
		dnshost.RecordSet{Name: "s1._domainkey.my-shop.test.", Type: "TXT", TTL: 300, Values: []string{dkim}},
		dnshost.RecordSet{Name: "mail.my-shop.test.", Type: "A", TTL: 300, Values: []string{"192.0.2.25"}},
		dnshost.RecordSet{Name: "shop.my-shop.test.", Type: "CNAME", TTL: 300, Values: []string{"www.my-shop.test."}},
		dnshost.RecordSet{Name: "ext.my-shop.test.", Type: "CNAME", TTL: 300, Values: []string{"host.example.net."}},
		dnshost.RecordSet{Name: "_sip._tcp.my-shop.test.", Type: "SRV", TTL: 300,
			Values: []string{"10 5 5060 sip.my-shop.test."}})
	var changes []dnshost.Change
	for _, s := range sets {
		changes = append(changes, dnshost.Change{Action: dnshost.Create, Set: s})
	}
	if _, err := h.Apply(ctx, z.ID, changes); err != nil {
		t.Fatal(err)
	}

	srv := NewServer(h, nil)
	u, tc, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	return u.String(), tc.String()
}

func query(t *testing.T, network, addr, name string, qtype uint16) *dns.Msg {
	t.Helper()
	m := new(dns.Msg)
	m.SetQuestion(name, qtype)
	c := &dns.Client{Net: network}
	resp, _, err := c.Exchange(m, addr)
	if err != nil {
		t.Fatalf("%s %s %s: %v", network, name, dns.TypeToString[qtype], err)
	}
	return resp
}

// answers prints the answer section as "owner TYPE rdata" lines.
func answers(rrs []dns.RR) []string {
	var out []string
	for _, rr := range rrs {
		h := rr.Header()
		rdata := strings.TrimPrefix(rr.String(), h.String())
		out = append(out, h.Name+" "+dns.TypeToString[h.Rrtype]+" "+rdata)
	}
	return out
}

func TestServer(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqldb.DB) {
		udp, tcp := startServer(t, db)
		if _, port, _ := net.SplitHostPort(udp); port == "0" {
			t.Fatalf("bad address %s", udp)
		}
		for network, addr := range map[string]string{"udp": udp, "tcp": tcp} {
			t.Run(network, func(t *testing.T) { checkAnswers(t, network, addr) })
		}
	})
}

func checkAnswers(t *testing.T, network, addr string) {
	tests := []struct {
		name   string
		qtype  uint16
		rcode  int
		answer []string
		soa    bool
	}{
		{"my-shop.test.", dns.TypeA, dns.RcodeSuccess, []string{"my-shop.test. A 192.0.2.10"}, false},
		{"WWW.My-Shop.test.", dns.TypeA, dns.RcodeSuccess, []string{
			"WWW.My-Shop.test. CNAME my-shop.test.", "my-shop.test. A 192.0.2.10"}, false},
		{"www.my-shop.test.", dns.TypeCNAME, dns.RcodeSuccess, []string{"www.my-shop.test. CNAME my-shop.test."}, false},
		{"shop.my-shop.test.", dns.TypeA, dns.RcodeSuccess, []string{"shop.my-shop.test. CNAME www.my-shop.test.",
			"www.my-shop.test. CNAME my-shop.test.", "my-shop.test. A 192.0.2.10"}, false},
		{"ext.my-shop.test.", dns.TypeA, dns.RcodeSuccess, []string{"ext.my-shop.test. CNAME host.example.net."}, false},
		{"my-shop.test.", dns.TypeMX, dns.RcodeSuccess, []string{"my-shop.test. MX 10 mail.my-shop.test."}, false},
		{"my-shop.test.", dns.TypeTXT, dns.RcodeSuccess, []string{`my-shop.test. TXT "v=spf1 mx -all"`}, false},
		{"_sip._tcp.my-shop.test.", dns.TypeSRV, dns.RcodeSuccess,
			[]string{"_sip._tcp.my-shop.test. SRV 10 5 5060 sip.my-shop.test."}, false},
		{"anything.my-shop.test.", dns.TypeA, dns.RcodeSuccess, []string{"anything.my-shop.test. A 192.0.2.10"}, false},
		{"deep.er.my-shop.test.", dns.TypeA, dns.RcodeSuccess, []string{"deep.er.my-shop.test. A 192.0.2.10"}, false},
		{"mail.my-shop.test.", dns.TypeA, dns.RcodeSuccess, []string{"mail.my-shop.test. A 192.0.2.25"}, false},
		{"mail.my-shop.test.", dns.TypeAAAA, dns.RcodeSuccess, nil, true},
		{"_domainkey.my-shop.test.", dns.TypeTXT, dns.RcodeSuccess, nil, true},
		{"x.mail.my-shop.test.", dns.TypeA, dns.RcodeNameError, nil, true},
		{"my-shop.test.", dns.TypeNS, dns.RcodeSuccess, []string{
			"my-shop.test. NS ns1.sandbox.proecommerce.test.", "my-shop.test. NS ns2.sandbox.proecommerce.test."}, false},
		{"example.com.", dns.TypeA, dns.RcodeRefused, nil, false},
	}
	for _, tt := range tests {
		resp := query(t, network, addr, tt.name, tt.qtype)
		label := tt.name + " " + dns.TypeToString[tt.qtype]
		if resp.Rcode != tt.rcode {
			t.Errorf("%s: rcode %s, want %s", label, dns.RcodeToString[resp.Rcode], dns.RcodeToString[tt.rcode])
		}
		if got := answers(resp.Answer); !slices.Equal(got, tt.answer) {
			t.Errorf("%s: answer %q, want %q", label, got, tt.answer)
		}
		if hasSOA := len(resp.Ns) == 1 && resp.Ns[0].Header().Rrtype == dns.TypeSOA; hasSOA != tt.soa {
			t.Errorf("%s: authority %v, want SOA %v", label, resp.Ns, tt.soa)
		}
		if authoritative := tt.rcode != dns.RcodeRefused; resp.Authoritative != authoritative {
			t.Errorf("%s: AA = %v", label, resp.Authoritative)
		}
	}

	resp := query(t, network, addr, "s1._domainkey.my-shop.test.", dns.TypeTXT)
	if len(resp.Answer) != 1 {
		t.Fatalf("DKIM answer %v", resp.Answer)
	}
	txt := resp.Answer[0].(*dns.TXT)
	if len(txt.Txt) != 2 || len(txt.Txt[0]) != 255 || strings.Join(txt.Txt, "") != dkimText {
		t.Errorf("DKIM strings %q", txt.Txt)
	}
}

func TestServerSeesChanges(t *testing.T) {
	db, err := sqldb.OpenSQLite(t.TempDir()+"/t.db", 4)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	migrate(t, db, goose.DialectSQLite3, "sqlite")
	udp, _ := startServer(t, db)

	h, _ := newHost(t, db)
	z, _ := h.FindZone(context.Background(), "my-shop.test")
	current, _ := h.RecordSets(context.Background(), z.ID)
	changes, _ := dnsrecord.PlanDelete(current, "mail.my-shop.test", "A")
	if _, err := h.Apply(context.Background(), z.ID, changes); err != nil {
		t.Fatal(err)
	}

	resp := query(t, "udp", udp, "mail.my-shop.test.", dns.TypeA)
	if got := answers(resp.Answer); !slices.Equal(got, []string{"mail.my-shop.test. A 192.0.2.10"}) {
		t.Errorf("after delete, the wildcard answers: got %q", got)
	}
}

func TestListenAndServeStopsWithContext(t *testing.T) {
	db, err := sqldb.OpenSQLite(t.TempDir()+"/t.db", 4)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	migrate(t, db, goose.DialectSQLite3, "sqlite")
	h, _ := newHost(t, db)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- NewServer(h, nil).ListenAndServe(ctx, "127.0.0.1:0") }()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("ListenAndServe = %v", err)
	}
}
