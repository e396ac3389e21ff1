package route53

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/proecommerce/domains/internal/dnshost"
)

// recordPageSize is the most ListResourceRecordSets returns in one page.
const recordPageSize = 300

// RecordSets lists every record set of the zone, following the
// NextRecordName/Type/Identifier of each truncated page. Values are kept as
// Route 53 holds them, which is zone-file rdata (TXT stays quoted), except
// that the host name ending a CNAME, NS, PTR, MX or SRV value gets its
// trailing dot, so a set written without one compares equal to the same
// set prepared by dnsrecord.
//
// Limitation: alias record sets and sets with a routing policy
// (SetIdentifier) have no place in dnshost.RecordSet; they are left out
// and logged, so the product never edits them.
func (h *Host) RecordSets(ctx context.Context, zoneID string) ([]dnshost.RecordSet, error) {
	var (
		sets []dnshost.RecordSet
		in   = &route53.ListResourceRecordSetsInput{
			HostedZoneId: aws.String(zoneID),
			MaxItems:     aws.Int32(recordPageSize),
		}
	)
	for {
		out, err := h.api.ListResourceRecordSets(ctx, in)
		if err != nil {
			return nil, mapError("list record sets of "+zoneID, err)
		}

		for _, rs := range out.ResourceRecordSets {
			if set, ok := h.recordSet(zoneID, rs); ok {
				sets = append(sets, set)
			}
		}

		if !out.IsTruncated {
			return sets, nil
		}
		in = &route53.ListResourceRecordSetsInput{
			HostedZoneId:          aws.String(zoneID),
			MaxItems:              aws.Int32(recordPageSize),
			StartRecordName:       out.NextRecordName,
			StartRecordType:       out.NextRecordType,
			StartRecordIdentifier: out.NextRecordIdentifier,
		}
	}
}

func (h *Host) recordSet(zoneID string, rs types.ResourceRecordSet) (dnshost.RecordSet, bool) {
	name := decodeName(aws.ToString(rs.Name))
	if rs.AliasTarget != nil || rs.SetIdentifier != nil {
		h.log.Info("record set skipped: alias or routing policy", "zone_id", zoneID,
			"name", name, "type", string(rs.Type))
		return dnshost.RecordSet{}, false
	}

	set := dnshost.RecordSet{
		Name:   name,
		Type:   string(rs.Type),
		TTL:    uint32(min(max(aws.ToInt64(rs.TTL), 0), 1<<32-1)),
		Values: make([]string, 0, len(rs.ResourceRecords)),
	}
	for _, rr := range rs.ResourceRecords {
		set.Values = append(set.Values, canonicalValue(set.Type, aws.ToString(rr.Value)))
	}
	return set, true
}
