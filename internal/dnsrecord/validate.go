package dnsrecord

import (
	"strconv"
	"strings"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/validate"
)

// maxValues is the most values one record set holds (Route 53's limit).
const maxValues = 400

// Input is one record set as the API and the portal give it: name relative
// or absolute, values in presentation form (TXT as plain text).
type Input struct {
	Name   string   `json:"name"`
	Type   string   `json:"type"`
	TTL    uint32   `json:"ttl"`
	Values []string `json:"values"`
}

// Prepare validates in against the rules and the zone's current record sets
// and returns it as a record set in host form. A TTL of 0 takes the rules'
// default. Errors are *validate.FieldError naming "name", "type", "ttl",
// "values" or "values.N".
func Prepare(zone string, in Input, current []dnshost.RecordSet, rules Rules) (dnshost.RecordSet, error) {
	name, err := NormalizeName(zone, in.Name)
	if err != nil {
		return dnshost.RecordSet{}, err
	}

	typ := strings.ToUpper(strings.TrimSpace(in.Type))
	if err := checkType(zone, name, typ, rules); err != nil {
		return dnshost.RecordSet{}, err
	}

	ttl, err := checkTTL(in.TTL, rules)
	if err != nil {
		return dnshost.RecordSet{}, err
	}

	values, err := prepareValues(zone, typ, in.Values)
	if err != nil {
		return dnshost.RecordSet{}, err
	}

	set := dnshost.RecordSet{Name: name, Type: typ, TTL: ttl, Values: values}
	if err := checkPlacement(zone, set, current); err != nil {
		return dnshost.RecordSet{}, err
	}
	return set, nil
}

// checkType refuses types the tenant does not allow.
func checkType(zone, name, typ string, rules Rules) error {
	if typ == "" {
		return validate.Invalid("type", "give a record type")
	}
	if !rules.Allows(zone, name, typ) {
		return validate.Invalid("type", "%s records cannot be edited here", typ)
	}
	if typ == "NS" && strings.HasPrefix(name, "*.") {
		return validate.Invalid("name", "NS records cannot be wildcards")
	}
	return nil
}

// checkTTL applies the default and the tenant's bounds.
func checkTTL(ttl uint32, rules Rules) (uint32, error) {
	if ttl == 0 {
		ttl = rules.DefaultTTL
	}
	if ttl < rules.TTLMin || (rules.TTLMax > 0 && ttl > rules.TTLMax) {
		return 0, validate.Invalid("ttl", "the TTL must be from %d to %d seconds", rules.TTLMin, rules.TTLMax)
	}
	return ttl, nil
}

// prepareValues converts every value to rdata, parsing each as a whole
// record with miekg/dns under the zone's origin.
func prepareValues(zone, typ string, values []string) ([]string, error) {
	if len(values) == 0 {
		return nil, validate.Invalid("values", "give at least one value")
	}
	if len(values) > maxValues {
		return nil, validate.Invalid("values", "a record set holds at most %d values", maxValues)
	}

	out := make([]string, 0, len(values))
	seen := map[string]bool{}
	for i, v := range values {
		field := "values." + strconv.Itoa(i)
		rdata, err := ToRData(typ, v)
		if err == nil {
			rdata, err = canonicalRData(zoneName(zone)+".", typ, rdata)
		}
		if err != nil {
			return nil, validate.Invalid(field, "%s", err.Error())
		}
		if seen[rdata] {
			return nil, validate.Invalid(field, "the value is given twice")
		}
		seen[rdata] = true
		out = append(out, rdata)
	}
	return out, nil
}

// checkPlacement applies the CNAME rules: one value, not at the apex, and
// never beside other data on the same name.
func checkPlacement(zone string, set dnshost.RecordSet, current []dnshost.RecordSet) error {
	if msg := cnameConflict(zone, set, current); msg != "" {
		field := "name"
		if set.Type == "CNAME" && len(set.Values) > 1 {
			field = "values"
		}
		return validate.Invalid(field, "%s", msg)
	}
	return nil
}

// cnameConflict returns why set cannot sit in the zone beside current, or "".
func cnameConflict(zone string, set dnshost.RecordSet, current []dnshost.RecordSet) string {
	name := canonicalName(set.Name)
	if set.Type == "CNAME" {
		if len(set.Values) > 1 {
			return "a CNAME record set holds exactly one value"
		}
		if name == zoneName(zone)+"." {
			return "a CNAME cannot sit at the zone's apex"
		}
	}

	for _, cur := range current {
		if canonicalName(cur.Name) != name || cur.Type == set.Type {
			continue
		}
		if set.Type == "CNAME" {
			return "a CNAME cannot sit beside " + cur.Type + " records on " + APIName(name)
		}
		if cur.Type == "CNAME" {
			return APIName(name) + " has a CNAME, which cannot have other records beside it"
		}
	}
	return ""
}
