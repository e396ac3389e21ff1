package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/dnsrecord"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

type jsonRecord struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	TTL      uint32   `json:"ttl"`
	Values   []string `json:"values"`
	ReadOnly bool     `json:"read_only"`
}

type jsonChange struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// rulesOf turns a tenant's settings into record-editing rules.
func rulesOf(t store.Tenant) dnsrecord.Rules {
	st := t.Settings
	return dnsrecord.Rules{Types: st.AllowedRecordTypes, TTLMin: st.TTL.Min, TTLMax: st.TTL.Max,
		DefaultTTL: st.TTL.Default}
}

// zoneOf reads the domain's zone and its record sets.
func (s *Server) zoneOf(r *http.Request, id identity) (store.Domain, []dnshost.RecordSet, error) {
	d, err := s.domainOf(r, id)
	if err != nil {
		return d, nil, err
	}
	if d.ZoneID == "" {
		return d, nil, &validate.FieldError{Code: "conflict", Message: d.Name + " has no DNS zone yet"}
	}
	sets, err := s.DNS.RecordSets(r.Context(), d.ZoneID)
	return d, sets, err
}

func toJSONRecords(zone string, sets []dnshost.RecordSet, rules dnsrecord.Rules) []jsonRecord {
	out := make([]jsonRecord, 0, len(sets))
	for _, set := range sets {
		if set.Type == "SOA" {
			continue
		}
		out = append(out, toJSONRecord(zone, set, rules))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Type < out[j].Type
	})
	return out
}

func toJSONRecord(zone string, set dnshost.RecordSet, rules dnsrecord.Rules) jsonRecord {
	jr := jsonRecord{Name: dnsrecord.APIName(set.Name), Type: set.Type, TTL: set.TTL,
		Values: make([]string, 0, len(set.Values)), ReadOnly: !rules.Allows(zone, set.Name, set.Type)}
	for _, v := range set.Values {
		p, err := dnsrecord.FromRData(set.Type, v)
		if err != nil {
			p = v
		}
		jr.Values = append(jr.Values, p)
	}
	return jr
}

// latestChange reads the newest change and refreshes it while pending.
func (s *Server) latestChange(r *http.Request, d store.Domain) *jsonChange {
	c, err := s.Store.LatestDNSChange(r.Context(), d.ID)
	if err != nil {
		return nil
	}
	return &jsonChange{ID: c.ChangeID, Status: s.refreshStatus(r, c)}
}

func (s *Server) apiGetRecords(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, sets, err := s.zoneOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"records": toJSONRecords(d.Name, sets, rulesOf(id.Tenant)),
		"change":  s.latestChange(r, d)})
}

