package opensrs

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

// allInfo is the part of GET type=all_info the adapter reads.
type allInfo struct {
	AutoRenew          bool              `ops:"auto_renew"`
	ExpireDate         string            `ops:"expiredate"`
	RegistryExpireDate string            `ops:"registry_expiredate"`
	RegistryCreateDate string            `ops:"registry_createdate"`
	Nameservers        []nameserverEntry `ops:"nameserver_list"`
}

// DomainDetail reads GET all_info, status (lock) and whois_privacy_state.
func (r *Registrar) DomainDetail(
	ctx context.Context, domain string,
) (registrar.DomainDetail, error) {
	info, err := r.allInfo(ctx, domain)
	if err != nil {
		return registrar.DomainDetail{}, err
	}

	locked, err := r.locked(ctx, domain)
	if err != nil {
		return registrar.DomainDetail{}, err
	}
	privacy, err := r.privacy(ctx, domain)
	if err != nil {
		return registrar.DomainDetail{}, err
	}

	d := registrar.DomainDetail{
		Domain:      domain,
		AutoRenew:   info.AutoRenew,
		Locked:      locked,
		Privacy:     privacy,
		Nameservers: nameserverNames(info.Nameservers),
	}
	d.Expires, _ = parseTime(firstNonEmpty(info.RegistryExpireDate, info.ExpireDate))
	d.Created, _ = parseTime(info.RegistryCreateDate)
	if locked {
		d.Statuses = []string{"clientTransferProhibited"}
	}
	return d, nil
}

func (r *Registrar) get(ctx context.Context, domain, typ string) (ops.Assoc, error) {
	rep, err := r.call(ctx, "GET", ops.Assoc{"domain": ops.Str(domain), "type": ops.Str(typ)})
	if err != nil {
		return nil, err
	}
	return rep.Attributes, nil
}

func (r *Registrar) allInfo(ctx context.Context, domain string) (allInfo, error) {
	attrs, err := r.get(ctx, domain, "all_info")
	if err != nil {
		return allInfo{}, err
	}

	var info allInfo
	if err := ops.Unmarshal(attrs.Value(), &info); err != nil {
		return allInfo{}, fmt.Errorf("opensrs: GET all_info %s: %w", domain, err)
	}
	return info, nil
}

func (r *Registrar) locked(ctx context.Context, domain string) (bool, error) {
	attrs, err := r.get(ctx, domain, "status")
	if err != nil {
		return false, err
	}
	return attrs.Flag("lock_state"), nil
}

// privacy reads whois_privacy_state; a TLD without the service reads as off.
func (r *Registrar) privacy(ctx context.Context, domain string) (bool, error) {
	attrs, err := r.get(ctx, domain, "whois_privacy_state")
	if err != nil {
		if registrar.IsKind(err, registrar.KindInvalid) ||
			registrar.IsKind(err, registrar.KindUnsupported) {
			return false, nil
		}
		return false, err
	}
	return attrs.Flag("state"), nil
}

// AuthCode reads GET type=domain_auth_info.
func (r *Registrar) AuthCode(ctx context.Context, domain string) (string, error) {
	attrs, err := r.get(ctx, domain, "domain_auth_info")
	if err != nil {
		return "", err
	}

	code := attrs.Text("domain_auth_info")
	if code == "" {
		return "", registrar.Errorf(registrar.KindUnsupported,
			"opensrs: GET domain_auth_info %s returned no auth code", domain)
	}
	return code, nil
}

type expDomain struct {
	Name       string `ops:"name"`
	ExpireDate string `ops:"expiredate"`
	AutoRenew  bool   `ops:"f_auto_renew"`
}

type expPage struct {
	Domains   []expDomain `ops:"exp_domains"`
	Page      int         `ops:"page"`
	Remainder bool        `ops:"remainder"`
}

// ListDomains reads one page of GET_DOMAINS_BY_EXPIREDATE over the fixed
// range ListFrom..ListTo. The cursor is the page number ("" is page 1);
// the next cursor is empty once OpenSRS says no domains remain.
func (r *Registrar) ListDomains(ctx context.Context, cursor string) (registrar.DomainPage, error) {
	page := 1
	if cursor != "" {
		n, err := strconv.Atoi(cursor)
		if err != nil || n < 1 {
			return registrar.DomainPage{}, &registrar.Error{Kind: registrar.KindInvalid,
				Field: "cursor", Message: fmt.Sprintf("opensrs: bad cursor %q", cursor)}
		}
		page = n
	}

	rep, err := r.call(ctx, "GET_DOMAINS_BY_EXPIREDATE", ops.Assoc{
		"exp_from": ops.Str(r.cfg.ListFrom),
		"exp_to":   ops.Str(r.cfg.ListTo),
		"page":     ops.Int(page),
		"limit":    ops.Int(r.cfg.PageSize),
	})
	if err != nil {
		return registrar.DomainPage{}, err
	}
	return decodeExpPage(rep.Attributes, page)
}

func decodeExpPage(attrs ops.Assoc, page int) (registrar.DomainPage, error) {
	var p expPage
	if err := ops.Unmarshal(attrs.Value(), &p); err != nil {
		return registrar.DomainPage{}, fmt.Errorf("opensrs: GET_DOMAINS_BY_EXPIREDATE: %w", err)
	}

	out := registrar.DomainPage{Domains: make([]registrar.DomainSummary, 0, len(p.Domains))}
	for _, d := range p.Domains {
		exp, _ := parseTime(d.ExpireDate)
		out.Domains = append(out.Domains, registrar.DomainSummary{
			Domain:    strings.ToLower(d.Name),
			Expires:   exp,
			AutoRenew: d.AutoRenew,
		})
	}
	if p.Remainder && len(p.Domains) > 0 {
		out.NextCursor = strconv.Itoa(page + 1)
	}
	return out, nil
}

func nameserverNames(list []nameserverEntry) []string {
	out := make([]string, 0, len(list))
	for _, ns := range list {
		if name := strings.ToLower(strings.TrimSuffix(ns.Name, ".")); name != "" {
			out = append(out, name)
		}
	}
	return out
}

// timeLayouts are the date forms OpenSRS replies use.
var timeLayouts = []string{
	"2006-01-02 15:04:05.000", "2006-01-02 15:04:05", time.RFC3339, "2006-01-02",
}

// parseTime reads an OpenSRS date (UTC) or Unix seconds.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("opensrs: empty date")
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), nil
	}

	for _, layout := range timeLayouts {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("opensrs: unknown date form %q", s)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
