package dnsrecord

import (
	"slices"

	"github.com/proecommerce/domains/internal/dnshost"
)

// Step is one change of a plan as a client reads it: values in presentation
// form (TXT as plain text), names without the trailing dot.
type Step struct {
	// Action is "create", "update" or "delete".
	Action string `json:"action"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	// TTL is the set's TTL after the change (the stored one for a delete).
	TTL       uint32   `json:"ttl"`
	BeforeTTL uint32   `json:"before_ttl,omitempty"`
	Before    []string `json:"before"`
	After     []string `json:"after"`
}

// Describe turns changes into readable steps, against the zone's current
// record sets.
func Describe(current []dnshost.RecordSet, changes []dnshost.Change) []Step {
	have := index(current)
	steps := make([]Step, 0, len(changes))
	for _, ch := range changes {
		step := Step{
			Name:   APIName(ch.Set.Name),
			Type:   ch.Set.Type,
			TTL:    ch.Set.TTL,
			Before: []string{},
			After:  []string{},
		}
		cur, exists := have[keyOf(ch.Set)]
		if exists {
			step.BeforeTTL = cur.TTL
			step.Before = presentValues(cur)
		}

		switch {
		case ch.Action == dnshost.Delete:
			step.Action = "delete"
		case exists:
			step.Action = "update"
			step.After = presentValues(ch.Set)
		default:
			step.Action = "create"
			step.After = presentValues(ch.Set)
		}
		steps = append(steps, step)
	}
	return steps
}

// presentValues returns a record set's values in presentation form.
func presentValues(set dnshost.RecordSet) []string {
	out := make([]string, 0, len(set.Values))
	for _, v := range set.Values {
		p, _ := FromRData(set.Type, v)
		out = append(out, p)
	}
	return out
}

// IsMassChange reports whether changes remove or alter more than 30 % of
// the editable records (values) the zone holds before them, counted only
// when it holds 10 or more. A changed TTL alters every record of its set;
// added records alter none.
func IsMassChange(zone string, current []dnshost.RecordSet, changes []dnshost.Change, rules Rules) bool {
	total := 0
	for _, set := range current {
		if rules.Allows(zone, set.Name, set.Type) {
			total += len(set.Values)
		}
	}
	if total < 10 {
		return false
	}

	have := index(current)
	touched := 0
	for _, ch := range changes {
		cur, ok := have[keyOf(ch.Set)]
		if !ok || !rules.Allows(zone, cur.Name, cur.Type) {
			continue
		}
		touched += touchedRecords(cur, ch)
	}
	return touched*10 > total*3
}

// touchedRecords counts the stored records a change removes or alters.
func touchedRecords(cur dnshost.RecordSet, ch dnshost.Change) int {
	if ch.Action == dnshost.Delete || cur.TTL != ch.Set.TTL {
		return len(cur.Values)
	}
	n := 0
	for _, v := range cur.Values {
		if !slices.Contains(ch.Set.Values, v) {
			n++
		}
	}
	return n
}
