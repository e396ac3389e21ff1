package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/dnsrecord"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

// storedPlan is what dns_changes.plan keeps of an applied change: the
// readable steps, who made it, and what undo needs (the batch sent and
// every touched record set as it stood before, in host form).
type storedPlan struct {
	By      string              `json:"by"`
	Steps   []dnsrecord.Step    `json:"steps"`
	Changes []dnshost.Change    `json:"changes"`
	Before  []dnshost.RecordSet `json:"before"`
}

// errNoUndo means the last change cannot be reverted.
var errNoUndo = &validate.FieldError{Code: "conflict", Message: "there is no change to undo"}

// errMassChange is the portal's refusal of an unconfirmed mass change.
var errMassChange = validate.Invalid("confirm",
	"this change touches more than 30%% of the zone's records; tick the box to confirm it")

// currentSet returns the zone's record set of name and type, exactly as the
// DNS host holds it.
func currentSet(current []dnshost.RecordSet, name, typ string) (dnshost.RecordSet, bool) {
	del, err := dnsrecord.PlanDelete(current, name, typ)
	if err != nil {
		return dnshost.RecordSet{}, false
	}
	return del[0].Set, true
}

// commitChanges sends changes to the DNS host as one batch and records
// the change with its plan and what undo needs. A domain that is gone
// (transferred away, deleted, never received) keeps its zone until it is
// cleaned up, but nobody changes its records any more.
func (s *Server) commitChanges(r *http.Request, id identity, d store.Domain,
	current []dnshost.RecordSet, batch []dnshost.Change) (dnshost.ChangeInfo, error) {
	if d.Status == store.DomainGone {
		return dnshost.ChangeInfo{}, &validate.FieldError{Code: "conflict",
			Message: d.Name + " is no longer managed here, so its records cannot be changed"}
	}
	info, err := s.DNS.Apply(r.Context(), d.ZoneID, batch)
	if errors.Is(err, dnshost.ErrInvalidChange) {
		return info, &validate.FieldError{Code: "conflict", Message: err.Error()}
	}
	if err != nil {
		return info, fmt.Errorf("web: apply dns change: %w", err)
	}

	by := s.actor(r, id)
	sp := storedPlan{By: by, Steps: dnsrecord.Describe(current, batch), Changes: batch}
	for _, ch := range batch {
		if cur, ok := currentSet(current, ch.Set.Name, ch.Set.Type); ok {
			sp.Before = append(sp.Before, cur)
		}
	}
	planJSON, _ := json.Marshal(sp)
	stepsJSON, _ := json.Marshal(sp.Steps)
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, by, "dns_change", d.Name, string(stepsJSON))
	err = s.Store.RecordDNSChange(r.Context(), store.DNSChange{TenantID: d.TenantID, DomainID: d.ID,
		ChangeID: info.ID, Status: string(info.Status), Plan: string(planJSON), SubmittedAt: s.Clock.Now()})
	if err != nil {
		s.Logger.Error("dns change applied but not recorded", "domain", d.Name, "change_id", info.ID, "err", err)
	}
	return info, nil
}

// lastPlan reads the plan of the domain's newest change.
func (s *Server) lastPlan(r *http.Request, d store.Domain) (storedPlan, bool) {
	c, err := s.Store.LatestDNSChange(r.Context(), d.ID)
	if err != nil {
		return storedPlan{}, false
	}
	return planOf(c)
}

// planOf reads a recorded change's plan; false when it holds nothing that
// could be reverted.
func planOf(c store.DNSChange) (storedPlan, bool) {
	var sp storedPlan
	if json.Unmarshal([]byte(c.Plan), &sp) != nil || len(sp.Changes) == 0 {
		return storedPlan{}, false
	}
	return sp, true
}

