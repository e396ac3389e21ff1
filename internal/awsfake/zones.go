package awsfake

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Zone is what the fake holds of a hosted zone.
type Zone struct {
	ID              string
	Name            string
	CallerReference string
	Comment         string
	Private         bool
	Nameservers     []string
}

type zone struct {
	id, name, callerRef, comment string
	private                      bool
	nameservers                  []string
	sets                         []RecordSet
}

func (z *zone) snapshot() Zone {
	return Zone{ID: z.id, Name: z.name, CallerReference: z.callerRef, Comment: z.comment,
		Private: z.private, Nameservers: slices.Clone(z.nameservers)}
}

// Zones returns every hosted zone, in creation order.
func (f *Fake) Zones() []Zone {
	f.mu.Lock()
	defer f.mu.Unlock()

	out := make([]Zone, 0, len(f.zones))
	for _, z := range f.zones {
		out = append(out, z.snapshot())
	}
	return out
}

// AddZone creates a hosted zone as if made long ago, with its NS and SOA.
func (f *Fake) AddZone(name, callerRef string, private bool) Zone {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.createZone(canonical(name), callerRef, "", private).snapshot()
}

// createZone makes a zone with four name servers and the NS and SOA sets
// Route 53 puts in every new zone. The caller holds f.mu.
func (f *Fake) createZone(name, callerRef, comment string, private bool) *zone {
	n := len(f.zones) + 1
	z := &zone{id: fmt.Sprintf("Z%08dFAKE%04d", n, n%9973), name: name, callerRef: callerRef,
		comment: comment, private: private}
	if !private {
		z.nameservers = []string{
			fmt.Sprintf("ns-%d.awsdns-%02d.com", 100+n, n%64), fmt.Sprintf("ns-%d.awsdns-%02d.net", 600+n, n%64),
			fmt.Sprintf("ns-%d.awsdns-%02d.org", 1100+n, n%64), fmt.Sprintf("ns-%d.awsdns-%02d.co.uk", 1600+n, n%64),
		}
	}

	ns := make([]string, 0, len(z.nameservers))
	for _, s := range z.nameservers {
		ns = append(ns, s+".")
	}
	z.sets = []RecordSet{
		{Name: name, Type: "NS", TTL: 172800, Values: ns},
		{Name: name, Type: "SOA", TTL: 900, Values: []string{
			"ns-1.awsdns-01.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}},
	}
	f.zones = append(f.zones, z)
	return z
}

func (f *Fake) zoneByID(id string) *zone {
	id = id[strings.LastIndexByte(id, '/')+1:]
	for _, z := range f.zones {
		if z.id == id {
			return z
		}
	}
	return nil
}

func hostedZoneXML(z *zone) xmlHostedZone {
	return xmlHostedZone{ID: "/hostedzone/" + z.id, Name: escapeName(z.name), CallerReference: z.callerRef,
		Config: xmlZoneConfig{Comment: z.comment, PrivateZone: z.private}, RecordSetCount: len(z.sets)}
}

type listZonesByNameResponse struct {
	XMLName          xml.Name        `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListHostedZonesByNameResponse"`
	HostedZones      []xmlHostedZone `xml:"HostedZones>HostedZone"`
	DNSName          string          `xml:"DNSName,omitempty"`
	HostedZoneID     string          `xml:"HostedZoneId,omitempty"`
	IsTruncated      bool            `xml:"IsTruncated"`
	NextDNSName      string          `xml:"NextDNSName,omitempty"`
	NextHostedZoneID string          `xml:"NextHostedZoneId,omitempty"`
	MaxItems         int             `xml:"MaxItems"`
}

// listZonesByName lists zones in Route 53's order (labels from the right,
// then id) from dnsname and hostedzoneid.
func (f *Fake) listZonesByName(r *http.Request, _ []byte) (int, any) {
	q := r.URL.Query()
	sorted := slices.Clone(f.zones)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sortKey(sorted[i].name), sortKey(sorted[j].name)
		return a < b || (a == b && sorted[i].id < sorted[j].id)
	})

	start := 0
	if dns := q.Get("dnsname"); dns != "" {
		key, id := sortKey(canonical(dns)), q.Get("hostedzoneid")
		start = sort.Search(len(sorted), func(i int) bool {
			k := sortKey(sorted[i].name)
			return k > key || (k == key && sorted[i].id >= id)
		})
	}
	size := f.pageSize(q.Get("maxitems"), f.cfg.ZonePage)
	end := min(start+size, len(sorted))

	out := listZonesByNameResponse{DNSName: q.Get("dnsname"), HostedZoneID: q.Get("hostedzoneid"), MaxItems: size}
	for _, z := range sorted[start:end] {
		out.HostedZones = append(out.HostedZones, hostedZoneXML(z))
	}
	if end < len(sorted) {
		out.IsTruncated, out.NextDNSName, out.NextHostedZoneID = true, escapeName(sorted[end].name), sorted[end].id
	}
	return 200, out
}

