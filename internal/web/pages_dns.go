package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/dnsrecord"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

func init() {
	extraPageRoutes = append(extraPageRoutes, func(s *Server, r chi.Router) {
		r.Use(s.requireLogin)
		r.Post("/domains/{domain}/records/undo", s.recordUndo)
		r.Post("/domains/{domain}/zone/import", s.zoneImport)
		r.Get("/domains/{domain}/change", s.changeStatusFragment)
	})
}

// domainData is what the domain page shows: the domain, its record sets,
// the last change and, while an edit is reviewed, its plan.
type domainData struct {
	Domain     store.Domain
	Privacy    jsonPrivacy
	Records    []jsonRecord
	Change     *jsonChange
	Types      []string
	DNSError   string
	Form       dnsrecord.Input
	FormValues string
	// Review is the plan of an edit waiting for the client's go-ahead.
	Review *dnsReview
	// Last is the newest change's plan (who made it and its steps).
	Last *storedPlan
	// ImportText is a refused import's text, shown again.
	ImportText string
	// Transfer is where the transfer that brought the domain stands.
	Transfer *jsonTransfer
	// History is the domain's applied changes, newest first.
	History []historyEntry
	// Held says the registrar holds the domain for us (privacy and the
	// other registrar settings apply); HeldWhy says why not.
	Held    bool
	HeldWhy string
	// DNSOpen says the record editor is offered: the domain has a zone
	// and is not gone.
	DNSOpen bool
}

// dnsReview is a planned edit: its steps, the form that applies it, and the
// zone-file records an import refused.
type dnsReview struct {
	Title   string
	Action  string
	Fields  []formField
	Zone    string
	Steps   []dnsrecord.Step
	Mass    bool
	Refused []dnsrecord.Refusal
}

// formField is a hidden input repeated by the review's Apply form.
type formField struct{ Name, Value string }

// dnsEdit is one portal edit of the zone.
type dnsEdit struct {
	title  string
	action string
	fields []formField
	zone   string
	done   string
	// form is shown again in the editor when the edit is refused.
	form domainData
	plan func(zone string, current []dnshost.RecordSet) ([]dnshost.Change, []dnsrecord.Refusal, error)
}

func (s *Server) showDomain(w http.ResponseWriter, r *http.Request, status int, data domainData) {
	s.showDomainErrors(w, r, status, data, nil)
}

func (s *Server) showDomainErrors(w http.ResponseWriter, r *http.Request, status int, data domainData,
	errs map[string]string) {
	id := mustIdentity(r)
	d, sets, err := s.zoneOf(r, id)
	if _, ok := validate.As(err); ok {
		data.DNSError = err.Error()
	} else if err != nil {
		s.pageFail(w, r, err)
		return
	}
	data.Domain, data.Privacy, data.Transfer = d, s.privacyOf(r, d), s.transferView(r, d)
	data.Held, data.HeldWhy = s.heldOf(r, d)
	data.DNSOpen = d.ZoneID != "" && d.Status != store.DomainGone
	data.Records = toJSONRecords(d.Name, sets, rulesOf(id.Tenant))
	data.Change = s.latestChange(r, d)
	if sp, ok := s.lastPlan(r, d); ok {
		data.Last = &sp
	}
	if data.History, err = s.history(r, d); err != nil {
		s.pageFail(w, r, err)
		return
	}
	data.Types = editableTypes(id.Tenant.Settings.AllowedRecordTypes)
	s.prefillEdit(r, &data)
	if status >= 400 && r.Header.Get("HX-Request") != "" {
		status = http.StatusOK // htmx swaps only successful answers
	}
	s.render(w, r, status, "domain", pageData{Title: d.Name, Data: data, Errors: errs})
}

// editableTypes are the allowed types the editor offers (never SOA).
func editableTypes(allowed []string) []string {
	out := make([]string, 0, len(allowed))
	for _, t := range allowed {
		if t = strings.ToUpper(t); t != "SOA" {
			out = append(out, t)
		}
	}
	return out
}

// prefillEdit fills the editor with a record set when the page is opened
// with ?edit=NAME&type=TYPE (the "Change" link of a row).
func (s *Server) prefillEdit(r *http.Request, data *domainData) {
	q := r.URL.Query()
	if r.Method != http.MethodGet || q.Get("edit") == "" {
		return
	}
	for _, rec := range data.Records {
		if rec.Name == q.Get("edit") && rec.Type == q.Get("type") && !rec.ReadOnly {
			data.Form = dnsrecord.Input{Name: rec.Name, Type: rec.Type, TTL: rec.TTL}
			data.FormValues = strings.Join(rec.Values, "\n")
		}
	}
}

