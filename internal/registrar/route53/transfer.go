package route53

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53domains"
	"github.com/aws/aws-sdk-go-v2/service/route53domains/types"

	"github.com/proecommerce/domains/internal/registrar"
)

// transferReasons explains every Transferable value in words a client
// understands.
var transferReasons = map[types.Transferable]string{
	types.TransferableTransferable: "",
	types.TransferableUntransferable: "the domain cannot be transferred now: it may be locked at its " +
		"registrar, registered or transferred in the last 60 days, or in a status that forbids it",
	types.TransferableDontKnow:           "the registry gave no definite answer; try again later",
	types.TransferableDomainInOwnAccount: "the domain is already held in this account",
	types.TransferableDomainInAnotherAccount: "the domain is already at Route 53 in another AWS account; " +
		"it must be moved between accounts instead of transferred",
	types.TransferablePremiumDomain: "premium domains cannot be transferred to this registrar",
}

// CheckTransferability asks Route 53 whether the domain can come in. The
// auth code is sent but never logged.
func (r *Registrar) CheckTransferability(
	ctx context.Context, domain, authCode string,
) (registrar.Transferability, error) {
	if err := r.before(ctx); err != nil {
		return registrar.Transferability{}, err
	}

	in := &route53domains.CheckDomainTransferabilityInput{DomainName: aws.String(domain)}
	if authCode != "" {
		in.AuthCode = aws.String(authCode)
	}
	out, err := r.api.CheckDomainTransferability(ctx, in)
	if err != nil {
		return registrar.Transferability{}, mapError("check transferability of "+domain, err)
	}

	var raw types.Transferable
	if out.Transferability != nil {
		raw = out.Transferability.Transferable
	}
	return transferability(raw, aws.ToString(out.Message)), nil
}

func transferability(raw types.Transferable, message string) registrar.Transferability {
	t := registrar.Transferability{
		Transferable: raw == types.TransferableTransferable,
		Raw:          string(raw),
	}
	if t.Transferable {
		return t
	}

	reason, ok := transferReasons[raw]
	if !ok {
		reason = "Route 53 gave an answer we do not know (" + string(raw) + ")"
	}
	if message != "" {
		reason += " (" + message + ")"
	}
	t.Reason = reason
	return t
}
