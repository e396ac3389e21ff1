package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/store"
)

type count struct {
	Label string
	Value int
}

// bar is one month of the renewals chart, laid out in SVG units.
type bar struct {
	Label        string
	Count        int
	X, Y, W, H   int
	TextX, TextY int
}

// Chart geometry of the renewals-by-month SVG.
const (
	chartWidth  = 720
	chartHeight = 200
	chartBase   = 170
	chartTop    = 20
)

type adminData struct {
	Counts       []count
	StatusCounts []store.StatusCount
	Attention    []store.Attention
	Renewals     []bar
	Revenue      []money.Money
	Orders       []store.Order
	Unassigned   []store.Domain
	Clients      []store.User
	Settings     [][2]string
}

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	data, err := s.dashboard(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin", pageData{Title: "Admin", Data: data})
}

// dashboard gathers the admin front page: figures, what needs a look, the
// renewals ahead, revenue and the recent orders.
func (s *Server) dashboard(r *http.Request, id identity) (adminData, error) {
	ctx, tenant, now := r.Context(), id.Tenant.ID, s.Clock.Now().UTC()
	data := adminData{Settings: s.Settings}
	var err error
	if data.Orders, err = s.Store.Orders(ctx, tenant, "", 20); err != nil {
		return data, err
	}
	if data.Unassigned, err = s.Store.Domains(ctx, tenant, store.DomainFilter{Unassigned: true, Limit: 50}); err != nil {
		return data, err
	}
	if data.Clients, err = s.Store.Clients(ctx, tenant); err != nil {
		return data, err
	}
	if data.StatusCounts, err = s.Store.DomainStatusCounts(ctx, tenant); err != nil {
		return data, err
	}
	if data.Attention, err = s.Store.OrdersNeedingAttention(ctx, tenant, now.AddDate(0, 0, -30),
		now.Add(-time.Hour), now.Add(24*time.Hour), 50); err != nil {
		return data, err
	}
	if data.Revenue, err = s.Store.Revenue(ctx, tenant); err != nil {
		return data, err
	}
	months, err := s.Store.RenewalsByMonth(ctx, tenant, now, 12)
	if err != nil {
		return data, err
	}
	data.Renewals = chartBars(months)

	counts, err := s.Store.Counts(ctx, tenant)
	if err != nil {
		return data, err
	}
	for _, c := range counts {
		data.Counts = append(data.Counts, count{Label: c[0].(string), Value: c[1].(int)})
	}
	return data, nil
}

// chartBars lays the months out as bars scaled to the largest month.
func chartBars(months []store.MonthCount) []bar {
	top := 1
	for _, m := range months {
		top = max(top, m.Count)
	}
	slot := chartWidth / max(len(months), 1)
	out := make([]bar, 0, len(months))
	for i, m := range months {
		h := m.Count * (chartBase - chartTop) / top
		x := i*slot + slot/6
		w := slot * 2 / 3
		out = append(out, bar{Label: m.Month.Format("Jan 2006"), Count: m.Count, X: x, W: w,
			Y: chartBase - h, H: h, TextX: x + w/2, TextY: chartBase - h - 4})
	}
	return out
}

func (s *Server) privacySubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	back := safeNext(r.PostFormValue("next"))
	if back == "/" {
		back = "/domains/" + d.Name
	}
	on := r.PostFormValue("enabled") == "true"
	d, pending, err := s.setPrivacy(r, d, on)
	switch {
	case err != nil:
		s.flash(r, "WHOIS privacy was not changed: "+pageMessage(err))
	case pending:
		s.flash(r, "The registrar is still changing WHOIS privacy; the page shows it as pending until it is done.")
	default:
		s.flash(r, "WHOIS privacy is now "+boolWord(d.Privacy)+" at the registrar.")
	}
	if err == nil {
		_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "privacy", d.Name, boolWord(on))
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (s *Server) linkClientSubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	u, err := s.Store.User(r.Context(), id.Tenant.ID, r.PostFormValue("client_id"))
	if err != nil || u.Role != store.RoleClient {
		s.pageFail(w, r, store.ErrNotFound)
		return
	}
	d.ClientID = u.ID
	if err := s.Store.SetDomainFlags(r.Context(), d); err != nil {
		s.pageFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "link_client", d.Name, u.ID)
	s.flash(r, fmt.Sprintf("%s is now %s's.", d.Name, u.Name))
	back := safeNext(r.PostFormValue("next"))
	if back == "/" {
		back = "/admin"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (s *Server) sandboxCompleteSubmit(w http.ResponseWriter, r *http.Request) {
	if s.SandboxComplete == nil {
		s.notFoundPage(w, r)
		return
	}
	id := mustIdentity(r)
	domain := r.PostFormValue("domain")
	fail := r.PostFormValue("fail") == "true"
	err := s.SandboxComplete(r, domain, fail)
	if err != nil {
		s.flash(r, "Could not complete: "+err.Error())
	} else {
		s.flash(r, "The sandbox operation for "+domain+" was completed.")
	}
	outcome := "done"
	if err != nil {
		outcome = "refused"
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "sandbox_complete", domain,
		fmt.Sprintf("fail %t: %s", fail, outcome))
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
}
