package awsfake

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
)

// Domain is what the fake holds of a domain in the account.
type Domain struct {
	Name        string
	Created     time.Time
	Expires     time.Time
	AutoRenew   bool
	Locked      bool
	Privacy     bool
	Nameservers []string
	AuthCode    string
	// Contacts holds the contacts UpdateDomainContact last set, by role
	// ("RegistrantContact", "AdminContact", "TechContact", "BillingContact").
	Contacts map[string]map[string]any
}

type domain = Domain

// Domain returns a copy of a domain in the account.
func (f *Fake) Domain(name string) (Domain, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()

	d, ok := f.domains[strings.ToLower(name)]
	if !ok {
		return Domain{}, false
	}
	c := *d
	c.Nameservers = slices.Clone(d.Nameservers)
	c.Contacts = maps.Clone(d.Contacts)
	return c, true
}

// AddDomain puts a domain in the account, as if registered long ago.
func (f *Fake) AddDomain(d Domain) {
	f.mu.Lock()
	defer f.mu.Unlock()

	d.Name = strings.ToLower(d.Name)
	f.domains[d.Name] = &d
}

func (f *Fake) price(tld string) (Price, bool) {
	for _, p := range f.cfg.Prices {
		if p.TLD == tld {
			return p, true
		}
	}
	return Price{}, false
}

func (f *Fake) taken(name string) bool {
	return slices.Contains(f.cfg.Taken, name)
}

func (f *Fake) checkAvailability(in obj) (int, obj) {
	name := domainName(in)
	if p, ok := f.price(tldOf(name)); !ok || p.Registration == "" {
		return 400, jsonError("UnsupportedTLD", "Amazon Route 53 does not support the top-level domain (TLD) of "+name)
	}

	answer := "AVAILABLE"
	if f.taken(name) || f.domains[name] != nil || f.inProgress(name, TypeRegister) != nil {
		answer = "UNAVAILABLE"
	}
	return 200, obj{"Availability": answer}
}

func (f *Fake) checkTransferability(in obj) (int, obj) {
	name := domainName(in)
	answer := "UNTRANSFERABLE"
	switch {
	case f.domains[name] != nil:
		answer = "DOMAIN_IN_OWN_ACCOUNT"
	case f.taken(name):
		answer = "TRANSFERABLE"
	}
	return 200, obj{"Transferability": obj{"Transferable": answer}}
}

// listPrices answers every TLD, or the one asked for, in pages.
func (f *Fake) listPrices(in obj) (int, obj) {
	var list []obj
	for _, p := range f.cfg.Prices {
		if tld := str(in, "Tld"); tld != "" && tld != p.TLD {
			continue
		}
		list = append(list, priceJSON(p))
	}

	page, next := pageOf(list, str(in, "Marker"), num(in, "MaxItems"), f.cfg.PricePage)
	out := obj{"Prices": page}
	if next != "" {
		out["NextPageMarker"] = next
	}
	return 200, out
}

// priceJSON writes the decimal strings as JSON numbers, digit for digit.
func priceJSON(p Price) obj {
	currency := p.Currency
	if currency == "" {
		currency = "USD"
	}
	out := obj{"Name": p.TLD}
	for key, v := range map[string]string{"RegistrationPrice": p.Registration, "RenewalPrice": p.Renewal,
		"TransferPrice": p.Transfer, "RestorationPrice": p.Restoration} {
		if v != "" {
			out[key] = obj{"Price": json.Number(v), "Currency": currency}
		}
	}
	return out
}

// registerDomain starts a registration and, as Route 53 does, creates the
// hosted zone of the domain at once. A second request while one is in
// progress is a DuplicateRequest.
func (f *Fake) registerDomain(in obj) (int, obj) {
	name := domainName(in)
	if status, out, bad := f.checkNew(name, in); bad {
		return status, out
	}
	if f.inProgress(name, TypeRegister) != nil {
		return 400, jsonError("DuplicateRequest", "The request is already in progress for the domain.")
	}
	if f.taken(name) || f.domains[name] != nil {
		return invalidInput(fmt.Sprintf("Domain %s is not available for registration", name))
	}

	z := f.createZone(name+".", "RegisterDomain-"+name+"-"+f.now().Format(time.RFC3339),
		"HostedZone created by Route53 Registrar", false)
	years, autoRenew, privacy := num(in, "DurationInYears"), in["AutoRenew"] != false,
		in["PrivacyProtectRegistrantContact"] != false
	op := f.start("RegisterDomain", name, TypeRegister, func(f *Fake) {
		now := f.now()
		f.domains[name] = &domain{Name: name, Created: now, Expires: now.AddDate(years, 0, 0),
			AutoRenew: autoRenew, Locked: true, Privacy: privacy, Nameservers: slices.Clone(z.nameservers),
			AuthCode: "auth-" + name}
	}, false)

	if f.lostReg {
		f.lostReg = false
		return 500, jsonError("InternalFailure", "The request processing has failed because of an unknown error.")
	}
	return 200, obj{"OperationId": op.ID}
}