// pageSize reads maxitems (100 when absent), capped when cap is positive.
func (f *Fake) pageSize(maxItems string, limit int) int {
	size, err := strconv.Atoi(maxItems)
	if err != nil || size <= 0 {
		size = 100
	}
	if limit > 0 {
		size = min(size, limit)
	}
	return size
}

type listZonesResponse struct {
	XMLName     xml.Name        `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ListHostedZonesResponse"`
	HostedZones []xmlHostedZone `xml:"HostedZones>HostedZone"`
	Marker      string          `xml:"Marker,omitempty"`
	IsTruncated bool            `xml:"IsTruncated"`
	NextMarker  string          `xml:"NextMarker,omitempty"`
	MaxItems    int             `xml:"MaxItems"`
}

// listZones lists zones in creation order; the marker is a zone id.
func (f *Fake) listZones(r *http.Request, _ []byte) (int, any) {
	q := r.URL.Query()
	start := 0
	if m := q.Get("marker"); m != "" {
		start = slices.IndexFunc(f.zones, func(z *zone) bool { return z.id == m })
		if start < 0 {
			return 400, xmlError("InvalidInput", "Invalid marker "+m)
		}
	}
	size := f.pageSize(q.Get("maxitems"), f.cfg.ZonePage)
	end := min(start+size, len(f.zones))

	out := listZonesResponse{Marker: q.Get("marker"), MaxItems: size}
	for _, z := range f.zones[start:end] {
		out.HostedZones = append(out.HostedZones, hostedZoneXML(z))
	}
	if end < len(f.zones) {
		out.IsTruncated, out.NextMarker = true, f.zones[end].id
	}
	return 200, out
}

type getZoneResponse struct {
	XMLName       xml.Name          `xml:"https://route53.amazonaws.com/doc/2013-04-01/ GetHostedZoneResponse"`
	HostedZone    xmlHostedZone     `xml:"HostedZone"`
	DelegationSet *xmlDelegationSet `xml:"DelegationSet,omitempty"`
}

func (f *Fake) getHostedZone(r *http.Request, _ []byte) (int, any) {
	z := f.zoneByID(r.PathValue("id"))
	if z == nil {
		return noSuchZone(r.PathValue("id"))
	}

	out := getZoneResponse{HostedZone: hostedZoneXML(z)}
	if !z.private {
		out.DelegationSet = &xmlDelegationSet{NameServers: z.nameservers}
	}
	return 200, out
}

type createZoneRequest struct {
	Name            string        `xml:"Name"`
	CallerReference string        `xml:"CallerReference"`
	Config          xmlZoneConfig `xml:"HostedZoneConfig"`
	VPC             *struct{}     `xml:"VPC"`
}

type createZoneResponse struct {
	XMLName       xml.Name         `xml:"https://route53.amazonaws.com/doc/2013-04-01/ CreateHostedZoneResponse"`
	HostedZone    xmlHostedZone    `xml:"HostedZone"`
	ChangeInfo    xmlChangeInfo    `xml:"ChangeInfo"`
	DelegationSet xmlDelegationSet `xml:"DelegationSet"`
}

// createHostedZone refuses a CallerReference used before, as Route 53
// does, so a retried creation never makes a second zone.
func (f *Fake) createHostedZone(r *http.Request, body []byte) (int, any) {
	var in createZoneRequest
	if err := xml.Unmarshal(body, &in); err != nil || in.Name == "" || in.CallerReference == "" {
		return 400, xmlError("InvalidInput", "Name and CallerReference are required")
	}
	if in.VPC != nil || in.Config.PrivateZone {
		return 400, xmlError("InvalidInput", "the fake makes public zones only")
	}
	for _, z := range f.zones {
		if z.callerRef == in.CallerReference {
			return 409, xmlError("HostedZoneAlreadyExists",
				"A hosted zone has already been created with the specified caller reference.")
		}
	}

	z := f.createZone(canonical(in.Name), in.CallerReference, in.Config.Comment, false)
	f.accept("CreateHostedZone")
	c := f.newChange()
	return 201, createZoneResponse{HostedZone: hostedZoneXML(z), ChangeInfo: changeInfoXML(c),
		DelegationSet: xmlDelegationSet{NameServers: z.nameservers}}
}