// planToRevert reads the plan of the change to revert: the one the DNS
// host knows as changeID, or the newest when changeID is "". A change id
// of another domain is not found.
func (s *Server) planToRevert(r *http.Request, d store.Domain, changeID string) (storedPlan, error) {
	if changeID == "" {
		if sp, ok := s.lastPlan(r, d); ok {
			return sp, nil
		}
		return storedPlan{}, errNoUndo
	}
	c, err := s.Store.DNSChangeOf(r.Context(), d.ID, changeID)
	if errors.Is(err, store.ErrNotFound) {
		return storedPlan{}, &validate.FieldError{Field: "change", Code: "not_found",
			Message: "this domain has no change " + changeID}
	}
	if err != nil {
		return storedPlan{}, err
	}
	sp, ok := planOf(c)
	if !ok {
		return storedPlan{}, errNoUndo
	}
	return sp, nil
}

// historyLimit is how many of a domain's changes the history shows.
const historyLimit = 50

// historyEntry is one applied change as the history shows it. A change
// the product made by itself (a new zone's default records) has no author,
// a note instead of a plan, and cannot be reverted.
type historyEntry struct {
	ID         string           `json:"id"`
	Status     string           `json:"status"`
	By         string           `json:"by"`
	At         time.Time        `json:"at"`
	Plan       []dnsrecord.Step `json:"plan"`
	Note       string           `json:"note,omitempty"`
	Revertible bool             `json:"revertible"`
}

// history lists the domain's applied changes, newest first, with who made
// each. A change still pending is asked about again.
//
// Limitation: a pending change the host cannot answer for (an id it no
// longer knows) stays pending and is asked about on every view, at most
// historyLimit calls; the host's own retryer and rate limit bound them.
func (s *Server) history(r *http.Request, d store.Domain) ([]historyEntry, error) {
	changes, err := s.Store.DNSChanges(r.Context(), d.ID, historyLimit)
	if err != nil {
		return nil, err
	}

	out := make([]historyEntry, 0, len(changes))
	for _, c := range changes {
		e := historyEntry{ID: c.ChangeID, Status: s.refreshStatus(r, c), At: c.SubmittedAt.UTC(),
			Plan: []dnsrecord.Step{}}
		if sp, ok := planOf(c); ok {
			e.By, e.Plan, e.Revertible = sp.By, sp.Steps, true
		} else if !json.Valid([]byte(c.Plan)) {
			e.Note = c.Plan
		}
		out = append(out, e)
	}
	return out, nil
}

// refreshStatus asks the DNS host about a pending change and records the
// answer; other statuses are final.
func (s *Server) refreshStatus(r *http.Request, c store.DNSChange) string {
	if c.Status != string(dnshost.ChangePending) {
		return c.Status
	}
	info, err := s.DNS.ChangeStatus(r.Context(), c.ChangeID)
	if err != nil || string(info.Status) == c.Status {
		return c.Status
	}
	_ = s.Store.SetDNSChangeStatus(r.Context(), c.ID, string(info.Status))
	return string(info.Status)
}

// undoPlan returns the changes that put every record set the last change
// touched back as it stood before, planned against the zone as it is now:
// a set that existed is upserted as it was, one the change created is
// deleted exactly as the host now holds it. Deletes come first, so a CNAME
// the change put in place of other data goes before that data returns.
func undoPlan(sp storedPlan, current []dnshost.RecordSet) []dnshost.Change {
	var deletes, upserts []dnshost.Change
	seen := map[string]bool{}
	for _, ch := range sp.Changes {
		k := dnsrecord.APIName(ch.Set.Name) + " " + ch.Set.Type
		if seen[k] {
			continue
		}
		seen[k] = true

		if before, ok := currentSet(sp.Before, ch.Set.Name, ch.Set.Type); ok {
			upserts = append(upserts, dnsrecord.PlanSet(current, before)...)
			continue
		}
		if del, err := dnsrecord.PlanDelete(current, ch.Set.Name, ch.Set.Type); err == nil {
			deletes = append(deletes, del...)
		}
	}
	return append(deletes, upserts...)
}
