package opensrs

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

const (
	fakeUser = "reseller1"
	fakeKey  = "0123456789abcdef-private-key"
)

// fakeDomain is a domain held in the fake reseller account.
type fakeDomain struct {
	name      string
	created   time.Time
	expires   time.Time
	autoRenew bool
	locked    bool
	privacy   bool
	ns        []string
	authCode  string
}

type fakeOrder struct {
	id      string
	domain  string
	typ     string // new, transfer, renewal
	status  string
	created time.Time
}

type fakeRequest struct {
	action string
	attrs  ops.Assoc
}

type fakeFailure struct {
	code  int
	text  string
	times int // 0: every time
}

// fakeOpenSRS speaks the OPS protocol: it checks X-Username and
// X-Signature on every request, decodes the envelope with our decoder,
// dispatches on action and keeps a small stateful account.
type fakeOpenSRS struct {
	t *testing.T

	mu          sync.Mutex
	key         string
	domains     map[string]*fakeDomain
	taken       map[string]bool
	premium     map[string]string // domain → price
	prices      map[string]string // "tld:reg_type:period" → price
	asyncTLDs   map[string]bool   // SW_REGISTER answers 250
	orders      map[string]*fakeOrder
	transfers   map[string]string // domain → CHECK_TRANSFER status
	lastRenew   map[string]int    // domain → currentexpirationyear renewed from
	failures    map[string]*fakeFailure
	httpStatus  int
	requests    []fakeRequest
	bodies      [][]byte
	nextOrderID int
	now         time.Time
	// gate, when set, runs before a request takes the fake's lock, so a
	// test can hold requests in flight.
	gate func()
}

func newFake(t *testing.T) (*fakeOpenSRS, *httptest.Server) {
	t.Helper()

	f := &fakeOpenSRS{
		t:           t,
		key:         fakeKey,
		domains:     map[string]*fakeDomain{},
		taken:       map[string]bool{},
		premium:     map[string]string{},
		prices:      map[string]string{},
		asyncTLDs:   map[string]bool{},
		orders:      map[string]*fakeOrder{},
		transfers:   map[string]string{},
		lastRenew:   map[string]int{},
		failures:    map[string]*fakeFailure{},
		nextOrderID: 3000000,
		now:         time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC),
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

// fail makes the next times calls of action answer code (0: always).
func (f *fakeOpenSRS) fail(action string, code int, text string, times int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures[action] = &fakeFailure{code: code, text: text, times: times}
}

func (f *fakeOpenSRS) addDomain(d *fakeDomain) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.domains[d.name] = d
}

func (f *fakeOpenSRS) calls(action string) []ops.Assoc {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []ops.Assoc
	for _, r := range f.requests {
		if r.action == action {
			out = append(out, r.attrs)
		}
	}
	return out
}

func (f *fakeOpenSRS) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		f.t.Errorf("fake: read body: %v", err)
		return
	}
	if f.gate != nil {
		f.gate()
	}

	f.mu.Lock()
	defer f.mu.Unlock()

	if f.httpStatus != 0 {
		http.Error(w, "service unavailable", f.httpStatus)
		return
	}
	if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "text/xml" {
		f.t.Errorf("fake: %s with Content-Type %q", req.Method, req.Header.Get("Content-Type"))
	}
	if req.Header.Get("X-Username") != fakeUser ||
		req.Header.Get("X-Signature") != ops.Sign(body, f.key) {
		f.write(w, "", 415, "Authentication Error.", nil)
		return
	}

	f.bodies = append(f.bodies, body)
	data, err := ops.DecodeBytes(body)
	if err != nil {
		f.t.Errorf("fake: request does not decode: %v\n%s", err, body)
		return
	}
	f.dispatch(w, data)
}

func (f *fakeOpenSRS) dispatch(w http.ResponseWriter, data ops.Assoc) {
	action := strings.ToUpper(data.Text("action"))
	if data.Text("protocol") != "XCP" || data.Text("object") != "DOMAIN" {
		f.t.Errorf("fake: %s: protocol %q object %q", action, data.Text("protocol"),
			data.Text("object"))
	}
	attrs := data.Sub("attributes")
	f.requests = append(f.requests, fakeRequest{action: action, attrs: attrs})

	if fl := f.failures[action]; fl != nil {
		if fl.times > 0 {
			fl.times--
			if fl.times == 0 {
				delete(f.failures, action)
			}
		}
		f.write(w, action, fl.code, fl.text, nil)
		return
	}

	h, ok := f.handlers()[action]
	if !ok {
		f.write(w, action, 430, "Invalid command: "+action, nil)
		return
	}
	code, text, out := h(attrs)
	f.write(w, action, code, text, out)
}

type fakeHandler func(ops.Assoc) (int, string, ops.Assoc)

