package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/awsfake"
	"github.com/proecommerce/domains/internal/money"
)

// pointSDKAt points the AWS SDK's default configuration, which reads the
// process environment, at the fake.
func pointSDKAt(t *testing.T, fake *awsfake.Fake) {
	t.Helper()
	for k, v := range fake.Env() {
		t.Setenv(k, v)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

// runR53 executes a command with Route 53 Domains as the registrar.
func runR53(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	vars := map[string]string{"PROECOMMERCE_DATA_DIR": dir, "PROECOMMERCE_LOG_FORMAT": "text",
		"PROECOMMERCE_REGISTRAR": "route53", "PROECOMMERCE_DNS": "sandbox"}
	e := &env{stdout: &out, stderr: &errOut, getenv: func(k string) string { return vars[k] }}
	err := dispatch(context.Background(), e, args)
	return out.String(), err
}

// storedCost reads the stored registration and renewal cost of a TLD.
func storedCost(t *testing.T, dir, tld string) (reg, renew money.Money) {
	t.Helper()
	vars := map[string]string{"PROECOMMERCE_DATA_DIR": dir, "PROECOMMERCE_LOG_FORMAT": "text",
		"PROECOMMERCE_REGISTRAR": "route53", "PROECOMMERCE_DNS": "sandbox"}
	a, err := openApp(context.Background(), &env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{},
		getenv: func(k string) string { return vars[k] }}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p, err := a.Store.Price(context.Background(), "route53", tld)
	if err != nil || p.Registration == nil || p.Renewal == nil {
		t.Fatalf("price of .%s: %+v %v", tld, p, err)
	}
	return *p.Registration, *p.Renewal
}

// TestTLDsSyncCommand: the command reads every page of ListPrices and
// stores the prices to the cent; a later run stores the registrar's new
// prices; a registrar that is not configured is a usage error.
func TestTLDsSyncCommand(t *testing.T) {
	dir := t.TempDir()
	first := awsfake.New(t, awsfake.Config{PricePage: 1, Prices: []awsfake.Price{
		{TLD: "com", Registration: "14.00", Renewal: "14.00", Transfer: "14.00"},
		{TLD: "dev", Registration: "12.99", Renewal: "12.99", Transfer: "12.99"},
		{TLD: "io", Registration: "71.00", Renewal: "71.00", Transfer: "71.00"},
	}})
	pointSDKAt(t, first)

	out, err := runR53(t, dir, "tlds", "sync")
	if err != nil || out != "route53: 3 TLDs priced\n" {
		t.Fatalf("tlds sync: %q %v", out, err)
	}
	if n := first.Calls("ListPrices"); n < 3 {
		t.Errorf("ListPrices called %d times for three pages of one", n)
	}
	if reg, _ := storedCost(t, dir, "dev"); reg != money.New(1299, "USD") {
		t.Errorf(".dev registration stored as %+v, want 12.99 USD", reg)
	}

	second := awsfake.New(t, awsfake.Config{Prices: []awsfake.Price{
		{TLD: "com", Registration: "14.99", Renewal: "15.01", Transfer: "14.99"},
	}})
	pointSDKAt(t, second)
	out, err = runR53(t, dir, "tlds", "sync", "--registrar", "route53")
	if err != nil || out != "route53: 1 TLDs priced\n" || second.Calls("ListPrices") != 1 {
		t.Fatalf("second tlds sync: %q %v after %v", out, err, second.CallLog())
	}
	reg, renew := storedCost(t, dir, "com")
	if reg != money.New(1499, "USD") || renew != money.New(1501, "USD") {
		t.Errorf(".com stored as %+v / %+v, want 14.99 / 15.01 USD", reg, renew)
	}

	_, err = runR53(t, dir, "tlds", "sync", "--registrar", "namecheap")
	if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "--registrar") {
		t.Errorf("sync of a registrar that is not configured: %v (exit %d)", err, exitCode(err))
	}
	if second.Calls("ListPrices") != 1 {
		t.Errorf("ListPrices called for a registrar that was not asked for: %v", second.CallLog())
	}
}
