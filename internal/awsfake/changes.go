package awsfake

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Route 53's limits on one value and one TXT character-string.
const (
	maxValueChars  = 4000
	maxCharsString = 255
)

type change struct {
	id        string
	status    string
	submitted time.Time
	reads     int
}

// newChange records a PENDING change. The caller holds f.mu.
func (f *Fake) newChange() *change {
	c := &change{id: f.nextID("C"), status: "PENDING", submitted: f.clock.Now().UTC()}
	f.changes[c.id] = c
	return c
}

type changeRequest struct {
	Changes []struct {
		Action string       `xml:"Action"`
		Set    xmlRecordSet `xml:"ResourceRecordSet"`
	} `xml:"ChangeBatch>Changes>Change"`
}

type changeResponse struct {
	XMLName    xml.Name      `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ChangeResourceRecordSetsResponse"`
	ChangeInfo xmlChangeInfo `xml:"ChangeInfo"`
}

// changeRecordSets applies a batch all or nothing with Route 53's rules:
// CREATE of an existing set and DELETE of a set that is absent or differs
// are refused, as is a CNAME beside other data or at the apex.
func (f *Fake) changeRecordSets(r *http.Request, body []byte) (int, any) {
	z := f.zoneByID(r.PathValue("id"))
	if z == nil {
		return noSuchZone(r.PathValue("id"))
	}
	if f.priorNC > 0 {
		f.priorNC--
		return 400, xmlError("PriorRequestNotComplete",
			"The request was rejected because Route 53 was still processing a prior request.")
	}

	var in changeRequest
	if err := xml.Unmarshal(body, &in); err != nil || len(in.Changes) == 0 {
		return 400, xmlError("InvalidInput", "ChangeBatch must hold at least one change")
	}

	sets, batch, msgs := slices.Clone(z.sets), Batch{ZoneID: z.id}, []string(nil)
	for _, c := range in.Changes {
		set, msg := checkSet(z, c.Set)
		if msg == "" {
			sets, msg = applyChange(sets, c.Action, set)
		}
		if msg != "" {
			msgs = append(msgs, msg)
		}
		batch.Changes = append(batch.Changes, Change{Action: c.Action, Set: set})
	}
	msgs = append(msgs, conflicts(z, sets)...)
	if len(msgs) > 0 {
		return 400, invalidChangeBatch{Messages: msgs, RequestID: "fake-request"}
	}

	z.sets = sets
	ch := f.newChange()
	batch.ChangeID = ch.id
	f.batches = append(f.batches, batch)
	f.accept("ChangeResourceRecordSets")
	return 200, changeResponse{ChangeInfo: changeInfoXML(ch)}
}

// checkSet converts a set from the request and checks what Route 53
// checks of one set alone.
func checkSet(z *zone, in xmlRecordSet) (RecordSet, string) {
	s := RecordSet{Name: canonical(in.Name), Type: strings.ToUpper(in.Type), Values: in.values()}
	if in.TTL != nil {
		s.TTL = *in.TTL
	}
	switch {
	case in.AliasTarget != nil || in.SetIdentifier != "":
		return s, "the fake does not hold alias or routing-policy record sets"
	case s.Name != z.name && !strings.HasSuffix(s.Name, "."+z.name):
		return s, fmt.Sprintf("RRSet with DNS name %s is not permitted in zone %s", s.Name, z.name)
	case in.TTL == nil || len(s.Values) == 0:
		return s, fmt.Sprintf("Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords]], "+
			"but found none in Change with [Action=?, Name=%s, Type=%s]", s.Name, s.Type)
	}
	for _, v := range s.Values {
		if msg := checkValue(s, v); msg != "" {
			return s, msg
		}
	}
	return s, ""
}

// checkValue refuses a value over 4,000 characters and TXT data that is
// not quoted character-strings of at most 255 characters.
func checkValue(s RecordSet, v string) string {
	bad := func(why string) string {
		return fmt.Sprintf("Invalid Resource Record: FATAL problem: %s encountered with '%s'", why, v)
	}
	if len(v) > maxValueChars {
		return bad("InvalidRdataLength (Rdata too long)")
	}
	if s.Type != "TXT" && s.Type != "SPF" {
		return ""
	}
	strs, ok := charStrings(v)
	if !ok {
		return bad("InvalidCharacterString (Value should be enclosed in quotation marks)")
	}
	for _, str := range strs {
		if len(str) > maxCharsString {
			return bad("CharacterStringTooLong (Value is too long)")
		}
	}
	return ""
}

