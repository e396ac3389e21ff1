package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/dnsrecord"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

type (
	dnsrecordSet    = dnshost.RecordSet
	dnsrecordChange = dnshost.Change
)

// changeRecords plans a change against the zone as the DNS host holds it
// now, applies it as one batch and records it. The portal's forms use it;
// the API goes through applyPlan for its dry runs and confirmations.
func (s *Server) changeRecords(r *http.Request, id identity,
	plan func(zone string, current []dnshost.RecordSet) ([]dnshost.Change, error)) error {
	d, current, err := s.zoneOf(r, id)
	if err != nil {
		return err
	}
	changes, err := plan(d.Name, current)
	if err != nil || len(changes) == 0 {
		return err
	}

	info, err := s.DNS.Apply(r.Context(), d.ZoneID, changes)
	if errors.Is(err, dnshost.ErrInvalidChange) {
		return validate.Invalid("", "%s", err.Error())
	}
	if err != nil {
		return err
	}
	steps, _ := json.Marshal(dnsrecord.Describe(current, changes))
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "dns_change", d.Name, string(steps))
	return s.Store.RecordDNSChange(r.Context(), store.DNSChange{TenantID: d.TenantID, DomainID: d.ID,
		ChangeID: info.ID, Status: string(info.Status), Plan: string(steps), SubmittedAt: s.Clock.Now()})
}
