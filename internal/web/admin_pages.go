package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

func init() {
	extraPages = append(extraPages, "admin_domains", "admin_domain", "admin_orders", "admin_tlds",
		"admin_settings", "admin_clients", "admin_audit", "admin_outbox")
	extraPageRoutes = append(extraPageRoutes, func(s *Server, r chi.Router) {
		r.Use(s.requireLogin, s.requireAdminPage)
		r.Get("/admin/domains", s.adminDomainsPage)
		r.Get("/admin/domains/{domain}", s.adminDomainPage)
		r.Post("/admin/domains/{domain}/lock", s.adminLockSubmit)
		r.Post("/admin/domains/{domain}/auth-code", s.adminAuthCodeSubmit)
		r.Post("/admin/domains/{domain}/nameservers", s.adminNameserversSubmit)
		r.Get("/admin/orders", s.adminOrdersPage)
		r.Post("/admin/orders/{id}/items/{item}/retry", s.adminItemRetry)
		r.Post("/admin/orders/{id}/items/{item}/cancel", s.adminItemCancel)
		r.Get("/admin/tlds", s.adminTLDsPage)
		r.Post("/admin/tlds/{tld}", s.adminTLDSubmit)
		r.Get("/admin/settings", s.adminSettingsPage)
		r.Post("/admin/settings", s.adminSettingsSubmit)
		r.Get("/admin/clients", s.adminClientsPage)
		r.Post("/admin/clients", s.adminClientCreate)
		r.Get("/admin/audit", s.adminAuditPage)
		r.Get("/admin/outbox", s.adminOutboxPage)
	})
}

// pageMessage is what a person is told about a failed action.
func pageMessage(err error) string {
	if fe, ok := validate.As(err); ok {
		return fe.Message
	}
	return "a provider or the database did not answer; try again in a moment"
}

// searchTerm turns a search box entry into the A-label form names are
// stored in ("bücher" finds "xn--bcher-kva.de").
//
// Limitation: a Unicode entry is matched as whole labels (its A-label),
// not as any fragment: the Punycode of a fragment is not a fragment of the
// name's Punycode, and names are stored as A-labels only.
func searchTerm(q string) string {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return ""
	}
	if ascii, err := domainname.Normalize(q); err == nil {
		return ascii
	}
	return q
}

func optBool(v string) *bool {
	switch v {
	case "on", "true", "yes":
		b := true
		return &b
	case "off", "false", "no":
		b := false
		return &b
	}
	return nil
}

// domainListData is the admin domain list with its filters and next page.
type domainListData struct {
	Query      url.Values
	Domains    []store.Domain
	Clients    []store.User
	Registrars []string
	Statuses   []string
	Next       string
}

// domainFilterOf reads the list's filters from the query string.
func (s *Server) domainFilterOf(q url.Values) store.AdminDomainFilter {
	f := store.AdminDomainFilter{Search: searchTerm(q.Get("q")), Status: q.Get("status"),
		Registrar: q.Get("registrar"), TLD: strings.Trim(strings.ToLower(q.Get("tld")), ". "),
		ClientID: q.Get("client"), Unassigned: q.Get("unassigned") == "true",
		Privacy: optBool(q.Get("privacy")), AutoRenew: optBool(q.Get("auto_renew")),
		After: q.Get("after"), Limit: 50}
	if n, err := strconv.Atoi(q.Get("expiring")); err == nil && n > 0 {
		now := s.Clock.Now().UTC()
		f.ExpiresAfter, f.ExpiresBefore = now, now.AddDate(0, 0, n)
	}
	return f
}

func (s *Server) adminDomainsPage(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	q := r.URL.Query()
	f := s.domainFilterOf(q)
	domains, err := s.Store.AdminDomains(r.Context(), id.Tenant.ID, f)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	clients, err := s.Store.Clients(r.Context(), id.Tenant.ID)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	data := domainListData{Query: q, Domains: domains, Clients: clients,
		Registrars: registrarNames(s.Registrars), Statuses: []string{store.DomainPending,
			store.DomainActive, store.DomainTransferring, store.DomainExpired,
			store.DomainRedemption, store.DomainGone}}
	if len(domains) == f.Limit {
		next := url.Values{}
		for k, v := range q {
			next[k] = v
		}
		next.Set("after", domains[len(domains)-1].Name)
		data.Next = "/admin/domains?" + next.Encode()
	}
	s.render(w, r, http.StatusOK, "admin_domains", pageData{Title: "Domains", Data: data})
}

// timelineEntry is one date in a domain's life.
type timelineEntry struct {
	Label string
	At    time.Time
	Note  string
}

