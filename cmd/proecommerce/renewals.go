package main

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/proecommerce/domains/internal/renewal"
)

func init() {
	extraCommands = append(extraCommands, command{"cron renewal-invoices",
		"invoice the domains expiring within 45 days (the monthly run)", runRenewalInvoices})
}

func runRenewalInvoices(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "cron renewal-invoices",
		"Invoice every active domain expiring within the next 45 days that has no renewal "+
			"invoice for its period (the run made on the 1st of each month)")
	dry := fs.Bool("dry-run", false, "list what would be invoiced and write nothing")
	asOfFlag := fs.String("as-of", "", "make the run of this day (YYYY-MM-DD, UTC); today when empty")
	if ok, err := parse(fs, args); !ok {
		return err
	}
	a, err := openBootstrapped(ctx, e)
	if err != nil {
		return err
	}
	defer a.Close()

	asOf := a.Clock.Now()
	if *asOfFlag != "" {
		if asOf, err = time.Parse(time.DateOnly, *asOfFlag); err != nil {
			return &exitError{code: 2, err: fmt.Errorf("--as-of: want YYYY-MM-DD: %w", err)}
		}
	}

	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOMAIN\tEXPIRES\tDUE\tAMOUNT\tRESULT")
	planned := 0
	res, err := a.Renewals().InvoiceRun(ctx, asOf, *dry, func(p renewal.Planned) {
		planned++
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.Domain, p.Expiry.Format(time.DateOnly),
			dateOrDash(p.DueAt), p.Amount, plannedResult(p, *dry))
	})
	_ = tw.Flush()
	if err != nil {
		return err
	}
	printRunSummary(e, res, planned)
	return nil
}

func printRunSummary(e *env, res renewal.RunResult, planned int) {
	fmt.Fprintf(e.stdout, "\nAs of %s, expiries %s to %s: ", res.AsOf.Format(time.DateOnly),
		res.From.Format(time.DateOnly), res.To.AddDate(0, 0, -1).Format(time.DateOnly))
	if res.DryRun {
		fmt.Fprintf(e.stdout, "%d would be invoiced, %d skipped (dry run: nothing written)\n",
			planned-res.Skipped, res.Skipped)
		return
	}
	fmt.Fprintf(e.stdout, "%d invoiced, %d invoiced by another run, %d skipped\n",
		res.Created, res.Existing, res.Skipped)
}

func dateOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateOnly)
}

func plannedResult(p renewal.Planned, dry bool) string {
	switch {
	case p.Skipped != "":
		return "skipped: " + p.Skipped
	case dry:
		return "would invoice"
	case p.Created:
		return "invoiced"
	default:
		return "invoiced by another run"
	}
}