// charStrings splits quoted character-strings and decodes their escapes.
func charStrings(v string) ([]string, bool) {
	var out []string
	for i := 0; i < len(v); {
		if v[i] == ' ' {
			i++
			continue
		}
		if v[i] != '"' {
			return nil, false
		}
		var b []byte
		i++
		for ; i < len(v) && v[i] != '"'; i++ {
			if v[i] == '\\' && i+1 < len(v) {
				i++
			}
			b = append(b, v[i])
		}
		if i >= len(v) {
			return nil, false
		}
		out = append(out, string(b))
		i++
	}
	return out, len(out) > 0
}

// applyChange applies one change to the working copy of the sets.
func applyChange(sets []RecordSet, action string, s RecordSet) ([]RecordSet, string) {
	at := slices.IndexFunc(sets, func(c RecordSet) bool { return c.Name == s.Name && c.Type == s.Type })
	what := fmt.Sprintf("[name='%s', type='%s']", escapeName(s.Name), s.Type)
	switch action {
	case "CREATE":
		if at >= 0 {
			return sets, "Tried to create resource record set " + what + " but it already exists"
		}
		return append(sets, s), ""
	case "UPSERT":
		if at >= 0 {
			sets[at] = s
			return sets, ""
		}
		return append(sets, s), ""
	case "DELETE":
		if at < 0 {
			return sets, "Tried to delete resource record set " + what + " but it was not found"
		}
		if !sameSet(sets[at], s) {
			return sets, "Tried to delete resource record set " + what +
				" but the values provided do not match the current values"
		}
		return slices.Delete(sets, at, at+1), ""
	}
	return sets, "Invalid action " + action
}

// sameSet compares TTL and values in any order; a host name in a value
// matches with or without its final dot, as Route 53 reads every name as
// fully qualified.
func sameSet(a, b RecordSet) bool {
	x, y := fullyQualified(a.Type, a.Values), fullyQualified(b.Type, b.Values)
	slices.Sort(x)
	slices.Sort(y)
	return a.TTL == b.TTL && slices.Equal(x, y)
}

// conflicts checks the zone as the batch would leave it: a CNAME alone at
// its name and never at the apex, the apex NS and SOA kept.
func conflicts(z *zone, sets []RecordSet) []string {
	var msgs []string
	types := map[string][]string{}
	for _, s := range sets {
		types[s.Name] = append(types[s.Name], s.Type)
	}
	for name, ts := range types {
		if !slices.Contains(ts, "CNAME") {
			continue
		}
		if name == z.name {
			msgs = append(msgs, fmt.Sprintf("RRSet of type CNAME with DNS name %s is not permitted at apex in zone %s", name, z.name))
		} else if len(ts) > 1 {
			msgs = append(msgs, fmt.Sprintf("RRSet of type CNAME with DNS name %s is not permitted as it "+
				"conflicts with other records with the same DNS name in zone %s", escapeName(name), z.name))
		}
	}
	if !slices.Contains(types[z.name], "NS") || !slices.Contains(types[z.name], "SOA") {
		msgs = append(msgs, "A HostedZone must contain exactly one NS and one SOA record set at its apex.")
	}
	return msgs
}

type getChangeResponse struct {
	XMLName    xml.Name      `xml:"https://route53.amazonaws.com/doc/2013-04-01/ GetChangeResponse"`
	ChangeInfo xmlChangeInfo `xml:"ChangeInfo"`
}

// getChange answers PENDING until the change was read InSyncAfter times.
func (f *Fake) getChange(r *http.Request, _ []byte) (int, any) {
	id := r.PathValue("id")
	c := f.changes[id[strings.LastIndexByte(id, '/')+1:]]
	if c == nil {
		return 404, xmlError("NoSuchChange", "A change with the specified change ID does not exist: "+id)
	}

	c.reads++
	if c.reads >= f.cfg.InSyncAfter {
		c.status = "INSYNC"
	}
	return 200, getChangeResponse{ChangeInfo: changeInfoXML(c)}
}

// hostField is where the host name sits in the values of the types whose
// data ends in one.
var hostField = map[string]int{"CNAME": 0, "NS": 0, "PTR": 0, "MX": 1, "SRV": 3}

func fullyQualified(typ string, values []string) []string {
	out := slices.Clone(values)
	i, ok := hostField[typ]
	if !ok {
		return out
	}
	for n, v := range out {
		fields := strings.Fields(v)
		if len(fields) == i+1 && !strings.HasSuffix(fields[i], ".") {
			fields[i] += "."
			out[n] = strings.Join(fields, " ")
		}
	}
	return out
}
