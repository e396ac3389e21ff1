package route53

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53domains"
	"github.com/aws/aws-sdk-go-v2/service/route53domains/types"

	"github.com/proecommerce/domains/internal/registrar"
)

// Register starts a registration. Route 53 Domains creates the hosted zone
// itself; auto-renew is always off because the product renews after the
// client pays.
//
// Limitation: RegisterDomain takes no name servers, so req.Nameservers is
// not sent; the zone Route 53 creates is delegated, and callers that want
// others call SetNameservers once the operation succeeds.
func (r *Registrar) Register(ctx context.Context, req registrar.RegisterRequest) (registrar.Operation, error) {
	if err := r.before(ctx); err != nil {
		return registrar.Operation{}, err
	}

	c := contactDetail(req.Contact)
	out, err := r.api.RegisterDomain(ctx, &route53domains.RegisterDomainInput{
		DomainName:                      aws.String(req.Domain),
		DurationInYears:                 aws.Int32(int32(req.Years)),
		RegistrantContact:               c,
		AdminContact:                    c,
		TechContact:                     c,
		BillingContact:                  c,
		AutoRenew:                       aws.Bool(false),
		PrivacyProtectRegistrantContact: aws.Bool(req.Privacy),
		PrivacyProtectAdminContact:      aws.Bool(req.Privacy),
		PrivacyProtectTechContact:       aws.Bool(req.Privacy),
		PrivacyProtectBillingContact:    aws.Bool(req.Privacy),
	})
	if err != nil {
		return registrar.Operation{}, mapError("register "+req.Domain, err)
	}

	return r.started(req.Domain, registrar.OpRegister, out.OperationId), nil
}

// TransferIn starts an inbound transfer with the given auth code.
func (r *Registrar) TransferIn(ctx context.Context, req registrar.TransferRequest) (registrar.Operation, error) {
	if err := r.before(ctx); err != nil {
		return registrar.Operation{}, err
	}

	c := contactDetail(req.Contact)
	in := &route53domains.TransferDomainInput{
		DomainName:                      aws.String(req.Domain),
		RegistrantContact:               c,
		AdminContact:                    c,
		TechContact:                     c,
		BillingContact:                  c,
		AutoRenew:                       aws.Bool(false),
		PrivacyProtectRegistrantContact: aws.Bool(req.Privacy),
		PrivacyProtectAdminContact:      aws.Bool(req.Privacy),
		PrivacyProtectTechContact:       aws.Bool(req.Privacy),
		PrivacyProtectBillingContact:    aws.Bool(req.Privacy),
		Nameservers:                     nameservers(req.Nameservers),
	}
	if req.AuthCode != "" {
		in.AuthCode = aws.String(req.AuthCode)
	}
	if req.Years > 0 {
		in.DurationInYears = aws.Int32(int32(req.Years))
	}

	out, err := r.api.TransferDomain(ctx, in)
	if err != nil {
		return registrar.Operation{}, mapError("transfer in "+req.Domain, err)
	}
	return r.started(req.Domain, registrar.OpTransferIn, out.OperationId), nil
}

// Renew extends a registration; Route 53 refuses it unless
// currentExpiryYear is the expiry year it holds, so a replay fails.
func (r *Registrar) Renew(
	ctx context.Context, domain string, currentExpiryYear, years int,
) (registrar.Operation, error) {
	if err := r.before(ctx); err != nil {
		return registrar.Operation{}, err
	}

	out, err := r.api.RenewDomain(ctx, &route53domains.RenewDomainInput{
		DomainName:        aws.String(domain),
		CurrentExpiryYear: int32(currentExpiryYear),
		DurationInYears:   aws.Int32(int32(years)),
	})
	if err != nil {
		return registrar.Operation{}, mapError("renew "+domain, err)
	}
	return r.started(domain, registrar.OpRenew, out.OperationId), nil
}

// started is the Operation of a call Route 53 accepted.
func (r *Registrar) started(domain string, typ registrar.OperationType, id *string) registrar.Operation {
	op := registrar.Operation{
		ID:        aws.ToString(id),
		Domain:    domain,
		Type:      typ,
		Status:    registrar.OpSubmitted,
		Submitted: r.clock.Now(),
	}
	op.Updated = op.Submitted
	r.log.Info("operation submitted", "domain", domain, "operation_type", string(typ), "operation_id", op.ID)
	return op
}

// contactDetail converts our contact; ContactType is COMPANY when an
// organisation is given, PERSON otherwise.
func contactDetail(c registrar.Contact) *types.ContactDetail {
	d := &types.ContactDetail{
		FirstName:    aws.String(c.FirstName),
		LastName:     aws.String(c.LastName),
		ContactType:  types.ContactTypePerson,
		Email:        aws.String(c.Email),
		PhoneNumber:  aws.String(c.Phone),
		AddressLine1: aws.String(c.Address1),
		City:         aws.String(c.City),
		ZipCode:      aws.String(c.PostalCode),
		CountryCode:  types.CountryCode(strings.ToUpper(c.Country)),
	}
	if c.Organization != "" {
		d.ContactType = types.ContactTypeCompany
		d.OrganizationName = aws.String(c.Organization)
	}
	if c.Address2 != "" {
		d.AddressLine2 = aws.String(c.Address2)
	}
	if c.State != "" {
		d.State = aws.String(c.State)
	}
	return d
}

func nameservers(names []string) []types.Nameserver {
	if len(names) == 0 {
		return nil
	}
	out := make([]types.Nameserver, 0, len(names))
	for _, n := range names {
		out = append(out, types.Nameserver{Name: aws.String(strings.TrimSuffix(strings.ToLower(n), "."))})
	}
	return out
}
