package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportWHMCSCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join("..", "..", "internal", "whmcs", "testdata")
	args := []string{"import", "whmcs", "--clients", filepath.Join(data, "clients.csv"),
		"--domains", filepath.Join(data, "domains.csv"), "--currencies", filepath.Join(data, "currencies.csv")}

	out, _, err := run(t, dir, args...)
	if err != nil || !strings.Contains(out, "clients: 12 created") ||
		!strings.Contains(out, "domains: 59 created, 1 updated") || !strings.Contains(out, "17 flagged for review, 3 unassigned") {
		t.Fatalf("first import: %v\n%s", err, out)
	}
	out, _, err = run(t, dir, args...)
	if err != nil || !strings.Contains(out, "0 created, 0 updated, 59 unchanged") {
		t.Fatalf("second import: %v\n%s", err, out)
	}

	bad := filepath.Join(dir, "bad-domains.csv")
	if err := os.WriteFile(bad, []byte("id,userid,domain,recurringamount,registrar,registrationperiod,"+
		"expirydate,status,nextduedate,idprotection,donotrenew\n9,1,-bad-.com,1.00,route53,1,,Active,,0,0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err = run(t, dir, "import", "whmcs", "--clients", filepath.Join(data, "clients.csv"),
		"--domains", bad, "--currencies", filepath.Join(data, "currencies.csv"))
	if err == nil || exitCode(err) != 1 || !strings.Contains(out, "domains line 2 (id 9)") {
		t.Fatalf("refused row: exit %d (%v)\n%s", exitCode(err), err, out)
	}

	if _, _, err := run(t, dir, "import", "whmcs", "--clients", "x.csv"); exitCode(err) != 2 {
		t.Fatalf("missing --domains: exit %d", exitCode(err))
	}
}

func TestSyncDomainsCommand(t *testing.T) {
	out, _, err := run(t, t.TempDir(), "cron", "sync-domains")
	if err != nil || !strings.Contains(out, "sandbox: 0 read in 1 pages") {
		t.Fatalf("sync-domains: %v\n%s", err, out)
	}
}
