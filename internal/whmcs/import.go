package whmcs

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/proecommerce/domains/internal/store"
)

// Adapters are the registrar modules the product has an adapter for; a
// domain at any other keeps its registrar's name and is flagged.
var Adapters = map[string]bool{"route53": true, "namecheap": true, "opensrs": true, "sandbox": true}

// Options say where and how to import.
type Options struct {
	// TenantID is the tenant to import into (required).
	TenantID string
	// DryRun reads and checks everything and writes nothing.
	DryRun bool
	// Progress, when set, is called after each row with the file's kind
	// ("clients", "domains", "currencies") and the rows read so far.
	Progress func(kind string, rows int)
}

// Importer imports WHMCS exports into the store.
type Importer struct {
	Store  *store.Store
	Logger *slog.Logger
}

// Refusal is a row the import did not take, and why.
type Refusal struct {
	File   string
	Line   int
	ID     string
	Reason string
}

func (r Refusal) String() string {
	return fmt.Sprintf("%s line %d (id %s): %s", r.File, r.Line, r.ID, r.Reason)
}

// Report is what an import did.
type Report struct {
	Currencies     int
	RatesChanged   bool
	ClientsCreated int
	ClientsKnown   int
	DomainsCreated int
	DomainsUpdated int
	// DomainsUnchanged were already as the export says (a repeated import).
	DomainsUnchanged int
	// Superseded are rows for a name another row holds live (the same
	// name twice keeps one live domain).
	Superseded int
	Flagged    int
	Unassigned int
	Refused    []Refusal
}

// Files are the exports to read; Currencies may be nil.
type Files struct {
	Clients, Domains, Currencies io.Reader
}

// run is one import's state.
type run struct {
	im     *Importer
	opts   Options
	tenant store.Tenant
	rep    *Report
	codes  map[string]string // WHMCS currency id → ISO code
	// Limitation: the clients read are kept in memory for the domains that
	// follow; that grows with the client count (thousands), not the domains.
	clients map[string]store.User
	// dry holds, in a dry run only, the domains it would have written.
	// Limitation: a dry run of a huge export keeps every name in memory.
	dry map[string]store.PortfolioDomain
}

// Import reads the currencies (when given), then the clients, then the
// domains, and reports what it did. An error is returned only when the
// import could not go on (an unreadable file, the database); rows it
// refused are listed in the report.
func (im *Importer) Import(ctx context.Context, f Files, opts Options) (Report, error) {
	if im.Logger == nil {
		im.Logger = slog.New(slog.DiscardHandler)
	}
	t, err := im.Store.Tenant(ctx, opts.TenantID)
	if err != nil {
		return Report{}, fmt.Errorf("whmcs: %w", err)
	}
	r := &run{im: im, opts: opts, tenant: t, rep: &Report{}, codes: map[string]string{},
		clients: map[string]store.User{}, dry: map[string]store.PortfolioDomain{}}

	if f.Currencies != nil {
		if err := r.currencies(ctx, f.Currencies); err != nil {
			return *r.rep, err
		}
	}
	if err := r.each(f.Clients, "clients", clientCols, func(row Row) error {
		return r.client(ctx, row)
	}); err != nil {
		return *r.rep, err
	}
	err = r.each(f.Domains, "domains", domainCols, func(row Row) error {
		return r.domain(ctx, row)
	})
	return *r.rep, err
}

// each reads a file row by row; a row error that is a refusal is listed
// and the import goes on.
func (r *run) each(in io.Reader, kind string, cols []string, fn func(Row) error) error {
	rd, err := NewReader(in, cols...)
	if err != nil {
		return fmt.Errorf("%s: %w", kind, err)
	}
	for n := 1; ; n++ {
		row, err := rd.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", kind, err)
		}
		if err := fn(row); err != nil {
			ref, ok := err.(refused)
			if !ok {
				return fmt.Errorf("whmcs: %s line %d: %w", kind, row.Line, err)
			}
			r.rep.Refused = append(r.rep.Refused, Refusal{File: kind, Line: row.Line,
				ID: row.Get("id"), Reason: string(ref)})
		}
		if r.opts.Progress != nil {
			r.opts.Progress(kind, n)
		}
	}
}

// refused is a row error the import lists and goes past.
type refused string

func (e refused) Error() string { return string(e) }

func refusef(format string, args ...any) error { return refused(fmt.Sprintf(format, args...)) }

// trimRate writes a WHMCS rate ("0.86000") without trailing zeros.
func trimRate(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