// adminDomainData is the admin's view of one domain.
type adminDomainData struct {
	Domain  store.Domain
	Privacy jsonPrivacy
	// Held says the registrar holds the domain for us, so its settings
	// can change; HeldWhy says why not.
	Held    bool
	HeldWhy string
	// Transfer is the transfer in, while it runs or when it failed.
	Transfer  *adminTransfer
	LockOK    bool
	LockWhy   string
	CodeOK    bool
	CodeWhy   string
	AuthCode  string
	Pending   []string
	Timeline  []timelineEntry
	Audit     []store.AuditEntry
	Reminders []store.OutboxMessage
	Ops       []store.DomainOperation
	Clients   []store.User
}

func (s *Server) adminDomainPage(w http.ResponseWriter, r *http.Request) {
	s.renderAdminDomain(w, r, "")
}

func (s *Server) renderAdminDomain(w http.ResponseWriter, r *http.Request, code string) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	data, err := s.adminDomainData(r, id, d)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	data.AuthCode = code
	s.render(w, r, http.StatusOK, "admin_domain", pageData{Title: domainname.ToUnicode(d.Name), Data: data})
}

func (s *Server) adminDomainData(r *http.Request, id identity, d store.Domain) (adminDomainData, error) {
	ctx := r.Context()
	data := adminDomainData{Domain: d, Privacy: s.privacyOf(r, d), Pending: s.pendingKinds(ctx, d)}
	data.Held, data.HeldWhy = s.heldOf(r, d)
	data.LockOK, data.LockWhy = s.lockOf(r, d)
	data.CodeOK, data.CodeWhy = s.authCodeOf(r, d)
	it, ok := s.originItem(r, d)
	data.Transfer = adminTransferOf(it, ok)
	if w := underWay(it, data.Transfer); w != "" {
		data.Pending = append([]string{w}, data.Pending...)
	}
	data.Timeline = s.timeline(r, d, it, ok)
	var err error
	if data.Audit, err = s.Store.AuditOf(ctx, id.Tenant.ID, d.Name, 50); err != nil {
		return data, err
	}
	if data.Reminders, err = s.Store.Outbox(ctx, id.Tenant.ID, d.Name, 20); err != nil {
		return data, err
	}
	if data.Ops, err = s.Store.DomainOperations(ctx, d.ID, 20); err != nil {
		return data, err
	}
	data.Clients, err = s.Store.Clients(ctx, id.Tenant.ID)
	return data, err
}

// transferLockDays is the ICANN lock on transfers after a registration or
// an inbound transfer.
const transferLockDays = 60

// timeline lists the domain's dates that happened or are due: ordered,
// registered or transferred in (or failed), transfer lock end, expiry, and
// the end of the late-renewal and restoration windows of its TLD (from the
// registrar's price list). A domain not yet ours has no expiry here.
func (s *Server) timeline(r *http.Request, d store.Domain, it store.Item, ok bool) []timelineEntry {
	out := originEntries(d, it, ok)
	if d.ExpiresAt.IsZero() || d.Status == store.DomainPending || d.Status == store.DomainTransferring {
		return out
	}
	out = append(out, timelineEntry{Label: "Expires", At: d.ExpiresAt})
	price, err := s.Store.Price(r.Context(), d.Registrar, d.TLD)
	if err != nil {
		return out
	}
	grace := d.ExpiresAt.AddDate(0, 0, price.LateRenewDays)
	if price.LateRenewDays > 0 {
		out = append(out, timelineEntry{Label: "Late-renewal grace ends", At: grace,
			Note: strconv.Itoa(price.LateRenewDays) + " days after expiry"})
	}
	if price.RestoreDays > 0 {
		out = append(out, timelineEntry{Label: "Restoration ends", At: grace.AddDate(0, 0, price.RestoreDays),
			Note: strconv.Itoa(price.RestoreDays) + " days of redemption, at the restoration fee"})
	}
	return out
}

func (s *Server) adminLockSubmit(w http.ResponseWriter, r *http.Request) {
	on := r.PostFormValue("enabled") == "true"
	s.adminDomainAction(w, r, "transfer_lock", boolWord(on), func(d store.Domain) (store.Domain, bool, error) {
		return s.setLock(r, d, on)
	})
}

func (s *Server) adminNameserversSubmit(w http.ResponseWriter, r *http.Request) {
	ns := strings.Fields(strings.NewReplacer(",", " ").Replace(r.PostFormValue("nameservers")))
	s.adminDomainAction(w, r, "nameservers", strings.Join(ns, ", "), func(d store.Domain) (store.Domain, bool, error) {
		return s.setNameservers(r, d, ns)
	})
}