// checkNew checks what RegisterDomain and TransferDomain share: the TLD,
// the years and the four contacts.
func (f *Fake) checkNew(name string, in obj) (int, obj, bool) {
	if p, ok := f.price(tldOf(name)); !ok || p.Registration == "" {
		status, out := 400, jsonError("UnsupportedTLD", "Amazon Route 53 does not support the top-level domain (TLD) of "+name)
		return status, out, true
	}
	if y := num(in, "DurationInYears"); y < 1 || y > 10 {
		status, out := invalidInput(fmt.Sprintf("DurationInYears %d is not between 1 and 10", y))
		return status, out, true
	}
	for _, role := range []string{"RegistrantContact", "AdminContact", "TechContact"} {
		c, _ := in[role].(map[string]any)
		if str(c, "FirstName") == "" || str(c, "Email") == "" || str(c, "CountryCode") == "" {
			status, out := invalidInput(role + " is missing FirstName, Email or CountryCode")
			return status, out, true
		}
	}
	return 0, nil, false
}

func (f *Fake) transferDomain(in obj) (int, obj) {
	name := domainName(in)
	if status, out, bad := f.checkNew(name, in); bad {
		return status, out
	}
	if f.inProgress(name, TypeTransferIn) != nil {
		return 400, jsonError("DuplicateRequest", "The request is already in progress for the domain.")
	}
	if !f.taken(name) {
		return invalidInput(fmt.Sprintf("Domain %s cannot be transferred", name))
	}

	years := num(in, "DurationInYears")
	var ns []string
	list, _ := in["Nameservers"].([]any)
	for _, n := range list {
		m, _ := n.(map[string]any)
		ns = append(ns, str(m, "Name"))
	}
	op := f.start("TransferDomain", name, TypeTransferIn, func(f *Fake) {
		now := f.now()
		f.domains[name] = &domain{Name: name, Created: now, Expires: now.AddDate(years, 0, 0),
			Nameservers: ns, AuthCode: "auth-" + name}
	}, false)
	op.AuthCode = str(in, "AuthCode")
	f.applyScript(op)
	return 200, obj{"OperationId": op.ID}
}

// renewDomain refuses a CurrentExpiryYear that is not the one held, so a
// replayed renewal fails.
func (f *Fake) renewDomain(in obj) (int, obj) {
	d, status, out := f.owned(in)
	if d == nil {
		return status, out
	}
	if y := num(in, "CurrentExpiryYear"); y != d.Expires.Year() {
		return invalidInput(fmt.Sprintf("CurrentExpiryYear %d does not match the expiration year of %s", y, d.Name))
	}

	years := max(num(in, "DurationInYears"), 1)
	op := f.start("RenewDomain", d.Name, TypeRenew, func(*Fake) { d.Expires = d.Expires.AddDate(years, 0, 0) }, false)
	return 200, obj{"OperationId": op.ID}
}

// owned returns the domain the request names, or the InvalidInput answer
// Route 53 gives for a domain not in the account.
func (f *Fake) owned(in obj) (*domain, int, obj) {
	name := domainName(in)
	d := f.domains[name]
	if d == nil {
		status, out := invalidInput("Domain " + name + " not found in account")
		return nil, status, out
	}
	return d, 0, nil
}

func (f *Fake) getDomainDetail(in obj) (int, obj) {
	d, status, out := f.owned(in)
	if d == nil {
		return status, out
	}

	ns := make([]obj, 0, len(d.Nameservers))
	for _, n := range d.Nameservers {
		ns = append(ns, obj{"Name": n})
	}
	statuses := []string{"clientDeleteProhibited", "clientUpdateProhibited"}
	if d.Locked {
		statuses = append(statuses, "clientTransferProhibited")
	}
	out = obj{"DomainName": d.Name, "Nameservers": ns, "AutoRenew": d.AutoRenew,
		"AdminPrivacy": d.Privacy, "RegistrantPrivacy": d.Privacy, "TechPrivacy": d.Privacy,
		"BillingPrivacy": d.Privacy,
		"CreationDate":   epoch(d.Created), "ExpirationDate": epoch(d.Expires), "StatusList": statuses}
	for _, role := range contactRoles {
		out[role] = obj{"FirstName": "Registrant", "ContactType": "PERSON", "CountryCode": "US"}
		if c, ok := d.Contacts[role]; ok {
			out[role] = c
		}
	}
	return 200, out
}

func (f *Fake) listDomains(in obj) (int, obj) {
	names := make([]string, 0, len(f.domains))
	for n := range f.domains {
		names = append(names, n)
	}
	sort.Strings(names)

	list := make([]obj, 0, len(names))
	for _, n := range names {
		d := f.domains[n]
		list = append(list, obj{"DomainName": d.Name, "AutoRenew": d.AutoRenew,
			"TransferLock": d.Locked, "Expiry": epoch(d.Expires)})
	}
	page, next := pageOf(list, str(in, "Marker"), num(in, "MaxItems"), 0)
	out := obj{"Domains": page}
	if next != "" {
		out["NextPageMarker"] = next
	}
	return 200, out
}