// runEdit plans an edit against the zone as the DNS host holds it now. The
// first POST shows the plan; the Apply button posts again with step=apply,
// which plans again (the zone may have moved) and applies the batch.
func (s *Server) runEdit(w http.ResponseWriter, r *http.Request, e dnsEdit) {
	id := mustIdentity(r)
	d, current, err := s.zoneOf(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	changes, refused, err := e.plan(d.Name, current)
	if err != nil {
		s.editFailed(w, r, e, nil, err)
		return
	}

	review := &dnsReview{Title: e.title, Action: e.action, Fields: e.fields, Zone: e.zone,
		Steps: dnsrecord.Describe(current, changes), Refused: refused,
		Mass: dnsrecord.IsMassChange(d.Name, current, changes, rulesOf(id.Tenant))}
	if r.PostFormValue("step") != "apply" || len(changes) == 0 {
		s.showDomain(w, r, http.StatusOK, domainData{Review: review})
		return
	}
	if review.Mass && r.PostFormValue("confirm") != "true" {
		s.editFailed(w, r, e, review, errMassChange)
		return
	}

	if _, err := s.commitChanges(r, id, d, current, changes); err != nil {
		s.editFailed(w, r, e, review, err)
		return
	}
	s.flash(r, e.done)
	http.Redirect(w, r, "/domains/"+d.Name, http.StatusSeeOther)
}

// editFailed shows the domain page again with the error beside its field.
func (s *Server) editFailed(w http.ResponseWriter, r *http.Request, e dnsEdit, review *dnsReview, err error) {
	fe, ok := validate.As(err)
	if !ok {
		s.pageFail(w, r, err)
		return
	}
	field := fe.Field
	if strings.HasPrefix(field, "values.") {
		field = "values"
	}
	data := e.form
	data.Review = review
	data.DNSError = fe.Message
	s.showDomainErrors(w, r, http.StatusUnprocessableEntity, data, map[string]string{field: fe.Message})
}

// recordInput reads the editor's record set form.
func recordInput(r *http.Request) dnsrecord.Input {
	ttl, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("ttl")))
	in := dnsrecord.Input{Name: strings.TrimSpace(r.PostFormValue("name")),
		Type: strings.ToUpper(strings.TrimSpace(r.PostFormValue("type"))), TTL: uint32(max(ttl, 0))}
	for _, v := range strings.Split(r.PostFormValue("values"), "\n") {
		if v = strings.TrimSpace(v); v != "" {
			in.Values = append(in.Values, v)
		}
	}
	return in
}

// recordSubmit sets a record set (mode "set") or adds values to it (mode
// "add", keeping its values and TTL).
func (s *Server) recordSubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	in, mode := recordInput(r), r.PostFormValue("mode")
	form := domainData{Form: in, FormValues: r.PostFormValue("values")}
	s.runEdit(w, r, dnsEdit{
		title: "Save " + in.Type + " " + in.Name, action: r.URL.Path, done: "Record set saved.", form: form,
		fields: []formField{{"name", in.Name}, {"type", in.Type}, {"ttl", r.PostFormValue("ttl")},
			{"values", r.PostFormValue("values")}, {"mode", mode}},
		plan: func(zone string, current []dnshost.RecordSet) ([]dnshost.Change, []dnsrecord.Refusal, error) {
			if mode == "add" {
				in = withCurrentValues(zone, in, current)
			}
			set, err := dnsrecord.Prepare(zone, in, current, rulesOf(id.Tenant))
			if err != nil {
				return nil, nil, err
			}
			return dnsrecord.PlanSet(current, set), nil, nil
		},
	})
}

// withCurrentValues puts the set's stored values before the added ones and
// keeps its TTL.
func withCurrentValues(zone string, in dnsrecord.Input, current []dnshost.RecordSet) dnsrecord.Input {
	name, err := dnsrecord.NormalizeName(zone, in.Name)
	if err != nil {
		return in
	}
	cur, ok := currentSet(current, name, in.Type)
	if !ok {
		return in
	}
	values := make([]string, 0, len(cur.Values)+len(in.Values))
	for _, v := range cur.Values {
		values = append(values, presentation(cur.Type, v))
	}
	in.Values, in.TTL = append(values, in.Values...), cur.TTL
	return in
}

