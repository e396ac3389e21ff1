package namecheaptest

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

type route func(url.Values) string

// routes maps lower-case command names to their handlers; s.mu is held.
func (s *Server) routes() map[string]route {
	return map[string]route{
		"namecheap.domains.check":              s.check,
		"namecheap.users.getpricing":           s.getPricing,
		"namecheap.domains.gettldlist":         s.getTldList,
		"namecheap.domains.create":             s.create,
		"namecheap.domains.getinfo":            s.getInfo,
		"namecheap.domains.getlist":            s.getList,
		"namecheap.domains.getcontacts":        s.getContacts,
		"namecheap.domains.renew":              s.renew,
		"namecheap.domains.dns.setcustom":      s.setCustom,
		"namecheap.domains.setregistrarlock":   s.setLock,
		"namecheap.domains.getregistrarlock":   s.getLock,
		"namecheap.whoisguard.enable":          s.privacy(true),
		"namecheap.whoisguard.disable":         s.privacy(false),
		"namecheap.domains.transfer.create":    s.transferCreate,
		"namecheap.domains.transfer.getstatus": s.transferStatus,
		"namecheap.domains.transfer.getlist":   s.transferList,
	}
}

// tldOf returns the longest TLD of the price list that ends name, or "".
func tldOf(name string) string {
	best := ""
	for tld := range tldRows {
		if strings.HasSuffix(name, "."+tld) && len(tld) > len(best) {
			best = tld
		}
	}
	return best
}

func (s *Server) check(f url.Values) string {
	var b strings.Builder
	for _, d := range strings.Split(f.Get("DomainList"), ",") {
		d = strings.ToLower(strings.TrimSpace(d))
		_, held := s.domains[d]
		avail := !held && !s.Taken[d] && tldOf(d) != ""
		premium, isPremium := s.Premium[d]
		if !isPremium {
			premium = "0"
		}
		fmt.Fprintf(&b, `<DomainCheckResult Domain="%s" Available="%t" ErrorNo="0" Description=""
 IsPremiumName="%t" PremiumRegistrationPrice="%s" PremiumRenewalPrice="%s" PremiumRestorePrice="0"
 PremiumTransferPrice="0" IcannFee="0" EapFee="0.0" />`, d, avail, isPremium, premium, premium)
	}
	return okXML("namecheap.domains.check", b.String())
}

// contactFields are the fields domains.create requires for every role.
var contactFields = []string{"FirstName", "LastName", "Address1", "City", "StateProvince",
	"PostalCode", "Country", "Phone", "EmailAddress"}

func (s *Server) create(f url.Values) string {
	name := strings.ToLower(f.Get("DomainName"))
	for _, role := range []string{"Registrant", "Tech", "Admin", "AuxBilling"} {
		for _, field := range contactFields {
			if f.Get(role+field) == "" {
				return errorXML("2011166", "Parameter "+role+field+" is Missing")
			}
		}
	}
	years, err := strconv.Atoi(f.Get("Years"))
	if err != nil || years < 1 || years > 10 {
		return errorXML("2015167", "Years is invalid")
	}
	if _, held := s.domains[name]; held || s.Taken[name] || tldOf(name) == "" {
		return errorXML("3019166", "Domain not available")
	}

	now := s.Now()
	d := &Domain{Name: name, Created: now, Expires: now.AddDate(years, 0, 0),
		Privacy: f.Get("WGEnabled") == "yes", Email: f.Get("RegistrantEmailAddress")}
	if ns := f.Get("Nameservers"); ns != "" {
		d.Nameservers = strings.Split(ns, ",")
	}
	if tldRows[tldOf(name)].privacy {
		s.nextID++
		d.WhoisguardID = s.nextID
	}
	s.domains[name] = d
	return okXML("namecheap.domains.create", fmt.Sprintf(`<DomainCreateResult Domain="%s"
 Registered="true" ChargedAmount="%s" DomainID="%d" OrderID="%d" TransactionID="%d"
 WhoisguardEnable="%t" FreePositiveSSL="false" NonRealTimeDomain="false" />`,
		name, tldRows[tldOf(name)].your["REGISTER"], s.nextID, s.nextID, s.nextID, d.Privacy))
}

