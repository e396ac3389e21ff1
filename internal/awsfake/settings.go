package awsfake

import (
	"maps"
	"strings"
)

// updateNameservers sets the delegation; Route 53 answers an operation
// that the fake completes at once.
func (f *Fake) updateNameservers(in obj) (int, obj) {
	d, status, out := f.owned(in)
	if d == nil {
		return status, out
	}

	list, _ := in["Nameservers"].([]any)
	var ns []string
	for _, n := range list {
		m, _ := n.(map[string]any)
		if name := strings.ToLower(str(m, "Name")); name != "" {
			ns = append(ns, name)
		}
	}
	if len(ns) < 2 {
		return invalidInput("Nameservers must hold at least two name servers")
	}

	op := f.start("UpdateDomainNameservers", d.Name, TypeNameserver, func(*Fake) { d.Nameservers = ns }, true)
	return 200, obj{"OperationId": op.ID}
}

// enableAutoRenew and disableAutoRenew are synchronous and answer {}.
func (f *Fake) enableAutoRenew(in obj) (int, obj) { return f.setAutoRenew(in, true) }

func (f *Fake) disableAutoRenew(in obj) (int, obj) { return f.setAutoRenew(in, false) }

func (f *Fake) setAutoRenew(in obj, on bool) (int, obj) {
	d, status, out := f.owned(in)
	if d == nil {
		return status, out
	}
	d.AutoRenew = on
	if on {
		f.accept("EnableDomainAutoRenew")
	} else {
		f.accept("DisableDomainAutoRenew")
	}
	return 200, obj{}
}

// updatePrivacy takes the flags of the four contacts; the fake keeps one
// flag, the registrant's.
func (f *Fake) updatePrivacy(in obj) (int, obj) {
	d, status, out := f.owned(in)
	if d == nil {
		return status, out
	}

	on, given := in["RegistrantPrivacy"].(bool)
	if !given {
		return invalidInput("RegistrantPrivacy is required")
	}
	op := f.start("UpdateDomainContactPrivacy", d.Name, TypePrivacy, func(*Fake) { d.Privacy = on }, true)
	return 200, obj{"OperationId": op.ID}
}

func (f *Fake) enableLock(in obj) (int, obj) {
	return f.setLock("EnableDomainTransferLock", in, true)
}

func (f *Fake) disableLock(in obj) (int, obj) {
	return f.setLock("DisableDomainTransferLock", in, false)
}

func (f *Fake) setLock(request string, in obj, on bool) (int, obj) {
	d, status, out := f.owned(in)
	if d == nil {
		return status, out
	}
	op := f.start(request, d.Name, TypeLock, func(*Fake) { d.Locked = on }, true)
	return 200, obj{"OperationId": op.ID}
}

func (f *Fake) retrieveAuthCode(in obj) (int, obj) {
	d, status, out := f.owned(in)
	if d == nil {
		return status, out
	}
	return 200, obj{"AuthCode": d.AuthCode}
}

// contactRoles are the four contacts of a domain, as the API names them.
var contactRoles = []string{"RegistrantContact", "AdminContact", "TechContact", "BillingContact"}

// updateContact replaces the contacts given; Route 53 answers an operation
// and leaves every privacy flag as it was.
func (f *Fake) updateContact(in obj) (int, obj) {
	d, status, out := f.owned(in)
	if d == nil {
		return status, out
	}

	given := map[string]map[string]any{}
	for _, role := range contactRoles {
		c, ok := in[role].(map[string]any)
		if !ok {
			continue
		}
		if str(c, "FirstName") == "" || str(c, "Email") == "" || str(c, "CountryCode") == "" {
			return invalidInput(role + " is missing FirstName, Email or CountryCode")
		}
		given[role] = c
	}
	if len(given) == 0 {
		return invalidInput("at least one contact is required")
	}

	op := f.start("UpdateDomainContact", d.Name, TypeContact, func(*Fake) {
		if d.Contacts == nil {
			d.Contacts = map[string]map[string]any{}
		}
		maps.Copy(d.Contacts, given)
	}, true)
	return 200, obj{"OperationId": op.ID}
}
