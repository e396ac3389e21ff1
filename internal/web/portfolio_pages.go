package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/proecommerce/domains/internal/store"
)

// unassignedPageSize is how many unassigned domains one page lists.
const unassignedPageSize = 200

type unassignedData struct {
	Domains []store.Domain
	Clients []store.User
	// Next is the cursor of the following page, "" on the last.
	Next string
}

// unassignedPage lists the tenant's domains with no client, each with a
// check box, and a client to link the selection to.
func (s *Server) unassignedPage(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	ctx := r.Context()
	list, err := s.Store.Domains(ctx, id.Tenant.ID, store.DomainFilter{Unassigned: true,
		After: r.URL.Query().Get("after"), Limit: unassignedPageSize})
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	clients, err := s.Store.Clients(ctx, id.Tenant.ID)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	data := unassignedData{Domains: list, Clients: clients}
	if len(list) == unassignedPageSize {
		data.Next = url.QueryEscape(list[len(list)-1].Name)
	}
	s.render(w, r, http.StatusOK, "admin_unassigned", pageData{Title: "Unassigned domains", Data: data})
}

// unassignedSubmit links the selected domains to a client, or syncs them
// from their registrars now ("action" is "link" or "sync").
func (s *Server) unassignedSubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	if err := r.ParseForm(); err != nil {
		s.pageFail(w, r, err)
		return
	}
	names, err := linkNames(r.PostForm["domains"])
	if err != nil {
		s.flash(r, "Choose at least one domain: "+pageMessage(err))
		http.Redirect(w, r, "/admin/unassigned", http.StatusSeeOther)
		return
	}

	if r.PostFormValue("action") == "sync" {
		sum, err := s.syncer().SyncNames(r.Context(), s.Registrars, id.Tenant.ID, names)
		s.auditSync(r, id, names, sum, err)
		if err != nil {
			s.flash(r, "Sync failed: "+pageMessage(err))
		} else {
			s.flash(r, fmt.Sprintf("Synced %d domain(s): %d updated, %d flagged, %d gone, %d linked.",
				sum.Seen, sum.Updated, sum.Flagged, sum.Gone, sum.Linked))
		}
		http.Redirect(w, r, "/admin/unassigned", http.StatusSeeOther)
		return
	}

	u, err := s.linkClient(r, id.Tenant.ID, r.PostFormValue("client_id"))
	if err == nil {
		err = s.Store.LinkDomains(r.Context(), id.Tenant.ID, u.ID, names, id.User.Email,
			"linked by "+id.User.Email)
	}
	var missing *store.MissingDomainsError
	switch {
	case errors.As(err, &missing):
		s.flash(r, "Nothing was linked: "+missing.Error())
	case err != nil:
		s.flash(r, "Nothing was linked: "+pageMessage(err))
	default:
		s.flash(r, fmt.Sprintf("%d domain(s) linked to %s.", len(names), u.Name))
	}
	http.Redirect(w, r, "/admin/unassigned", http.StatusSeeOther)
}
