package namecheap

import (
	"context"
	"net/url"
	"strings"

	"github.com/proecommerce/domains/internal/registrar"
)

// SetPrivacy turns Namecheap's privacy service (still called WhoisGuard in
// the API) on or off. It needs the domain's WhoisguardID from
// domains.getInfo; a domain without one (Enabled="NotAlloted") is in a TLD
// Namecheap excludes, and the call is refused with KindUnsupported.
func (r *Registrar) SetPrivacy(
	ctx context.Context, domain string, enabled bool,
) (registrar.Operation, error) {
	inf, err := r.domainInfo(ctx, domain)
	if err != nil {
		return registrar.Operation{}, err
	}

	d := inf.detail.Domain
	if inf.privacy == "notalloted" || inf.whoisguardID == "" || inf.whoisguardID == "0" {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindUnsupported,
			Message: "namecheap: privacy: Namecheap offers no privacy service for " + d}
	}
	op := r.syncOp(registrar.OpPrivacy, d, onOff(enabled))
	if inf.detail.Privacy == enabled {
		return op, nil
	}

	if !enabled {
		return op, r.whoisguard(ctx, "namecheap.whoisguard.disable", "WhoisguardDisableResult",
			url.Values{"WhoisguardID": {inf.whoisguardID}})
	}

	email := inf.forwardTo
	if email == "" {
		if email, err = r.registrantEmail(ctx, d); err != nil {
			return registrar.Operation{}, err
		}
	}
	return op, r.whoisguard(ctx, "namecheap.whoisguard.enable", "WhoisguardEnableResult",
		url.Values{"WhoisguardID": {inf.whoisguardID}, "ForwardedToEmail": {email}})
}

func (r *Registrar) whoisguard(ctx context.Context, command, element string, v url.Values) error {
	resp, err := r.call(ctx, "privacy", command, v)
	if err != nil {
		return err
	}
	res, err := result(resp, element, "privacy")
	if err != nil {
		return err
	}
	if !res.Bool("IsSuccess") {
		return &registrar.Error{Kind: registrar.KindProviderDown,
			Message: "namecheap: privacy: " + command + " did not succeed"}
	}
	return nil
}

// registrantEmail reads the registrant's e-mail address with
// domains.getContacts; privacy forwards mail there.
func (r *Registrar) registrantEmail(ctx context.Context, domain string) (string, error) {
	resp, err := r.call(ctx, "privacy", "namecheap.domains.getContacts",
		url.Values{"DomainName": {domain}})
	if err != nil {
		return "", err
	}

	reg, ok := resp.Find("Registrant")
	if !ok || reg.ChildText("EmailAddress") == "" {
		return "", &registrar.Error{Kind: registrar.KindProviderDown,
			Message: "namecheap: privacy: no registrant e-mail address for " + domain}
	}
	return reg.ChildText("EmailAddress"), nil
}

// SetLock sets the registrar lock with domains.setRegistrarLock.
func (r *Registrar) SetLock(
	ctx context.Context, domain string, locked bool,
) (registrar.Operation, error) {
	n, err := splitName(domain)
	if err != nil {
		return registrar.Operation{}, err
	}

	action := "UNLOCK"
	if locked {
		action = "LOCK"
	}
	resp, err := r.call(ctx, "lock", "namecheap.domains.setRegistrarLock",
		url.Values{"DomainName": {n.Full}, "LockAction": {action}})
	if err != nil {
		return registrar.Operation{}, err
	}
	res, err := result(resp, "DomainSetRegistrarLockResult", "lock")
	if err != nil {
		return registrar.Operation{}, err
	}

	if !res.Bool("IsSuccess") {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindProviderDown,
			Message: "namecheap: lock: " + n.Full + " was not changed"}
	}
	return r.syncOp(registrar.OpLock, n.Full, onOff(locked)), nil
}

// lockState reads the registrar lock with domains.getRegistrarLock.
func (r *Registrar) lockState(ctx context.Context, domain string) (bool, error) {
	resp, err := r.call(ctx, "lock", "namecheap.domains.getRegistrarLock",
		url.Values{"DomainName": {domain}})
	if err != nil {
		return false, err
	}
	res, err := result(resp, "DomainGetRegistrarLockResult", "lock")
	if err != nil {
		return false, err
	}
	return res.Bool("RegistrarLockStatus"), nil
}

// SetNameservers points the domain at custom name servers (our DNS host's)
// with domains.dns.setCustom. Namecheap's own DNS, URL forwarding and e-mail
// forwarding stop working for the domain, which the product does not use.
func (r *Registrar) SetNameservers(
	ctx context.Context, domain string, nameservers []string,
) (registrar.Operation, error) {
	n, err := splitName(domain)
	if err != nil {
		return registrar.Operation{}, err
	}
	if len(nameservers) < 2 {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindInvalid,
			Field: "nameservers", Message: "namecheap: nameservers: at least two are required"}
	}

	ns := make([]string, len(nameservers))
	for i, s := range nameservers {
		ns[i] = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
	}
	v := url.Values{"SLD": {n.SLD}, "TLD": {n.TLD}, "Nameservers": {strings.Join(ns, ",")}}
	resp, err := r.call(ctx, "nameservers", "namecheap.domains.dns.setCustom", v)
	if err != nil {
		return registrar.Operation{}, err
	}
	res, err := result(resp, "DomainDNSSetCustomResult", "nameservers")
	if err != nil {
		return registrar.Operation{}, err
	}

	if !res.Bool("Updated") && !res.Bool("Update") {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindProviderDown,
			Message: "namecheap: nameservers: " + n.Full + " was not updated"}
	}
	return r.syncOp(registrar.OpNameservers, n.Full), nil
}

// SetAutoRenew cannot change anything: Namecheap's API has no call for the
// auto-renew flag. Turning it off is confirmed when domains.getList shows it
// already off (domains registered through the API start with it off);
// every other request is refused with KindUnsupported and the reason.
func (r *Registrar) SetAutoRenew(
	ctx context.Context, domain string, enabled bool,
) (registrar.Operation, error) {
	n, err := splitName(domain)
	if err != nil {
		return registrar.Operation{}, err
	}

	if !enabled {
		row, err := r.listRow(ctx, n.Full)
		if err != nil {
			return registrar.Operation{}, err
		}
		if !row.AutoRenew {
			return r.syncOp(registrar.OpAutoRenew, n.Full, onOff(false)), nil
		}
	}
	return registrar.Operation{}, &registrar.Error{Kind: registrar.KindUnsupported,
		Message: "namecheap: auto-renew: Namecheap's API cannot change auto-renew for " + n.Full +
			"; change it in the Namecheap account panel"}
}

// AuthCode is not offered: Namecheap's API has no call that returns a
// domain's auth code.
func (r *Registrar) AuthCode(ctx context.Context, domain string) (string, error) {
	return "", &registrar.Error{Kind: registrar.KindUnsupported,
		Message: "namecheap: auth code: Namecheap's API cannot return auth codes; " +
			"get it from the Namecheap account panel"}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