// recordDelete removes one value of a record set (an UPSERT of the rest,
// or a DELETE of the last) or, without a value, the whole set.
func (s *Server) recordDelete(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	rawName, typ := r.PostFormValue("name"), strings.ToUpper(r.PostFormValue("type"))
	var values []string
	if v := r.PostFormValue("value"); v != "" {
		values = []string{v}
	}
	title := "Delete " + typ + " " + rawName
	if len(values) > 0 {
		title = "Remove " + values[0] + " from " + typ + " " + rawName
	}
	s.runEdit(w, r, dnsEdit{
		title: title, action: r.URL.Path, done: "Record removed.",
		fields: []formField{{"name", rawName}, {"type", typ}, {"value", r.PostFormValue("value")}},
		plan: func(zone string, current []dnshost.RecordSet) ([]dnshost.Change, []dnsrecord.Refusal, error) {
			name, err := dnsrecord.NormalizeName(zone, rawName)
			if err != nil {
				return nil, nil, err
			}
			if !rulesOf(id.Tenant).Allows(zone, name, typ) {
				return nil, nil, validate.Invalid("type", "%s records cannot be edited here", typ)
			}
			changes, err := planRemoval(current, name, typ, values)
			if err != nil && !isFieldError(err) {
				err = validate.Invalid("name", "%s", err.Error())
			}
			return changes, nil, err
		},
	})
}

func isFieldError(err error) bool {
	_, ok := validate.As(err)
	return ok
}

// recordUndo reverts a change, the last one or the one the form names,
// with a new planned change.
func (s *Server) recordUndo(w http.ResponseWriter, r *http.Request) {
	// The Apply button names the change reviewed, so it reverts that one
	// even if another lands in between.
	changeID, latest := r.PostFormValue("change"), s.latestChangeID(r)
	if changeID == "" {
		changeID = latest
	}
	title, done := "Undo the last change", "The last change was undone."
	if changeID != latest {
		title, done = "Revert change "+changeID, "Change "+changeID+" was reverted."
	}
	s.runEdit(w, r, dnsEdit{
		title: title, action: r.URL.Path, done: done,
		fields: []formField{{"change", changeID}},
		plan: func(zone string, current []dnshost.RecordSet) ([]dnshost.Change, []dnsrecord.Refusal, error) {
			d, err := s.domainOf(r, mustIdentity(r))
			if err != nil {
				return nil, nil, err
			}
			sp, err := s.planToRevert(r, d, changeID)
			if err != nil {
				return nil, nil, err
			}
			return undoPlan(sp, current), nil, nil
		},
	})
}

// latestChangeID is the DNS host's id of the domain's newest change, or "".
func (s *Server) latestChangeID(r *http.Request) string {
	d, err := s.domainOf(r, mustIdentity(r))
	if err != nil {
		return ""
	}
	c, err := s.Store.LatestDNSChange(r.Context(), d.ID)
	if err != nil {
		return ""
	}
	return c.ChangeID
}

// zoneImport plans a BIND zone file given in the textarea or as a file.
func (s *Server) zoneImport(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	text := zoneText(r)
	s.runEdit(w, r, dnsEdit{
		title: "Import a zone file", action: r.URL.Path, zone: text, done: "Zone file imported.",
		form: domainData{ImportText: text},
		plan: func(zone string, current []dnshost.RecordSet) ([]dnshost.Change, []dnsrecord.Refusal, error) {
			if strings.TrimSpace(text) == "" {
				return nil, nil, validate.Invalid("zone", "paste a zone file or choose one")
			}
			rules := rulesOf(id.Tenant)
			desired, refused, err := importZone(zone, text, rules)
			if err != nil {
				return nil, refused, err
			}
			return dnsrecord.PlanReplace(zone, current, desired, rules), refused, nil
		},
	})
}

// zoneText reads the zone file from an upload, else from the textarea.
func zoneText(r *http.Request) string {
	if err := r.ParseMultipartForm(maxBody); err == nil {
		if f, _, err := r.FormFile("file"); err == nil {
			defer f.Close()
			b, _ := io.ReadAll(io.LimitReader(f, maxBody))
			if len(b) > 0 {
				return string(b)
			}
		}
	}
	return r.PostFormValue("zone")
}

// changeStatusFragment is the propagation status htmx polls while pending.
func (s *Server) changeStatusFragment(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	s.fragment(w, "domain", "changestatus", domainData{Domain: d, Change: s.latestChange(r, d)})
}
