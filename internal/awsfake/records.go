package awsfake

import (
	"encoding/xml"
	"net/http"
	"slices"
	"sort"
)

// RecordSet is one name and type of a zone. Names are lower-case with the
// final dot and a literal "*"; values are as Route 53 holds them.
type RecordSet struct {
	Name   string
	Type   string
	TTL    int64
	Values []string
}

// Change is one change of an applied batch.
type Change struct {
	Action string
	Set    RecordSet
}

// Batch is one ChangeResourceRecordSets request the fake applied.
type Batch struct {
	ZoneID   string
	ChangeID string
	Changes  []Change
}

// RecordSets returns the zone's record sets in Route 53's order.
func (f *Fake) RecordSets(zoneID string) []RecordSet {
	f.mu.Lock()
	defer f.mu.Unlock()

	z := f.zoneByID(zoneID)
	if z == nil {
		return nil
	}
	out := make([]RecordSet, 0, len(z.sets))
	for _, s := range sortedSets(z.sets) {
		s.Values = slices.Clone(s.Values)
		out = append(out, s)
	}
	return out
}

// AddRecordSet puts a record set in a zone without a change batch.
func (f *Fake) AddRecordSet(zoneID string, s RecordSet) {
	f.mu.Lock()
	defer f.mu.Unlock()

	if z := f.zoneByID(zoneID); z != nil {
		s.Name = canonical(s.Name)
		z.sets = append(z.sets, s)
	}
}

// Batches returns the change batches applied, oldest first.
func (f *Fake) Batches() []Batch {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.batches)
}

// sortedSets orders sets by name (labels from the right), then type.
func sortedSets(sets []RecordSet) []RecordSet {
	out := slices.Clone(sets)
	sort.SliceStable(out, func(i, j int) bool { return setLess(out[i].Name, out[i].Type, out[j].Name, out[j].Type) })
	return out
}

func setLess(nameA, typeA, nameB, typeB string) bool {
	a, b := sortKey(nameA), sortKey(nameB)
	return a < b || (a == b && typeA < typeB)
}

type xmlRecordSet struct {
	Name    string      `xml:"Name"`
	Type    string      `xml:"Type"`
	TTL     *int64      `xml:"TTL"`
	Records []xmlRecord `xml:"ResourceRecords>ResourceRecord"`
	// SetIdentifier and AliasTarget are read only to refuse them.
	SetIdentifier string    `xml:"SetIdentifier,omitempty"`
	AliasTarget   *struct{} `xml:"AliasTarget"`
}

// xmlRecord is one value. Each goes in a ResourceRecord element of its
// own, as Route 53 writes them (a Values []string under the path
// "ResourceRecords>ResourceRecord>Value" would share one ResourceRecord
// between all the values, which the SDK reads as the last value alone).
type xmlRecord struct {
	Value string `xml:"Value"`
}

func (s xmlRecordSet) values() []string {
	out := make([]string, 0, len(s.Records))
	for _, r := range s.Records {
		out = append(out, r.Value)
	}
	return out
}

func xmlRecords(values []string) []xmlRecord {
	out := make([]xmlRecord, 0, len(values))
	for _, v := range values {
		out = append(out, xmlRecord{Value: v})
	}
	return out
}

type listRecordsResponse struct {
	XMLName        xml.Name       `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListResourceRecordSetsResponse"`
	Sets           []xmlRecordSet `xml:"ResourceRecordSets>ResourceRecordSet"`
	IsTruncated    bool           `xml:"IsTruncated"`
	NextRecordName string         `xml:"NextRecordName,omitempty"`
	NextRecordType string         `xml:"NextRecordType,omitempty"`
	MaxItems       int            `xml:"MaxItems"`
}

// listRecordSets pages from name and type; names go out with "*" written
// "\052", as Route 53 lists them.
func (f *Fake) listRecordSets(r *http.Request, _ []byte) (int, any) {
	z := f.zoneByID(r.PathValue("id"))
	if z == nil {
		return noSuchZone(r.PathValue("id"))
	}
	q := r.URL.Query()
	sets := sortedSets(z.sets)

	start := 0
	if name := q.Get("name"); name != "" {
		name, typ := canonical(name), q.Get("type")
		start = sort.Search(len(sets), func(i int) bool {
			return !setLess(sets[i].Name, sets[i].Type, name, typ)
		})
	}
	size := f.pageSize(q.Get("maxitems"), f.cfg.RecordPage)
	if q.Get("maxitems") == "" {
		size = f.pageSize("300", f.cfg.RecordPage)
	}
	end := min(start+size, len(sets))

	out := listRecordsResponse{MaxItems: size}
	for _, s := range sets[start:end] {
		ttl := s.TTL
		out.Sets = append(out.Sets, xmlRecordSet{Name: escapeName(s.Name), Type: s.Type, TTL: &ttl,
			Records: xmlRecords(s.Values)})
	}
	if end < len(sets) {
		out.IsTruncated, out.NextRecordName, out.NextRecordType = true, escapeName(sets[end].Name), sets[end].Type
	}
	return 200, out
}