// adminDomainAction runs a registrar change from the domain page and comes
// back to it with what happened.
func (s *Server) adminDomainAction(w http.ResponseWriter, r *http.Request, action, detail string,
	do func(store.Domain) (store.Domain, bool, error)) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	d, pending, err := do(d)
	switch {
	case err != nil:
		s.flash(r, "Not changed: "+pageMessage(err))
	case pending:
		s.flash(r, "The registrar is still working on it; the change shows as pending.")
	default:
		s.flash(r, "Done; the page shows what the registrar holds now.")
	}
	if err == nil {
		_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, action, d.Name, detail)
	}
	http.Redirect(w, r, "/admin/domains/"+d.Name, http.StatusSeeOther)
}

// adminAuthCodeSubmit shows the auth code once, on this answer only.
func (s *Server) adminAuthCodeSubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	code, err := s.authCode(r, id, d)
	if err != nil {
		s.flash(r, "No auth code: "+pageMessage(err))
		http.Redirect(w, r, "/admin/domains/"+d.Name, http.StatusSeeOther)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.renderAdminDomain(w, r, code)
}

// adminOrdersData is the order list with its filters.
type adminOrdersData struct {
	Orders   []store.Order
	Status   string
	ClientID string
	Clients  []store.User
}

func (s *Server) adminOrdersPage(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	q := r.URL.Query()
	data := adminOrdersData{Status: q.Get("status"), ClientID: q.Get("client")}
	orders, err := s.Store.Orders(r.Context(), id.Tenant.ID, data.ClientID, 200)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	for _, o := range orders {
		if data.Status == "" || o.Status == data.Status {
			data.Orders = append(data.Orders, o)
		}
	}
	if err := s.withHistory(r, data.Orders); err != nil {
		s.pageFail(w, r, err)
		return
	}
	if data.Clients, err = s.Store.Clients(r.Context(), id.Tenant.ID); err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_orders", pageData{Title: "Orders", Data: data})
}

// withHistory reads each order again with its items' state history and
// its payments.
func (s *Server) withHistory(r *http.Request, orders []store.Order) error {
	for i, o := range orders {
		full, err := s.Store.Order(r.Context(), o.TenantID, "", o.ID)
		if err != nil {
			return err
		}
		orders[i] = full
	}
	return nil
}

func (s *Server) adminAuditPage(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	entries, err := s.Store.AuditLog(r.Context(), id.Tenant.ID, 500)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_audit", pageData{Title: "Audit log", Data: entries})
}

func (s *Server) adminOutboxPage(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	msgs, err := s.Store.Outbox(r.Context(), id.Tenant.ID, "", 500)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	for i := range msgs {
		msgs[i].Body = hideResetTokens(msgs[i].Body)
	}
	s.render(w, r, http.StatusOK, "admin_outbox", pageData{Title: "Outbox", Data: msgs})
}

func (s *Server) adminClientsPage(w http.ResponseWriter, r *http.Request) {
	s.renderClients(w, r, http.StatusOK, pageData{})
}

func (s *Server) renderClients(w http.ResponseWriter, r *http.Request, status int, pd pageData) {
	id := mustIdentity(r)
	clients, err := s.Store.Clients(r.Context(), id.Tenant.ID)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	pd.Title, pd.Data = "Clients", clients
	s.render(w, r, status, "admin_clients", pd)
}

func (s *Server) adminClientCreate(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	form := map[string]string{"email": r.PostFormValue("email"), "name": r.PostFormValue("name"),
		"currency": r.PostFormValue("currency")}
	u, err := s.createUser(r, id.Tenant, form["email"], form["name"], r.PostFormValue("password"),
		store.RoleClient, form["currency"])
	if fe, ok := validate.As(err); ok {
		s.renderClients(w, r, http.StatusUnprocessableEntity, pageData{Form: form,
			Errors: map[string]string{fe.Field: fe.Message}})
		return
	}
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "client_create", u.ID, u.Email)
	s.flash(r, "Client "+u.Name+" was created.")
	http.Redirect(w, r, "/admin/clients", http.StatusSeeOther)
}

// adminNavHTML links the admin pages; every admin template shows it.
const adminNavHTML = `<nav aria-label="Admin" class="admin-nav"><ul>
<li><a href="/admin">Dashboard</a></li><li><a href="/admin/domains">Domains</a></li>
<li><a href="/admin/orders">Orders</a></li><li><a href="/admin/tlds">TLDs and markups</a></li>
<li><a href="/admin/settings">Settings</a></li><li><a href="/admin/clients">Clients</a></li>
<li><a href="/admin/audit">Audit log</a></li><li><a href="/admin/outbox">Outbox</a></li>
<li><a href="/admin/jobs/">Jobs</a></li></ul></nav>`

func init() {
	funcs["adminNav"] = func() template.HTML { return template.HTML(adminNavHTML) }
	funcs["minor"] = func(amount int64, currency string) string { return money.New(amount, currency).String() }
}