// held returns the named domain or an error answer.
func (s *Server) held(f url.Values, param string) (*Domain, string) {
	name := strings.ToLower(f.Get(param))
	d, ok := s.domains[name]
	if !ok {
		return nil, errorXML("2019166", "Domain not found")
	}
	return d, ""
}

func (s *Server) getInfo(f url.Values) string {
	d, fail := s.held(f, "DomainName")
	if d == nil {
		return fail
	}

	wg := "NotAlloted"
	if d.WhoisguardID != 0 {
		wg = strings.ToUpper(strconv.FormatBool(d.Privacy)[:1]) + strconv.FormatBool(d.Privacy)[1:]
	}
	var ns strings.Builder
	for _, n := range d.Nameservers {
		fmt.Fprintf(&ns, "<Nameserver>%s</Nameserver>", n)
	}
	return okXML("namecheap.domains.getInfo", fmt.Sprintf(`<DomainGetInfoResult Status="Ok" ID="1"
 DomainName="%s" OwnerName="%s" IsOwner="true" IsPremium="false">
<DomainDetails><CreatedDate>%s</CreatedDate><ExpiredDate>%s</ExpiredDate><NumYears>0</NumYears></DomainDetails>
<LockDetails /><Whoisguard Enabled="%s"><ID>%d</ID><ExpiredDate>%s</ExpiredDate>
<EmailDetails WhoisGuardEmail="x@withheldforprivacy.com" ForwardedTo="%s" /></Whoisguard>
<DnsDetails ProviderType="CUSTOM" IsUsingOurDNS="false" HostCount="0">%s</DnsDetails>
<Modificationrights All="true" /></DomainGetInfoResult>`,
		d.Name, UserName, date(d.Created), date(d.Expires), wg, d.WhoisguardID, date(d.Expires),
		d.Email, ns.String()))
}

func (s *Server) getList(f url.Values) string {
	var names []string
	for n := range s.domains {
		if strings.Contains(n, strings.ToLower(f.Get("SearchTerm"))) {
			names = append(names, n)
		}
	}
	sort.Strings(names)

	page, size := atoiOr(f.Get("Page"), 1), atoiOr(f.Get("PageSize"), 20)
	var b strings.Builder
	b.WriteString("<DomainGetListResult>")
	for i := (page - 1) * size; i < len(names) && i < page*size; i++ {
		d := s.domains[names[i]]
		wg := "DISABLED"
		if d.Privacy {
			wg = "ENABLED"
		}
		fmt.Fprintf(&b, `<Domain ID="%d" Name="%s" User="%s" Created="%s" Expires="%s" IsExpired="false"
 IsLocked="%t" AutoRenew="%t" WhoisGuard="%s" IsPremium="false" IsOurDNS="false" />`,
			i+1, d.Name, UserName, date(d.Created), date(d.Expires), d.Locked, d.AutoRenew, wg)
	}
	fmt.Fprintf(&b, "</DomainGetListResult><Paging><TotalItems>%d</TotalItems>"+
		"<CurrentPage>%d</CurrentPage><PageSize>%d</PageSize></Paging>", len(names), page, size)
	return okXML("namecheap.domains.getList", b.String())
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return def
	}
	return n
}

func (s *Server) getContacts(f url.Values) string {
	d, fail := s.held(f, "DomainName")
	if d == nil {
		return fail
	}
	return okXML("namecheap.domains.getContacts", `<DomainContactsResult Domain="`+d.Name+
		`"><Registrant ReadOnly="false"><EmailAddress>`+xmlText(d.Email)+
		`</EmailAddress></Registrant></DomainContactsResult>`)
}

func (s *Server) renew(f url.Values) string {
	d, fail := s.held(f, "DomainName")
	if d == nil {
		return fail
	}
	years := atoiOr(f.Get("Years"), 1)
	d.Expires = d.Expires.AddDate(years, 0, 0)
	return okXML("namecheap.domains.renew", fmt.Sprintf(`<DomainRenewResult DomainName="%s"
 DomainID="1" Renew="true" OrderID="1" TransactionID="1" ChargedAmount="%s">
<DomainDetails><ExpiredDate>%s</ExpiredDate><NumYears>0</NumYears></DomainDetails></DomainRenewResult>`,
		d.Name, tldRows[tldOf(d.Name)].your["RENEW"], date(d.Expires)))
}

