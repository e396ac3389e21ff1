package namecheap

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/proecommerce/domains/internal/registrar"
)

// contactRoles are the contact sets domains.create requires.
var contactRoles = []string{"Registrant", "Tech", "Admin", "AuxBilling"}

// Register registers a name with domains.create, sent as a POST form with
// the same contact in all four roles. Privacy is asked for only where
// domains.getTldList says the TLD allows it. The call completes synchronously, so
// the operation is returned succeeded; for TLDs Namecheap marks
// NonRealTimeDomain the registry finishes later and the operation is in
// progress until domains.getInfo shows the domain.
//
// Limitation: TLDs that need extended attributes (.us nexus, .ca legal type,
// .eu residency and the like) and IDNs (which need an IdnCode language) are
// refused by Namecheap with KindInvalid; the adapter sends neither.
func (r *Registrar) Register(
	ctx context.Context, req registrar.RegisterRequest,
) (registrar.Operation, error) {
	n, err := splitName(req.Domain)
	if err != nil {
		return registrar.Operation{}, err
	}
	if req.Years < 1 || req.Years > 10 {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindInvalid, Field: "years",
			Message: "namecheap: register: years must be within 1–10"}
	}

	if req.Privacy && !r.privacyAllowed(ctx, n.TLD) {
		req.Privacy = false
	}

	resp, err := r.call(ctx, "register", "namecheap.domains.create", createParams(n, req))
	if err != nil {
		return registrar.Operation{}, err
	}
	res, err := result(resp, "DomainCreateResult", "register")
	if err != nil {
		return registrar.Operation{}, err
	}

	if !res.Bool("Registered") {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindUnavailable,
			Message: "namecheap: register: " + n.Full + " was not registered"}
	}
	r.log.InfoContext(ctx, "domain registered", "domain", n.Full,
		"order_id", res.Attr("OrderID"), "charged_amount", res.Attr("ChargedAmount"))

	op := r.syncOp(registrar.OpRegister, n.Full)
	if res.Bool("NonRealTimeDomain") {
		op.ID = opID(registrar.OpRegister, n.Full, pendingMark)
		op.Status, op.Message = registrar.OpInProgress, "the registry completes this registration later"
	}
	return op, nil
}

// privacyAllowed reports whether Namecheap offers privacy for the TLD, from
// the cached domains.getTldList. When the list cannot be read the request is
// sent as asked and Namecheap decides.
func (r *Registrar) privacyAllowed(ctx context.Context, tld string) bool {
	tlds, err := r.tldList(ctx)
	if err != nil {
		r.log.WarnContext(ctx, "tld list unavailable", "tld", tld, "error", err.Error())
		return true
	}
	facts, ok := tlds[tld]
	return !ok || facts.privacy
}

// createParams builds the domains.create form.
func createParams(n name, req registrar.RegisterRequest) url.Values {
	v := url.Values{
		"DomainName": {n.Full},
		"Years":      {strconv.Itoa(req.Years)},
	}
	for _, role := range contactRoles {
		addContact(v, role, req.Contact)
	}

	if len(req.Nameservers) > 0 {
		v.Set("Nameservers", strings.Join(req.Nameservers, ","))
	}
	v.Set("AddFreeWhoisguard", yesNo(req.Privacy))
	v.Set("WGEnabled", yesNo(req.Privacy))

	if req.PremiumPrice != nil {
		v.Set("IsPremiumDomain", "true")
		v.Set("PremiumPrice", req.PremiumPrice.Decimal())
	}
	return v
}

// addContact adds one role's contact fields. Namecheap requires
// StateProvince for every country; where a country has none the city is sent.
func addContact(v url.Values, role string, c registrar.Contact) {
	state := c.State
	if state == "" {
		state = c.City
	}
	fields := map[string]string{
		"FirstName": c.FirstName, "LastName": c.LastName,
		"OrganizationName": c.Organization,
		"Address1":         c.Address1, "Address2": c.Address2,
		"City": c.City, "StateProvince": state, "PostalCode": c.PostalCode,
		"Country": strings.ToUpper(c.Country), "Phone": c.Phone, "EmailAddress": c.Email,
	}
	for k, val := range fields {
		if val != "" {
			v.Set(role+k, val)
		}
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
