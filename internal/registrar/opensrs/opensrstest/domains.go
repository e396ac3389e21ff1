package opensrstest

import (
	"slices"
	"strconv"
	"strings"

	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

func (s *Server) lookup(a ops.Assoc) (int, string, ops.Assoc) {
	d := strings.ToLower(a.Text("domain"))
	switch {
	case !strings.Contains(d, "."):
		return 465, "Invalid domain syntax", nil
	case s.taken[d] || s.domains[d] != nil || s.pending(d):
		return 211, "Domain taken", ops.Assoc{"status": ops.Str("taken")}
	case s.premium[d] != "":
		return 210, "Domain available", ops.Assoc{
			"status": ops.Str("available"), "reason": ops.Str("Registry Premium"),
		}
	case !s.sells(tldOf(d)):
		return 465, "Domain not serviced: " + tldOf(d), nil
	}
	return 210, "Domain available", ops.Assoc{"status": ops.Str("available")}
}

// pending reports whether a registration of d waits at its registry.
func (s *Server) pending(d string) bool {
	for _, o := range s.orders {
		if o.Domain == d && o.Type == "new" && o.Status == "waiting" {
			return true
		}
	}
	return false
}

func (s *Server) sells(tld string) bool {
	_, ok := s.prices[tld+":new:1"]
	return ok
}

func (s *Server) getPrice(a ops.Assoc) (int, string, ops.Assoc) {
	d := strings.ToLower(a.Text("domain"))
	if p := s.premium[d]; p != "" {
		return 200, "Command successful", ops.Assoc{
			"price": ops.Str(p), "is_registry_premium": ops.Str("1"),
		}
	}

	key := tldOf(d) + ":" + a.Text("reg_type") + ":" + a.Text("period")
	p, ok := s.prices[key]
	if !ok {
		return 701, "TLD not serviced for " + key, nil
	}
	return 200, "Command successful", ops.Assoc{"price": ops.Str(p)}
}

func (s *Server) newOrder(domain, typ, status string, period int, attrs ops.Assoc) *Order {
	s.nextOrder++
	o := &Order{ID: strconv.Itoa(s.nextOrder), Domain: domain, Type: typ, Status: status,
		Period: period, Created: s.now(), attrs: attrs}
	s.orders[o.ID] = o
	return o
}

func (s *Server) sortedOrders() []*Order {
	out := make([]*Order, 0, len(s.orders))
	for _, o := range s.orders {
		out = append(out, o)
	}
	slices.SortFunc(out, func(x, y *Order) int { return strings.Compare(x.ID, y.ID) })
	return out
}

// registerRequired are the attributes OpenSRS requires of SW_REGISTER.
var registerRequired = []string{"domain", "reg_type", "period", "handle",
	"reg_username", "reg_password", "custom_nameservers", "custom_tech_contact"}

// contactRequired are the fields every contact of the contact_set needs.
var contactRequired = []string{"first_name", "last_name", "org_name", "email", "phone",
	"address1", "city", "postal_code", "country"}

func missingRegisterAttr(a ops.Assoc) string {
	for _, k := range registerRequired {
		if a.Text(k) == "" {
			return k
		}
	}
	for _, role := range []string{"owner", "admin", "billing", "tech"} {
		c := a.Sub("contact_set").Sub(role)
		for _, k := range contactRequired {
			if c.Text(k) == "" {
				return "contact_set." + role + "." + k
			}
		}
	}
	return ""
}

func (s *Server) swRegister(a ops.Assoc) (int, string, ops.Assoc) {
	if missing := missingRegisterAttr(a); missing != "" {
		return 460, "Missing required field: " + missing, nil
	}
	d := strings.ToLower(a.Text("domain"))
	period, err := strconv.Atoi(a.Text("period"))
	if err != nil || period < 1 || period > 10 {
		return 465, "Invalid period", nil
	}
	if s.domains[d] != nil || s.pending(d) {
		return 485, "Domain already exists in your account", nil
	}

	if a.Text("reg_type") == "transfer" {
		o := s.newOrder(d, "transfer", "pending", period, a)
		s.transfers[d] = "pending_owner"
		return 200, "Transfer request submitted", ops.Assoc{"id": ops.Str(o.ID)}
	}
	if s.taken[d] || !s.sells(tldOf(d)) {
		return 485, "Domain taken", nil
	}

	if s.queued[tldOf(d)] {
		o := s.newOrder(d, "new", "waiting", period, a)
		return 250, "Registration request submitted to registry", ops.Assoc{
			"id": ops.Str(o.ID), "queue_request_id": ops.Str("q" + o.ID),
		}
	}

	o := s.newOrder(d, "new", "completed", period, a)
	s.createDomain(d, a)
	return 200, "Domain registration successfully completed", ops.Assoc{"id": ops.Str(o.ID)}
}

func (s *Server) createDomain(d string, a ops.Assoc) {
	years, _ := strconv.Atoi(a.Text("period"))
	var ns []string
	for _, n := range a.List("nameserver_list") {
		ns = append(ns, n.Assoc().Text("name"))
	}
	now := s.now()
	s.domains[d] = &Domain{
		Name: d, Created: now, Expires: now.AddDate(years, 0, 0),
		Locked: a.Flag("f_lock_domain"), Privacy: a.Flag("f_whois_privacy"),
		AutoRenew: a.Flag("auto_renew"), Nameservers: ns, AuthCode: "Auth<&>" + d,
		Owner: a.Sub("contact_set").Sub("owner").Text("email"),
	}
}

func (s *Server) get(a ops.Assoc) (int, string, ops.Assoc) {
	d := s.domains[strings.ToLower(a.Text("domain"))]
	if d == nil {
		return 480, "Domain not found in your profile", nil
	}

	switch a.Text("type") {
	case "all_info":
		return 200, "Query successful", d.allInfo()
	case "status":
		return 200, "Query successful", ops.Assoc{"lock_state": ops.Bool(d.Locked)}
	case "whois_privacy_state":
		state := "disabled"
		if d.Privacy {
			state = "enabled"
		}
		return 200, "Query successful", ops.Assoc{"state": ops.Str(state)}
	case "domain_auth_info":
		return 200, "Query successful", ops.Assoc{"domain_auth_info": ops.Str(d.AuthCode)}
	}
	return 465, "Invalid type " + a.Text("type"), nil
}

func (d *Domain) allInfo() ops.Assoc {
	ns := ops.Array{}
	for i, n := range d.Nameservers {
		ns = append(ns, ops.Assoc{"name": ops.Str(n), "sortorder": ops.Int(i + 1),
			"ipaddress": ops.Str("")}.Value())
	}
	return ops.Assoc{
		"auto_renew":          ops.Bool(d.AutoRenew),
		"expiredate":          ops.Str(d.Expires.Format("2006-01-02 15:04:05")),
		"registry_expiredate": ops.Str(d.Expires.Format("2006-01-02 15:04:05.000")),
		"registry_createdate": ops.Str(d.Created.Format("2006-01-02 15:04:05.000")),
		"nameserver_list":     ns.Value(),
		"sponsoring_rsp":      ops.Str("1"),
	}
}

func (s *Server) renew(a ops.Assoc) (int, string, ops.Assoc) {
	d := s.domains[strings.ToLower(a.Text("domain"))]
	if d == nil {
		return 480, "Domain not found", nil
	}

	year, _ := strconv.Atoi(a.Text("currentexpirationyear"))
	if last, ok := s.lastRenew[d.Name]; ok && last == year {
		return 555, "Domain has already been renewed", nil
	}
	if year != d.Expires.Year() {
		return 541, "Expiration year does not match registry", nil
	}

	years, _ := strconv.Atoi(a.Text("period"))
	d.Expires = d.Expires.AddDate(years, 0, 0)
	s.lastRenew[d.Name] = year
	o := s.newOrder(d.Name, "renewal", "completed", years, a)
	return 200, "Command completed successfully", ops.Assoc{
		"order_id":                     ops.Str(o.ID),
		"registration expiration date": ops.Str(d.Expires.Format("2006-01-02 15:04:05")),
	}
}

func (s *Server) modify(a ops.Assoc) (int, string, ops.Assoc) {
	d := s.domains[strings.ToLower(a.Text("domain"))]
	if d == nil {
		return 480, "Domain not found", nil
	}
	if a.Text("affect_domains") != "0" {
		return 460, "affect_domains missing", nil
	}

	switch a.Text("data") {
	case "whois_privacy_state":
		d.Privacy = a.Text("state") == "enable"
	case "status":
		d.Locked = a.Flag("lock_state")
	case "expire_action":
		d.AutoRenew = a.Flag("auto_renew")
	default:
		return 465, "Invalid data type", nil
	}
	return 200, "Modification successful", nil
}

func (s *Server) updateNS(a ops.Assoc) (int, string, ops.Assoc) {
	d := s.domains[strings.ToLower(a.Text("domain"))]
	if d == nil {
		return 480, "Domain not found", nil
	}
	if a.Text("op_type") != "assign" {
		return 460, "op_type must be assign", nil
	}

	d.Nameservers = nil
	for _, n := range a.List("assign_ns") {
		d.Nameservers = append(d.Nameservers, n.Text())
	}
	if s.queued[tldOf(d.Name)] {
		return 250, "Request submitted to registry", nil
	}
	return 200, "Nameservers updated", nil
}
