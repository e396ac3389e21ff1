package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/proecommerce/domains/internal/portfolio"
	"github.com/proecommerce/domains/internal/whmcs"
)

func init() {
	extraCommands = append(extraCommands,
		command{"cron sync-domains", "sync every registrar account's domains into the store (the daily run)",
			runSyncDomains},
		command{"import whmcs", "import clients, domains and exchange rates from WHMCS CSV exports",
			runImportWHMCS})
}

// isTerminal reports whether w is a terminal, where progress is shown.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func runSyncDomains(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "cron sync-domains",
		"Page through each configured registrar account's domain list and bring the store in "+
			"step: expiry, status, privacy, registrar auto-renew and lock; flag values that cannot be "+
			"right, mark domains that left the account as gone, link names held for a client")
	only := fs.String("registrar", "", "sync only this registrar")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	a, err := openBootstrapped(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()

	var progress func(portfolio.Summary)
	if isTerminal(e.stderr) {
		progress = func(s portfolio.Summary) {
			fmt.Fprintf(e.stderr, "\r%s: page %d, %d domains read", s.Registrar, s.Pages, s.Seen)
		}
	}
	syncer := a.Portfolio(progress)
	var errs []error
	for _, name := range a.Providers.Names() {
		if *only != "" && name != *only {
			continue
		}
		reg, _ := a.Providers.Registrar(name)
		sum, err := syncer.Sync(ctx, reg)
		if progress != nil {
			fmt.Fprintln(e.stderr)
		}
		printSyncSummary(e.stdout, sum)
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func printSyncSummary(w io.Writer, s portfolio.Summary) {
	fmt.Fprintf(w, "%s: %d read in %d pages: %d added, %d updated, %d unchanged, %d flagged for review, "+
		"%d gone, %d linked to a client, %d unassigned, %d with registrar auto-renew on, %d errors (%s)\n",
		s.Registrar, s.Seen, s.Pages, s.Added, s.Updated, s.Unchanged, s.Flagged, s.Gone, s.Linked,
		s.Unassigned, s.AutoRenewOn, s.Errors, s.Duration.Round(time.Millisecond))
}

func runImportWHMCS(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "import whmcs",
		"Import clients, domains and exchange rates from WHMCS CSV exports (tblclients, tbldomains, "+
			"tblcurrencies). Importing the same files again changes nothing. Exits 1 when a row was refused")
	clients := fs.String("clients", "", "the clients export, tblclients as CSV (required)")
	domains := fs.String("domains", "", "the domains export, tbldomains as CSV (required)")
	currencies := fs.String("currencies", "", "the currencies export, tblcurrencies as CSV")
	tenant := fs.String("tenant", "", "tenant id (default: the default tenant)")
	dry := fs.Bool("dry-run", false, "read and check everything, write nothing")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	if *clients == "" || *domains == "" {
		return &exitError{code: 2, err: errors.New("--clients and --domains: both exports are required")}
	}
	files, closeAll, err := openExports(*clients, *domains, *currencies)
	if err != nil {
		return &exitError{code: 2, err: err}
	}
	defer closeAll()

	a, err := openBootstrapped(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()
	t, err := a.Tenant(ctx, *tenant)
	if err != nil {
		return err
	}

	opts := whmcs.Options{TenantID: t.ID, DryRun: *dry}
	if isTerminal(e.stderr) {
		opts.Progress = func(kind string, n int) { fmt.Fprintf(e.stderr, "\r%s: %d rows", kind, n) }
	}
	im := &whmcs.Importer{Store: a.Store, Logger: a.Logger}
	rep, err := im.Import(ctx, files, opts)
	if opts.Progress != nil {
		fmt.Fprintln(e.stderr)
	}
	printImportReport(e.stdout, rep, *dry)
	if err != nil {
		return err
	}
	if n := len(rep.Refused); n > 0 {
		return &exitError{code: 1, err: fmt.Errorf("import whmcs: %d row(s) refused (listed above)", n)}
	}
	return nil
}

func openExports(clients, domains, currencies string) (whmcs.Files, func(), error) {
	var opened []*os.File
	closeAll := func() {
		for _, f := range opened {
			_ = f.Close()
		}
	}
	open := func(flag, path string) (io.Reader, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", flag, err)
		}
		opened = append(opened, f)
		return f, nil
	}

	var files whmcs.Files
	var err error
	if files.Clients, err = open("clients", clients); err != nil {
		closeAll()
		return files, nil, err
	}
	if files.Domains, err = open("domains", domains); err != nil {
		closeAll()
		return files, nil, err
	}
	if currencies != "" {
		if files.Currencies, err = open("currencies", currencies); err != nil {
			closeAll()
			return files, nil, err
		}
	}
	return files, closeAll, nil
}

func printImportReport(w io.Writer, r whmcs.Report, dry bool) {
	if dry {
		fmt.Fprintln(w, "Dry run: nothing was written.")
	}
	fmt.Fprintf(w, "currencies: %d read, exchange rates %s\n", r.Currencies,
		map[bool]string{true: "updated", false: "unchanged"}[r.RatesChanged])
	fmt.Fprintf(w, "clients: %d created, %d already here\n", r.ClientsCreated, r.ClientsKnown)
	if r.ClientsCreated > 0 && !dry {
		fmt.Fprintln(w, "  new clients have no password: each sets one from the link that "+
			"/password/forgot (\"Forgot or never set your password?\" on the login page) mails them")
	}
	fmt.Fprintf(w, "domains: %d created, %d updated, %d unchanged, %d superseded by a live row of "+
		"the same name; %d flagged for review, %d unassigned\n", r.DomainsCreated, r.DomainsUpdated,
		r.DomainsUnchanged, r.Superseded, r.Flagged, r.Unassigned)
	if len(r.Refused) > 0 {
		fmt.Fprintf(w, "refused rows (%d):\n", len(r.Refused))
		for _, f := range r.Refused {
			fmt.Fprintln(w, "  "+f.String())
		}
	}
}