// applyPlan answers a planned change: the plan alone for a dry run, 409
// for a mass change without confirmation, else the applied change.
func (s *Server) applyPlan(w http.ResponseWriter, r *http.Request, id identity, d store.Domain,
	current []dnshost.RecordSet, changes []dnshost.Change, extra map[string]any) {
	plan := dnsrecord.Describe(current, changes)
	out := map[string]any{"plan": plan, "change": nil}
	for k, v := range extra {
		out[k] = v
	}
	q := r.URL.Query()
	if q.Get("dry_run") == "true" || len(changes) == 0 {
		if len(changes) == 0 {
			out["change"] = s.latestChange(r, d)
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	if dnsrecord.IsMassChange(d.Name, current, changes, rulesOf(id.Tenant)) && q.Get("confirm") != "true" {
		out["error"] = apiErrorDetail{Code: "conflict",
			Message: "this change touches more than 30% of the zone's records; repeat with ?confirm=true"}
		writeJSON(w, http.StatusConflict, out)
		return
	}

	info, err := s.commitChanges(r, id, d, current, changes)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out["change"] = jsonChange{ID: info.ID, Status: string(info.Status)}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiPutRecord(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, current, err := s.zoneOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var in dnsrecord.Input
	if err := decodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	rules := rulesOf(id.Tenant)
	set, err := dnsrecord.Prepare(d.Name, in, current, rules)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}

	changes := dnsrecord.PlanSet(current, set)
	s.applyPlan(w, r, id, d, current, changes,
		map[string]any{"record": toJSONRecord(d.Name, set, rules)})
}

func (s *Server) apiDeleteRecord(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, current, err := s.zoneOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	rawName, _ := url.PathUnescape(chi.URLParam(r, "name"))
	typ := strings.ToUpper(chi.URLParam(r, "type"))
	name, err := dnsrecord.NormalizeName(d.Name, rawName)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if !rulesOf(id.Tenant).Allows(d.Name, name, typ) {
		s.apiFail(w, r, validate.Invalid("type", "%s records cannot be edited here", typ))
		return
	}

	changes, err := planRemoval(current, name, typ, r.URL.Query()["value"])
	if errors.Is(err, dnsrecord.ErrNoSuchSet) {
		apiError(w, http.StatusNotFound, "not_found",
			fmt.Sprintf("the zone holds no %s record set at %s (or not that value)", typ, dnsrecord.APIName(name)), "name")
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.applyPlan(w, r, id, d, current, changes, nil)
}

// planRemoval plans the removal of a whole record set, or with values (in
// presentation form) of those values alone: an UPSERT of the rest with the
// stored TTL, or the DELETE of the stored set when none would remain.
func planRemoval(current []dnshost.RecordSet, name, typ string, values []string) ([]dnshost.Change, error) {
	cur, ok := currentSet(current, name, typ)
	if !ok {
		return nil, fmt.Errorf("%w: %s %s", dnsrecord.ErrNoSuchSet, dnsrecord.APIName(name), typ)
	}
	if len(values) == 0 {
		return []dnshost.Change{{Action: dnshost.Delete, Set: cur}}, nil
	}

	for _, v := range values {
		if !slices.ContainsFunc(cur.Values, func(rdata string) bool { return sameValue(typ, rdata, v) }) {
			return nil, validate.Invalid("value", "%s %s holds no value %q", dnsrecord.APIName(name), typ, v)
		}
	}

	rest := cur
	rest.Values = slices.DeleteFunc(slices.Clone(cur.Values), func(rdata string) bool {
		return slices.ContainsFunc(values, func(v string) bool { return sameValue(typ, rdata, v) })
	})
	if len(rest.Values) == 0 {
		return []dnshost.Change{{Action: dnshost.Delete, Set: cur}}, nil
	}
	return []dnshost.Change{{Action: dnshost.Upsert, Set: rest}}, nil
}

// presentation returns a stored value in the API's presentation form.
func presentation(typ, rdata string) string {
	p, err := dnsrecord.FromRData(typ, rdata)
	if err != nil {
		return rdata
	}
	return p
}

// sameValue reports whether a stored value is value, given in presentation
// form: equal as presented, or equal once value is in the host's form (so
// "mail.example.com" matches "mail.example.com.").
func sameValue(typ, rdata, value string) bool {
	if presentation(typ, rdata) == value {
		return true
	}
	r, err := dnsrecord.ToRData(typ, value)
	return err == nil && r == rdata
}

func (s *Server) apiExportZone(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, sets, err := s.zoneOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/dns; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+d.Name+`.zone"`)
	_, _ = io.WriteString(w, dnsrecord.Export(d.Name, sets))
}

func (s *Server) apiImportZone(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, current, err := s.zoneOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	text, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		s.apiFail(w, r, validate.Invalid("zone", "could not read the zone file"))
		return
	}
	if len(text) > maxBody {
		s.apiFail(w, r, validate.Invalid("zone", "the zone file is larger than %d bytes", maxBody))
		return
	}

	if strings.TrimSpace(string(text)) == "" {
		s.apiFail(w, r, validate.Invalid("zone", "the zone file is empty; an import replaces the zone's records with the file's"))
		return
	}

	// An import replaces the records the client may edit, so a short or
	// truncated file is a mass change like any other: 409 with the plan
	// unless ?confirm=true.
	rules := rulesOf(id.Tenant)
	desired, refused, err := importZone(d.Name, string(text), rules)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if refused == nil {
		refused = []dnsrecord.Refusal{}
	}
	changes := dnsrecord.PlanReplace(d.Name, current, desired, rules)
	s.applyPlan(w, r, id, d, current, changes, map[string]any{"refused": refused})
}

func init() {
	extraAPIRoutes = append(extraAPIRoutes, func(s *Server, r chi.Router) {
		r.Post("/domains/{domain}/records/undo", s.apiUndoRecords)
		r.Get("/domains/{domain}/changes", s.apiDNSChanges)
	})
}

// apiUndoRecords reverts a change of the domain, the last one or the one
// named by ?change=ID, with a new planned change (?dry_run=true and
// ?confirm=true as for a PUT).
func (s *Server) apiUndoRecords(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, current, err := s.zoneOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	sp, err := s.planToRevert(r, d, r.URL.Query().Get("change"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.applyPlan(w, r, id, d, current, undoPlan(sp, current), nil)
}

// apiDNSChanges lists the domain's applied changes, newest first, each
// with who made it and its plan.
func (s *Server) apiDNSChanges(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	d, err := s.domainOf(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	h, err := s.history(r, d)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"changes": h})
}

// importZone reads a zone file for an import, which replaces the zone's
// editable records with the file's. A file that is not UTF-8 text, or that
// holds no record that can be imported, is refused whole: taken as it is,
// it would empty the zone. A zone is emptied by deleting its records.
func importZone(zone, text string, rules dnsrecord.Rules) ([]dnshost.RecordSet, []dnsrecord.Refusal, error) {
	if !utf8.ValidString(text) {
		return nil, nil, validate.Invalid("zone", "the zone file is not UTF-8 text")
	}

	desired, refused := dnsrecord.Import(zone, text, rules)
	if len(desired) == 0 {
		msg := "the zone file holds no record that can be imported; nothing was changed"
		if len(refused) > 0 {
			msg += fmt.Sprintf(" (line %d: %s)", refused[0].Line, refused[0].Reason)
		}
		return nil, refused, validate.Invalid("zone", "%s", msg)
	}
	return desired, refused, nil
}
