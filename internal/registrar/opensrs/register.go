package opensrs

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

// contact is one entry of an OpenSRS contact_set.
type contact struct {
	FirstName  string `ops:"first_name"`
	LastName   string `ops:"last_name"`
	OrgName    string `ops:"org_name"`
	Email      string `ops:"email"`
	Phone      string `ops:"phone"`
	Address1   string `ops:"address1"`
	Address2   string `ops:"address2,omitempty"`
	City       string `ops:"city"`
	State      string `ops:"state,omitempty"`
	PostalCode string `ops:"postal_code"`
	Country    string `ops:"country"`
}

type contactSet struct {
	Owner   contact `ops:"owner"`
	Admin   contact `ops:"admin"`
	Billing contact `ops:"billing"`
	Tech    contact `ops:"tech"`
}

type nameserverEntry struct {
	Name      string `ops:"name"`
	SortOrder int    `ops:"sortorder"`
}

// swRegister is SW_REGISTER's attributes.
type swRegister struct {
	Domain            string            `ops:"domain"`
	RegType           string            `ops:"reg_type"`
	Period            int               `ops:"period"`
	ContactSet        contactSet        `ops:"contact_set"`
	CustomTechContact bool              `ops:"custom_tech_contact"`
	CustomNameservers bool              `ops:"custom_nameservers"`
	NameserverList    []nameserverEntry `ops:"nameserver_list,omitempty"`
	CustomTransferNS  bool              `ops:"custom_transfer_nameservers,omitempty"`
	RegUsername       string            `ops:"reg_username"`
	RegPassword       string            `ops:"reg_password"`
	Handle            string            `ops:"handle"`
	AutoRenew         bool              `ops:"auto_renew"`
	LockDomain        bool              `ops:"f_lock_domain"`
	WhoisPrivacy      bool              `ops:"f_whois_privacy"`
	AuthInfo          string            `ops:"auth_info,omitempty"`
	PremiumPrice      string            `ops:"premium_price_to_verify,omitempty"`
}

// Register sends SW_REGISTER with reg_type=new and handle=process. The
// registration is complete when OpenSRS answers 200; a 250 answer (an
// asynchronous registry) or a pended order is followed by its order id.
func (r *Registrar) Register(
	ctx context.Context, req registrar.RegisterRequest,
) (registrar.Operation, error) {
	attrs := r.registerAttrs(req.Domain, "new", req.Years, req.Contact, req.Nameservers)
	attrs.WhoisPrivacy = req.Privacy
	attrs.LockDomain = factsFor(tldOf(req.Domain)).transferLock
	if req.PremiumPrice != nil {
		cost, err := r.premiumCost(ctx, req.Domain, attrs.Period)
		if err != nil {
			return registrar.Operation{}, err
		}
		attrs.PremiumPrice = cost
	}
	return r.swRegister(ctx, registrar.OpRegister, attrs)
}

// premiumCost reads the premium name's current cost for the term, which
// SW_REGISTER must be sent as premium_price_to_verify.
//
// Limitation: RegisterRequest.PremiumPrice is the client's price (with
// markup), not our cost, so it cannot be sent to OpenSRS; the cost is read
// again here, and guarding against a cost rise since the quote is left to
// the caller, which knows the quoted cost.
func (r *Registrar) premiumCost(ctx context.Context, domain string, years int) (string, error) {
	cost, err := r.price(ctx, domain, "new", years)
	if err != nil {
		return "", err
	}
	return cost.Decimal(), nil
}

// TransferIn sends SW_REGISTER with reg_type=transfer and the auth code.
// Transfers take days, so the operation starts in progress and is read
// again with CHECK_TRANSFER.
func (r *Registrar) TransferIn(
	ctx context.Context, req registrar.TransferRequest,
) (registrar.Operation, error) {
	attrs := r.registerAttrs(req.Domain, "transfer", req.Years, req.Contact, req.Nameservers)
	attrs.WhoisPrivacy = req.Privacy
	attrs.AuthInfo = req.AuthCode
	attrs.CustomTransferNS = len(req.Nameservers) > 0
	return r.swRegister(ctx, registrar.OpTransferIn, attrs)
}

func (r *Registrar) registerAttrs(
	domain, regType string, years int, c registrar.Contact, nameservers []string,
) swRegister {
	oc := toContact(c)
	user, pass := r.profileCredentials(domain)

	return swRegister{
		Domain:            domain,
		RegType:           regType,
		Period:            max(years, 1),
		ContactSet:        contactSet{Owner: oc, Admin: oc, Billing: oc, Tech: oc},
		CustomTechContact: true,
		CustomNameservers: len(nameservers) > 0,
		NameserverList:    nameserverList(nameservers),
		RegUsername:       user,
		RegPassword:       pass,
		Handle:            "process",
	}
}