func (f *fakeOpenSRS) handlers() map[string]fakeHandler {
	return map[string]fakeHandler{
		"LOOKUP":                      f.lookup,
		"NAME_SUGGEST":                f.nameSuggest,
		"GET_PRICE":                   f.getPrice,
		"SW_REGISTER":                 f.swRegister,
		"GET":                         f.get,
		"RENEW":                       f.renew,
		"MODIFY":                      f.modify,
		"ADVANCED_UPDATE_NAMESERVERS": f.updateNS,
		"GET_DOMAINS_BY_EXPIREDATE":   f.byExpireDate,
		"GET_ORDER_INFO":              f.orderInfo,
		"GET_ORDERS_BY_DOMAIN":        f.ordersByDomain,
		"CHECK_TRANSFER":              f.checkTransfer,
	}
}

func (f *fakeOpenSRS) write(w http.ResponseWriter, action string, code int, text string,
	attrs ops.Assoc) {
	success := code < 300
	top := ops.Assoc{
		"protocol":      ops.Str("XCP"),
		"action":        ops.Str("REPLY"),
		"object":        ops.Str("DOMAIN"),
		"is_success":    ops.Bool(success),
		"response_code": ops.Int(code),
		"response_text": ops.Str(text),
	}
	if attrs != nil {
		top["attributes"] = attrs.Value()
	}

	doc, err := ops.Encode(top)
	if err != nil {
		f.t.Errorf("fake: %s: encode reply: %v", action, err)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	_, _ = w.Write(doc)
}

func (f *fakeOpenSRS) lookup(a ops.Assoc) (int, string, ops.Assoc) {
	d := a.Text("domain")
	switch {
	case strings.HasSuffix(d, ".invalidtld"):
		return 465, "Invalid domain syntax", nil
	case f.taken[d] || f.domains[d] != nil:
		return 211, "Domain taken", ops.Assoc{"status": ops.Str("taken")}
	case f.premium[d] != "":
		return 210, "Domain available", ops.Assoc{
			"status": ops.Str("available"), "reason": ops.Str("Registry Premium"),
		}
	}
	return 210, "Domain available", ops.Assoc{"status": ops.Str("available")}
}

func (f *fakeOpenSRS) getPrice(a ops.Assoc) (int, string, ops.Assoc) {
	d := a.Text("domain")
	if p := f.premium[d]; p != "" {
		return 200, "Command successful", ops.Assoc{
			"price": ops.Str(p), "is_registry_premium": ops.Str("1"),
		}
	}

	key := tldOf(d) + ":" + a.Text("reg_type") + ":" + a.Text("period")
	p, ok := f.prices[key]
	if !ok {
		return 701, "TLD not serviced for " + key, nil
	}
	return 200, "Command successful", ops.Assoc{"price": ops.Str(p)}
}

func (f *fakeOpenSRS) newOrder(domain, typ, status string) *fakeOrder {
	f.nextOrderID++
	o := &fakeOrder{id: strconv.Itoa(f.nextOrderID), domain: domain, typ: typ,
		status: status, created: f.now}
	f.orders[o.id] = o
	return o
}

// swRegisterRequired are the attributes OpenSRS requires of SW_REGISTER.
var swRegisterRequired = []string{"domain", "reg_type", "period", "handle",
	"reg_username", "reg_password", "custom_nameservers", "custom_tech_contact"}

func missingRegisterAttr(a ops.Assoc) string {
	for _, k := range swRegisterRequired {
		if a.Text(k) == "" {
			return k
		}
	}
	for _, role := range []string{"owner", "admin", "billing", "tech"} {
		c := a.Sub("contact_set").Sub(role)
		for _, k := range []string{"first_name", "last_name", "org_name", "email", "phone",
			"address1", "city", "postal_code", "country"} {
			if c.Text(k) == "" {
				return "contact_set." + role + "." + k
			}
		}
	}
	return ""
}

func (f *fakeOpenSRS) swRegister(a ops.Assoc) (int, string, ops.Assoc) {
	if missing := missingRegisterAttr(a); missing != "" {
		return 460, "Missing required field: " + missing, nil
	}
	d := a.Text("domain")
	if f.domains[d] != nil {
		return 485, "Domain already exists in your account", nil
	}
	if f.taken[d] && a.Text("reg_type") == "new" {
		return 485, "Domain taken", nil
	}

	if a.Text("reg_type") == "transfer" {
		o := f.newOrder(d, "transfer", "pending")
		f.transfers[d] = "pending_owner"
		return 200, "Transfer request submitted", ops.Assoc{"id": ops.Str(o.id)}
	}

	if f.asyncTLDs[tldOf(d)] {
		o := f.newOrder(d, "new", "waiting")
		return 250, "Registration request submitted to registry", ops.Assoc{
			"id": ops.Str(o.id), "queue_request_id": ops.Str("q" + o.id),
		}
	}

	o := f.newOrder(d, "new", "completed")
	f.createDomain(d, a)
	return 200, "Domain registration successfully completed", ops.Assoc{"id": ops.Str(o.id)}
}

func (f *fakeOpenSRS) createDomain(d string, a ops.Assoc) {
	years, _ := strconv.Atoi(a.Text("period"))
	var ns []string
	for _, n := range a.List("nameserver_list") {
		ns = append(ns, n.Assoc().Text("name"))
	}
	f.domains[d] = &fakeDomain{
		name: d, created: f.now, expires: f.now.AddDate(years, 0, 0),
		locked: a.Flag("f_lock_domain"), privacy: a.Flag("f_whois_privacy"),
		autoRenew: a.Flag("auto_renew"), ns: ns, authCode: "Auth<&>" + d,
	}
}

// completeOrder finishes an order queued at an asynchronous registry.
func (f *fakeOpenSRS) completeOrder(id string, years int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.orders[id]
	o.status = "completed"
	f.domains[o.domain] = &fakeDomain{name: o.domain, created: f.now,
		expires: f.now.AddDate(years, 0, 0)}
}

func (f *fakeOpenSRS) get(a ops.Assoc) (int, string, ops.Assoc) {
	d := f.domains[a.Text("domain")]
	if d == nil {
		return 480, "Domain not found in your profile", nil
	}

	switch a.Text("type") {
	case "all_info":
		return 200, "Query successful", d.allInfo()
	case "status":
		return 200, "Query successful", ops.Assoc{"lock_state": ops.Bool(d.locked)}
	case "whois_privacy_state":
		state := "disabled"
		if d.privacy {
			state = "enabled"
		}
		return 200, "Query successful", ops.Assoc{"state": ops.Str(state)}
	case "domain_auth_info":
		return 200, "Query successful", ops.Assoc{"domain_auth_info": ops.Str(d.authCode)}
	}
	return 465, "Invalid type " + a.Text("type"), nil
}

func (d *fakeDomain) allInfo() ops.Assoc {
	ns := ops.Array{}
	for i, n := range d.ns {
		ns = append(ns, ops.Assoc{"name": ops.Str(n), "sortorder": ops.Int(i + 1),
			"ipaddress": ops.Str("")}.Value())
	}
	return ops.Assoc{
		"auto_renew":          ops.Bool(d.autoRenew),
		"expiredate":          ops.Str(d.expires.Format("2006-01-02 15:04:05")),
		"registry_expiredate": ops.Str(d.expires.Format("2006-01-02 15:04:05.000")),
		"registry_createdate": ops.Str(d.created.Format("2006-01-02 15:04:05.000")),
		"nameserver_list":     ns.Value(),
		"sponsoring_rsp":      ops.Str("1"),
	}
}

func (f *fakeOpenSRS) renew(a ops.Assoc) (int, string, ops.Assoc) {
	d := f.domains[a.Text("domain")]
	if d == nil {
		return 480, "Domain not found", nil
	}

	year, _ := strconv.Atoi(a.Text("currentexpirationyear"))
	if last, ok := f.lastRenew[d.name]; ok && last == year {
		return 555, "Domain has already been renewed", nil
	}
	if year != d.expires.Year() {
		return 541, "Expiration year does not match registry", nil
	}

	years, _ := strconv.Atoi(a.Text("period"))
	d.expires = d.expires.AddDate(years, 0, 0)
	f.lastRenew[d.name] = year
	o := f.newOrder(d.name, "renewal", "completed")
	return 200, "Command completed successfully", ops.Assoc{
		"order_id":                     ops.Str(o.id),
		"registration expiration date": ops.Str(d.expires.Format("2006-01-02 15:04:05")),
	}
}

func (f *fakeOpenSRS) modify(a ops.Assoc) (int, string, ops.Assoc) {
	d := f.domains[a.Text("domain")]
	if d == nil {
		return 480, "Domain not found", nil
	}
	if a.Text("affect_domains") != "0" {
		return 460, "affect_domains missing", nil
	}

	switch a.Text("data") {
	case "whois_privacy_state":
		d.privacy = a.Text("state") == "enable"
	case "status":
		d.locked = a.Flag("lock_state")
	case "expire_action":
		d.autoRenew = a.Flag("auto_renew")
	default:
		return 465, "Invalid data type", nil
	}
	return 200, "Modification successful", nil
}

func (f *fakeOpenSRS) updateNS(a ops.Assoc) (int, string, ops.Assoc) {
	d := f.domains[a.Text("domain")]
	if d == nil {
		return 480, "Domain not found", nil
	}
	if a.Text("op_type") != "assign" {
		return 460, "op_type must be assign", nil
	}

	d.ns = nil
	for _, n := range a.List("assign_ns") {
		d.ns = append(d.ns, n.Text())
	}
	if f.asyncTLDs[tldOf(d.name)] {
		return 250, "Request submitted to registry", nil
	}
	return 200, "Nameservers updated", nil
}

func (f *fakeOpenSRS) byExpireDate(a ops.Assoc) (int, string, ops.Assoc) {
	if a.Text("exp_from") == "" || a.Text("exp_to") == "" {
		return 460, "exp_from and exp_to are required", nil
	}
	page, _ := strconv.Atoi(a.Text("page"))
	limit, _ := strconv.Atoi(a.Text("limit"))

	names := make([]string, 0, len(f.domains))
	for n := range f.domains {
		names = append(names, n)
	}
	sort.Strings(names)

	start := min((page-1)*limit, len(names))
	end := min(start+limit, len(names))
	list := ops.Array{}
	for _, n := range names[start:end] {
		d := f.domains[n]
		list = append(list, ops.Assoc{
			"name":         ops.Str(n),
			"expiredate":   ops.Str(d.expires.Format("2006-01-02 15:04:05")),
			"f_auto_renew": ops.Str(map[bool]string{true: "Y", false: "N"}[d.autoRenew]),
			"f_let_expire": ops.Str("N"),
		}.Value())
	}

	return 200, "Command successful", ops.Assoc{
		"exp_domains": list.Value(),
		"page":        ops.Int(page),
		"total":       ops.Int(len(names)),
		"remainder":   ops.Bool(end < len(names)),
	}
}

func (f *fakeOpenSRS) orderInfo(a ops.Assoc) (int, string, ops.Assoc) {
	o := f.orders[a.Text("order_id")]
	if o == nil {
		return 480, "Order not found", nil
	}
	return 200, "Query successful", ops.Assoc{"field_hash": ops.Assoc{
		"domain":     ops.Str(o.domain),
		"status":     ops.Str(o.status),
		"reg_type":   ops.Str(o.typ),
		"order_date": ops.Str(strconv.FormatInt(o.created.Unix(), 10)),
	}.Value()}
}

func (f *fakeOpenSRS) ordersByDomain(a ops.Assoc) (int, string, ops.Assoc) {
	var list []*fakeOrder
	for _, o := range f.orders {
		if o.domain == a.Text("domain") && o.typ == a.Text("type") {
			list = append(list, o)
		}
	}
	slices.SortFunc(list, func(x, y *fakeOrder) int { return strings.Compare(x.id, y.id) })

	arr := ops.Array{}
	for _, o := range list {
		arr = append(arr, ops.Assoc{
			"id":         ops.Str(o.id),
			"order_date": ops.Str(o.created.Format("2006-01-02 15:04:05")),
			"status":     ops.Str(o.status),
			"type":       ops.Str(o.typ),
		}.Value())
	}
	return 200, "Query successful", ops.Assoc{"orders": arr.Value(), "page_size": ops.Int(40)}
}

func (f *fakeOpenSRS) checkTransfer(a ops.Assoc) (int, string, ops.Assoc) {
	d := a.Text("domain")
	if a.Flag("check_status") {
		status, ok := f.transfers[d]
		if !ok {
			return 480, "No transfer found", nil
		}
		return 200, "Query successful", ops.Assoc{"status": ops.Str(status),
			"transferable": ops.Str("0")}
	}

	if f.taken[d] {
		return 200, "Query successful", ops.Assoc{"transferable": ops.Str("1")}
	}
	return 200, "Query successful", ops.Assoc{
		"transferable": ops.Str("0"),
		"reason":       ops.Str(fmt.Sprintf("Domain %s is locked at the current registrar", d)),
	}
}

func (f *fakeOpenSRS) nameSuggest(a ops.Assoc) (int, string, ops.Assoc) {
	item := func(d, status string) ops.Value {
		return ops.Assoc{"domain": ops.Str(d), "status": ops.Str(status)}.Value()
	}
	word := a.Text("searchstring")

	return 200, "Command completed successfully", ops.Assoc{
		"lookup": ops.Assoc{
			"is_success": ops.Str("1"), "count": ops.Int(2),
			"items": ops.Array{item(word+".ca", "taken"), item(word+".shop", "available")}.Value(),
		}.Value(),
		"suggestion": ops.Assoc{
			"is_success": ops.Str("1"),
			"items": ops.Array{item("best"+word+".ca", "available"),
				item(word+".shop", "available")}.Value(),
		}.Value(),
		"premium": ops.Assoc{
			"is_success": ops.Str("1"),
			"items": ops.Array{ops.Assoc{"domain": ops.Str(word + "hq.ca"),
				"status": ops.Str("available"), "price": ops.Str("1250.00")}.Value()}.Value(),
		}.Value(),
	}
}