func (s *Server) setCustom(f url.Values) string {
	name := strings.ToLower(f.Get("SLD") + "." + f.Get("TLD"))
	d, ok := s.domains[name]
	if !ok {
		return errorXML("2019166", "Domain not found")
	}
	d.Nameservers = strings.Split(f.Get("Nameservers"), ",")
	return okXML("namecheap.domains.dns.setCustom",
		`<DomainDNSSetCustomResult Domain="`+name+`" Updated="true" />`)
}

func (s *Server) setLock(f url.Values) string {
	d, fail := s.held(f, "DomainName")
	if d == nil {
		return fail
	}
	d.Locked = !strings.EqualFold(f.Get("LockAction"), "UNLOCK")
	return okXML("namecheap.domains.setRegistrarLock",
		`<DomainSetRegistrarLockResult Domain="`+d.Name+`" IsSuccess="true" />`)
}

func (s *Server) getLock(f url.Values) string {
	d, fail := s.held(f, "DomainName")
	if d == nil {
		return fail
	}
	return okXML("namecheap.domains.getRegistrarLock", fmt.Sprintf(
		`<DomainGetRegistrarLockResult Domain="%s" RegistrarLockStatus="%t" />`, d.Name, d.Locked))
}

func (s *Server) privacy(on bool) route {
	return func(f url.Values) string {
		id := atoiOr(f.Get("WhoisguardID"), 0)
		for _, d := range s.domains {
			if d.WhoisguardID != 0 && d.WhoisguardID == id {
				if on && f.Get("ForwardedToEmail") == "" {
					return errorXML("2011166", "Parameter ForwardedToEmail is Missing")
				}
				d.Privacy = on
				element := map[bool]string{true: "WhoisguardEnableResult", false: "WhoisguardDisableResult"}[on]
				return okXML("namecheap.whoisguard", `<`+element+` DomainName="`+d.Name+`" IsSuccess="true" />`)
			}
		}
		return errorXML("2019166", "Whoisguard not found")
	}
}

func (s *Server) transferCreate(f url.Values) string {
	name := strings.ToLower(f.Get("DomainName"))
	if f.Get("EPPCode") == "" {
		return errorXML("2011166", "Parameter EPPCode is Missing")
	}
	if f.Get("Years") != "1" {
		return errorXML("2015167", "Years should be 1")
	}
	if tld := tldOf(name); tld == "" || !tldRows[tld].transferable {
		return errorXML("2030280", "TLD is not supported for transfer")
	}

	s.nextID++
	t := &Transfer{ID: s.nextID, Domain: name, Status: "Processing", Created: s.Now()}
	s.transfers = append(s.transfers, t)
	return okXML("namecheap.domains.transfer.create", fmt.Sprintf(`<DomainTransferCreateResult
 DomainName="%s" Transfer="true" TransferID="%d" StatusID="-1" OrderID="%d" TransactionID="%d"
 ChargedAmount="%s" />`, name, t.ID, t.ID, t.ID, tldRows[tldOf(name)].your["TRANSFER"]))
}

func (s *Server) transferStatus(f url.Values) string {
	id := atoiOr(f.Get("TransferID"), 0)
	for _, t := range s.transfers {
		if t.ID == id {
			return okXML("namecheap.domains.transfer.getStatus", fmt.Sprintf(
				`<DomainTransferGetStatusResult TransferID="%d" Status="%s" StatusID="1" />`,
				t.ID, xmlText(t.Status)))
		}
	}
	return errorXML("2019166", "TransferID not found")
}

func (s *Server) transferList(f url.Values) string {
	var b strings.Builder
	b.WriteString("<TransferGetListResult>")
	n := 0
	for _, t := range s.transfers {
		if !strings.Contains(t.Domain, strings.ToLower(f.Get("SearchTerm"))) {
			continue
		}
		n++
		fmt.Fprintf(&b, `<Transfer ID="%d" DomainName="%s" User="%s" TransferDate="%s" OrderID="%d"
 StatusID="1" Status="%s" StatusDate="%s" StatusDescription="" />`,
			t.ID, t.Domain, UserName, date(t.Created), t.ID, xmlText(t.Status), date(s.Now()))
	}
	fmt.Fprintf(&b, "</TransferGetListResult><Paging><TotalItems>%d</TotalItems>"+
		"<CurrentPage>1</CurrentPage><PageSize>100</PageSize></Paging>", n)
	return okXML("namecheap.domains.transfer.getList", b.String())
}
