package sandbox

import (
	"context"
	"fmt"
	"strings"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/sqldb"
)

// pageSize is how many domains ListDomains returns per page.
const pageSize = 100

// maxTerm is the longest a registration may run from today, in years.
const maxTerm = 10

// Renew extends the registration by years at once. currentExpiryYear must
// match the expiry the registry holds, so a replayed renewal is refused.
func (r *Registrar) Renew(ctx context.Context, domain string,
	currentExpiryYear, years int) (registrar.Operation, error) {
	n, err := r.parse(domain)
	if err != nil {
		return registrar.Operation{}, err
	}
	if err := checkYears(n, years); err != nil {
		return registrar.Operation{}, err
	}

	o := r.doneOp(n.domain, registrar.OpRenew)
	o.Years = years
	err = r.db.InTx(ctx, func(tx *sqldb.Tx) error {
		d, err := getDomain(ctx, tx, n.domain)
		if err != nil {
			return err
		}
		if err := r.checkRenewal(d, currentExpiryYear, years); err != nil {
			return err
		}

		res, err := tx.Exec(ctx, `UPDATE sandbox_registry_domains SET expires_at = ?
			WHERE domain = ? AND expires_at = ?`, d.Expires.AddDate(years, 0, 0), d.Domain, d.Expires)
		if err != nil {
			return fmt.Errorf("sandbox registrar: renew %s: %w", d.Domain, err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return wrongYear(currentExpiryYear, "it was renewed meanwhile")
		}
		return insertOp(ctx, tx, o)
	})
	if err != nil {
		return registrar.Operation{}, err
	}
	return o.toOperation(), nil
}

// checkRenewal applies the expiry-year guard and the ten-year limit.
func (r *Registrar) checkRenewal(d domainRow, currentExpiryYear, years int) error {
	if d.Expires.Year() != currentExpiryYear {
		return wrongYear(currentExpiryYear, fmt.Sprintf("the registry holds %d", d.Expires.Year()))
	}
	if d.Expires.AddDate(years, 0, 0).After(r.now().AddDate(maxTerm, 0, 0)) {
		return &registrar.Error{Kind: registrar.KindInvalid, Field: "years",
			Message: fmt.Sprintf("sandbox: a registration may not run more than %d years ahead", maxTerm)}
	}
	return nil
}

func wrongYear(year int, why string) error {
	return &registrar.Error{Kind: registrar.KindInvalid, Field: "current_expiry_year",
		Message: fmt.Sprintf("sandbox: the current expiry year is not %d (%s)", year, why)}
}

// doneOp builds an operation that succeeded now.
func (r *Registrar) doneOp(domain string, typ registrar.OperationType) opRow {
	o := r.pendingOp(domain, typ, 0, 0, false)
	o.Status, o.Message = registrar.OpSucceeded, ""
	return o
}

// DomainDetail reads one domain from the sandbox registry.
func (r *Registrar) DomainDetail(ctx context.Context, domain string) (registrar.DomainDetail, error) {
	d, err := getDomain(ctx, r.db, normal(domain))
	if err != nil {
		return registrar.DomainDetail{}, err
	}
	statuses := []string{"ok"}
	if d.Locked {
		statuses = []string{"clientTransferProhibited"}
	}
	return registrar.DomainDetail{
		Domain: d.Domain, Created: d.Created, Expires: d.Expires, AutoRenew: d.AutoRenew,
		Locked: d.Locked, Privacy: d.Privacy, Nameservers: d.Nameservers, Statuses: statuses,
	}, nil
}

// ListDomains returns up to 100 domains after the cursor, in name order.
func (r *Registrar) ListDomains(ctx context.Context, cursor string) (registrar.DomainPage, error) {
	rows, err := r.db.Query(ctx, `SELECT `+domainColumns+` FROM sandbox_registry_domains
		WHERE domain > ? ORDER BY domain LIMIT ?`, cursor, pageSize+1)
	if err != nil {
		return registrar.DomainPage{}, fmt.Errorf("sandbox registrar: list domains: %w", err)
	}
	defer rows.Close()

	var page registrar.DomainPage
	for rows.Next() {
		d, err := scanDomain(rows)
		if err != nil {
			return registrar.DomainPage{}, fmt.Errorf("sandbox registrar: list domains: %w", err)
		}
		if len(page.Domains) == pageSize {
			page.NextCursor = page.Domains[pageSize-1].Domain
			break
		}
		page.Domains = append(page.Domains, registrar.DomainSummary{Domain: d.Domain,
			Expires: d.Expires, AutoRenew: d.AutoRenew, Locked: d.Locked, Privacy: d.Privacy,
			HasDetail: true})
	}
	if err := rows.Err(); err != nil {
		return registrar.DomainPage{}, fmt.Errorf("sandbox registrar: list domains: %w", err)
	}
	return page, nil
}

// SetPrivacy turns WHOIS privacy on or off; TLDs whose registry offers no
// privacy refuse with KindUnsupported.
func (r *Registrar) SetPrivacy(ctx context.Context, domain string, enabled bool) (registrar.Operation, error) {
	n, err := r.parse(domain)
	if err != nil {
		return registrar.Operation{}, err
	}
	if !allowsPrivacy(n) {
		return registrar.Operation{}, registrar.Errorf(registrar.KindUnsupported,
			"sandbox: the registry for .%s does not offer WHOIS privacy", n.price.TLD)
	}
	return r.update(ctx, n.domain, registrar.OpPrivacy, "privacy", enabled)
}

// SetAutoRenew turns registry-side auto-renew on or off.
func (r *Registrar) SetAutoRenew(ctx context.Context, domain string,
	enabled bool) (registrar.Operation, error) {
	return r.update(ctx, normal(domain), registrar.OpAutoRenew, "auto_renew", enabled)
}

// SetLock turns the transfer lock on or off; TLDs without a transfer lock
// refuse with KindUnsupported.
func (r *Registrar) SetLock(ctx context.Context, domain string, locked bool) (registrar.Operation, error) {
	n, err := r.parse(domain)
	if err != nil {
		return registrar.Operation{}, err
	}
	if !n.price.TransferLock {
		return registrar.Operation{}, registrar.Errorf(registrar.KindUnsupported,
			"sandbox: the registry for .%s has no transfer lock", n.price.TLD)
	}
	return r.update(ctx, n.domain, registrar.OpLock, "locked", locked)
}

// AuthCode returns the domain's transfer auth code.
func (r *Registrar) AuthCode(ctx context.Context, domain string) (string, error) {
	d, err := getDomain(ctx, r.db, normal(domain))
	if err != nil {
		return "", err
	}
	return d.AuthCode, nil
}

// SetNameservers replaces the domain's name servers (1 to 13 host names).
func (r *Registrar) SetNameservers(ctx context.Context, domain string,
	nameservers []string) (registrar.Operation, error) {
	ns, err := cleanNameservers(nameservers)
	if err != nil {
		return registrar.Operation{}, err
	}
	return r.update(ctx, normal(domain), registrar.OpNameservers, "nameservers", joinNS(ns))
}

// update sets one column of a domain and records a succeeded operation.
// column is always one of our constants, never input.
func (r *Registrar) update(ctx context.Context, domain string, typ registrar.OperationType,
	column string, value any) (registrar.Operation, error) {
	o := r.doneOp(domain, typ)
	err := r.db.InTx(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE sandbox_registry_domains SET `+column+` = ?
			WHERE domain = ?`, value, domain)
		if err != nil {
			return fmt.Errorf("sandbox registrar: set %s of %s: %w", column, domain, err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return registrar.Errorf(registrar.KindNotFound, "sandbox: %s is not in this account", domain)
		}
		return insertOp(ctx, tx, o)
	})
	if err != nil {
		return registrar.Operation{}, err
	}
	return o.toOperation(), nil
}

func cleanNameservers(in []string) ([]string, error) {
	if len(in) == 0 || len(in) > 13 {
		return nil, &registrar.Error{Kind: registrar.KindInvalid, Field: "nameservers",
			Message: "sandbox: give 1 to 13 name servers"}
	}
	out := make([]string, 0, len(in))
	for _, ns := range in {
		h := normal(ns)
		if !strings.Contains(h, ".") || strings.ContainsAny(h, ", ") {
			return nil, &registrar.Error{Kind: registrar.KindInvalid, Field: "nameservers",
				Message: "sandbox: " + quote(ns) + " is not a host name"}
		}
		out = append(out, h)
	}
	return out, nil
}

// normal lower-cases a name and drops a trailing dot.
func normal(domain string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(domain)), ".")
}
