package route53

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53domains"

	"github.com/proecommerce/domains/internal/registrar"
)

// SetPrivacy turns WHOIS privacy on or off for all four contact types.
func (r *Registrar) SetPrivacy(ctx context.Context, domain string, enabled bool) (registrar.Operation, error) {
	if err := r.before(ctx); err != nil {
		return registrar.Operation{}, err
	}

	out, err := r.api.UpdateDomainContactPrivacy(ctx, &route53domains.UpdateDomainContactPrivacyInput{
		DomainName:        aws.String(domain),
		RegistrantPrivacy: aws.Bool(enabled),
		AdminPrivacy:      aws.Bool(enabled),
		TechPrivacy:       aws.Bool(enabled),
		BillingPrivacy:    aws.Bool(enabled),
	})
	if err != nil {
		return registrar.Operation{}, mapError("set privacy of "+domain, err)
	}
	return r.started(domain, registrar.OpPrivacy, out.OperationId), nil
}

// SetAutoRenew enables or disables Route 53's own renewal. The call is
// synchronous, so the operation returned has already succeeded.
func (r *Registrar) SetAutoRenew(ctx context.Context, domain string, enabled bool) (registrar.Operation, error) {
	if err := r.before(ctx); err != nil {
		return registrar.Operation{}, err
	}

	var err error
	if enabled {
		_, err = r.api.EnableDomainAutoRenew(ctx, &route53domains.EnableDomainAutoRenewInput{
			DomainName: aws.String(domain),
		})
	} else {
		_, err = r.api.DisableDomainAutoRenew(ctx, &route53domains.DisableDomainAutoRenewInput{
			DomainName: aws.String(domain),
		})
	}
	if err != nil {
		return registrar.Operation{}, mapError("set auto-renew of "+domain, err)
	}

	now := r.clock.Now()
	r.log.Info("auto-renew set", "domain", domain, "enabled", enabled)
	return registrar.Operation{
		ID:        syncID(domain, enabled),
		Domain:    domain,
		Type:      registrar.OpAutoRenew,
		Status:    registrar.OpSucceeded,
		Submitted: now,
		Updated:   now,
	}, nil
}

// syncID names a synchronous auto-renew change: "sync:auto_renew:on:example.com".
func syncID(domain string, enabled bool) string {
	state := "off"
	if enabled {
		state = "on"
	}
	return syncPrefix + string(registrar.OpAutoRenew) + ":" + state + ":" + domain
}

// syncOperation answers an id made by syncID as already succeeded.
func (r *Registrar) syncOperation(id string) (registrar.Operation, bool) {
	rest, ok := strings.CutPrefix(id, syncPrefix)
	if !ok {
		return registrar.Operation{}, false
	}

	parts := strings.SplitN(rest, ":", 3)
	op := registrar.Operation{ID: id, Status: registrar.OpSucceeded}
	if len(parts) == 3 {
		op.Type = registrar.OperationType(parts[0])
		op.Domain = parts[2]
	}
	return op, true
}

// SetLock sets or clears the transfer lock (clientTransferProhibited).
func (r *Registrar) SetLock(ctx context.Context, domain string, locked bool) (registrar.Operation, error) {
	if err := r.before(ctx); err != nil {
		return registrar.Operation{}, err
	}

	var (
		id  *string
		err error
	)
	if locked {
		var out *route53domains.EnableDomainTransferLockOutput
		out, err = r.api.EnableDomainTransferLock(ctx, &route53domains.EnableDomainTransferLockInput{
			DomainName: aws.String(domain),
		})
		if err == nil {
			id = out.OperationId
		}
	} else {
		var out *route53domains.DisableDomainTransferLockOutput
		out, err = r.api.DisableDomainTransferLock(ctx, &route53domains.DisableDomainTransferLockInput{
			DomainName: aws.String(domain),
		})
		if err == nil {
			id = out.OperationId
		}
	}
	if err != nil {
		return registrar.Operation{}, mapError("set lock of "+domain, err)
	}
	return r.started(domain, registrar.OpLock, id), nil
}

// AuthCode retrieves the transfer auth code. It is never logged.
func (r *Registrar) AuthCode(ctx context.Context, domain string) (string, error) {
	if err := r.before(ctx); err != nil {
		return "", err
	}

	out, err := r.api.RetrieveDomainAuthCode(ctx, &route53domains.RetrieveDomainAuthCodeInput{
		DomainName: aws.String(domain),
	})
	if err != nil {
		return "", mapError("auth code of "+domain, err)
	}

	r.log.Info("auth code retrieved", "domain", domain)
	return aws.ToString(out.AuthCode), nil
}

// SetNameservers replaces the whole name server set of the domain.
func (r *Registrar) SetNameservers(ctx context.Context, domain string, names []string) (registrar.Operation, error) {
	if len(names) == 0 {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindInvalid, Field: "nameservers",
			Message: "route53 registrar: at least one name server is required"}
	}
	if err := r.before(ctx); err != nil {
		return registrar.Operation{}, err
	}

	out, err := r.api.UpdateDomainNameservers(ctx, &route53domains.UpdateDomainNameserversInput{
		DomainName:  aws.String(domain),
		Nameservers: nameservers(names),
	})
	if err != nil {
		return registrar.Operation{}, mapError("set name servers of "+domain, err)
	}
	return r.started(domain, registrar.OpNameservers, out.OperationId), nil
}

// UpdateContacts replaces the contacts the change names with
// UpdateDomainContact. Privacy is left alone: Route 53 keeps each
// contact's privacy flag, and changing it is SetPrivacy's call only.
func (r *Registrar) UpdateContacts(ctx context.Context, domain string, change registrar.ContactChange) (registrar.Operation, error) {
	if change.Empty() {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindInvalid, Field: "contacts",
			Message: "route53 registrar: no contact to change"}
	}
	if err := r.before(ctx); err != nil {
		return registrar.Operation{}, err
	}

	in := &route53domains.UpdateDomainContactInput{DomainName: aws.String(domain)}
	if change.Registrant != nil {
		in.RegistrantContact = contactDetail(*change.Registrant)
	}
	if change.Admin != nil {
		in.AdminContact = contactDetail(*change.Admin)
	}
	if change.Tech != nil {
		in.TechContact = contactDetail(*change.Tech)
	}
	if change.Billing != nil {
		in.BillingContact = contactDetail(*change.Billing)
	}
	out, err := r.api.UpdateDomainContact(ctx, in)
	if err != nil {
		return registrar.Operation{}, mapError("update contacts of "+domain, err)
	}
	return r.started(domain, registrar.OpContacts, out.OperationId), nil
}