func (r *Registrar) swRegister(
	ctx context.Context, typ registrar.OperationType, attrs swRegister,
) (registrar.Operation, error) {
	a, err := ops.MarshalAssoc(attrs)
	if err != nil {
		return registrar.Operation{}, err
	}

	rep, err := r.call(ctx, "SW_REGISTER", a, codeQueued)
	if err != nil {
		return registrar.Operation{}, r.registerError(ctx, typ, attrs.Domain, err)
	}

	now := r.cfg.Clock.Now()
	op := registrar.Operation{
		ID:        opID{typ: typ, ref: orderID(rep.Attributes), domain: attrs.Domain}.String(),
		Domain:    attrs.Domain,
		Type:      typ,
		Status:    registrar.OpInProgress,
		Message:   rep.Text,
		Submitted: now,
		Updated:   now,
	}

	switch {
	case pended(rep.Attributes):
		op.Status = registrar.OpActionRequired
		op.Flag = "FORCED_PENDING"
		op.Message = "OpenSRS pended the order (often insufficient funds): " + rep.Text
	case rep.Code == codeQueued:
		op.Flag = "QUEUED_AT_REGISTRY"
	case typ == registrar.OpRegister:
		op.Status = registrar.OpSucceeded
	}
	return op, nil
}

// registerError tells the two meanings of code 485 apart: the domain is
// already in this account (a duplicate of our own request) or someone
// else holds it (unavailable).
func (r *Registrar) registerError(
	ctx context.Context, typ registrar.OperationType, domain string, err error,
) error {
	var e *registrar.Error
	if typ != registrar.OpRegister || !errors.As(err, &e) || e.Code != "485" {
		return err
	}

	_, infoErr := r.allInfo(ctx, domain)
	if registrar.IsKind(infoErr, registrar.KindNotFound) {
		out := *e
		out.Kind = registrar.KindUnavailable
		return &out
	}
	return err
}

// orderID returns the order id of an SW_REGISTER or RENEW reply.
func orderID(attrs ops.Assoc) string {
	for _, k := range []string{"id", "order_id"} {
		if v := strings.TrimSpace(attrs.Text(k)); v != "" {
			return v
		}
	}
	return ""
}

func pended(attrs ops.Assoc) bool {
	v := strings.TrimSpace(attrs.Text("forced_pending"))
	return v != "" && v != "0"
}

func toContact(c registrar.Contact) contact {
	org := c.Organization
	if org == "" {
		// Limitation: OpenSRS requires org_name; an individual's name
		// stands in for it, as OpenSRS's own forms do.
		org = strings.TrimSpace(c.FirstName + " " + c.LastName)
	}
	return contact{
		FirstName: c.FirstName, LastName: c.LastName, OrgName: org,
		Email: c.Email, Phone: c.Phone,
		Address1: c.Address1, Address2: c.Address2,
		City: c.City, State: c.State, PostalCode: c.PostalCode,
		Country: strings.ToUpper(c.Country),
	}
}

func nameserverList(nameservers []string) []nameserverEntry {
	out := make([]nameserverEntry, 0, len(nameservers))
	for i, ns := range nameservers {
		out = append(out, nameserverEntry{Name: strings.TrimSuffix(ns, "."), SortOrder: i + 1})
	}
	return out
}

// profileCredentials derives the domain's reg_username (3–20 letters and
// digits) and reg_password (20 characters) from the profile secret, so a
// retried registration sends the same profile.
func (r *Registrar) profileCredentials(domain string) (user, pass string) {
	mac := func(label string) []byte {
		h := hmac.New(sha256.New, []byte(r.cfg.ProfileSecret))
		h.Write([]byte(label + ":" + domain))
		return h.Sum(nil)
	}

	user = "pe" + hex.EncodeToString(mac("reg_username"))[:16]
	pass = base64.RawURLEncoding.EncodeToString(mac("reg_password"))[:20]
	return user, pass
}

// CheckTransferability asks CHECK_TRANSFER whether the domain can move to
// this account.
//
// Limitation: CHECK_TRANSFER does not take the auth code, so a wrong code
// is only found when the transfer itself fails.
func (r *Registrar) CheckTransferability(
	ctx context.Context, domain, _ string,
) (registrar.Transferability, error) {
	rep, err := r.call(ctx, "CHECK_TRANSFER", ops.Assoc{"domain": ops.Str(domain)})
	if err != nil {
		return registrar.Transferability{}, err
	}

	t := registrar.Transferability{
		Transferable: rep.Attributes.Flag("transferable"),
		Raw:          rep.Attributes.Text("transferable") + " " + rep.Attributes.Text("reason"),
	}
	if !t.Transferable {
		t.Reason = rep.Attributes.Text("reason")
		if t.Reason == "" {
			t.Reason = "OpenSRS says the domain cannot be transferred now"
		}
	}
	return t, nil
}
