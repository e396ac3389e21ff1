package route53

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/proecommerce/domains/internal/dnshost"
)

// Route 53's limits on one change batch and one value.
const (
	maxBatchRecords = 1000
	maxBatchChars   = 32000
	maxValueChars   = 4000
)

// Apply sends the changes as one ChangeResourceRecordSets batch, which
// Route 53 applies all or none. A batch over Route 53's limits is refused
// before any call.
func (h *Host) Apply(ctx context.Context, zoneID string, changes []dnshost.Change) (dnshost.ChangeInfo, error) {
	batch, err := changeBatch(changes)
	if err != nil {
		return dnshost.ChangeInfo{}, err
	}

	out, err := h.api.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{
		HostedZoneId: aws.String(zoneID),
		ChangeBatch:  batch,
	})
	if err != nil {
		return dnshost.ChangeInfo{}, mapError("change record sets of "+zoneID, err)
	}

	info := changeInfo(out.ChangeInfo)
	h.log.Info("record sets changed", "zone_id", zoneID, "changes", len(changes),
		"change_id", info.ID, "status", string(info.Status))
	return info, nil
}

// ChangeStatus reads a change's propagation with GetChange.
func (h *Host) ChangeStatus(ctx context.Context, changeID string) (dnshost.ChangeInfo, error) {
	out, err := h.api.GetChange(ctx, &route53.GetChangeInput{Id: aws.String(bareID(changeID))})
	if err != nil {
		return dnshost.ChangeInfo{}, mapError("get change "+changeID, err)
	}
	return changeInfo(out.ChangeInfo), nil
}

func changeInfo(ci *types.ChangeInfo) dnshost.ChangeInfo {
	if ci == nil {
		return dnshost.ChangeInfo{}
	}

	info := dnshost.ChangeInfo{
		ID:        bareID(aws.ToString(ci.Id)),
		Status:    dnshost.ChangePending,
		Submitted: aws.ToTime(ci.SubmittedAt),
	}
	if ci.Status == types.ChangeStatusInsync {
		info.Status = dnshost.ChangeInSync
	}
	return info
}

// changeBatch converts and checks the changes: names lower-case with a
// trailing dot, at least one value each, TXT quoted, each value at most
// 4,000 characters, and the batch within 1,000 values and 32,000
// characters, an UPSERT counting twice.
func changeBatch(changes []dnshost.Change) (*types.ChangeBatch, error) {
	if len(changes) == 0 {
		return nil, invalid("empty change batch")
	}

	batch := &types.ChangeBatch{Changes: make([]types.Change, 0, len(changes))}
	records, chars := 0, 0
	for _, c := range changes {
		rs, n, err := resourceRecordSet(c.Set)
		if err != nil {
			return nil, err
		}

		weight := 1
		if c.Action == dnshost.Upsert {
			weight = 2
		}
		records += weight * len(c.Set.Values)
		chars += weight * n

		batch.Changes = append(batch.Changes, types.Change{
			Action:            types.ChangeAction(c.Action),
			ResourceRecordSet: rs,
		})
	}

	if records > maxBatchRecords {
		return nil, invalid(fmt.Sprintf("batch holds %d values, over Route 53's %d", records, maxBatchRecords))
	}
	if chars > maxBatchChars {
		return nil, invalid(fmt.Sprintf("batch holds %d characters, over Route 53's %d", chars, maxBatchChars))
	}
	return batch, nil
}

// resourceRecordSet converts one set and returns its value characters.
func resourceRecordSet(s dnshost.RecordSet) (*types.ResourceRecordSet, int, error) {
	name := fqdn(s.Name)
	if len(s.Values) == 0 {
		return nil, 0, invalid(fmt.Sprintf("%s %s has no value", name, s.Type))
	}

	rs := &types.ResourceRecordSet{
		Name: aws.String(name),
		Type: types.RRType(strings.ToUpper(s.Type)),
		TTL:  aws.Int64(int64(s.TTL)),
	}
	chars := 0
	for _, v := range s.Values {
		if err := checkValue(name, rs.Type, v); err != nil {
			return nil, 0, err
		}
		chars += len(v)
		rs.ResourceRecords = append(rs.ResourceRecords, types.ResourceRecord{Value: aws.String(v)})
	}
	return rs, chars, nil
}

func checkValue(name string, typ types.RRType, v string) error {
	if len(v) > maxValueChars {
		return invalid(fmt.Sprintf("%s %s value of %d characters, over Route 53's %d",
			name, typ, len(v), maxValueChars))
	}
	if (typ == types.RRTypeTxt || typ == types.RRTypeSpf) && !strings.HasPrefix(v, `"`) {
		return invalid(fmt.Sprintf("%s %s value must be quoted character-strings", name, typ))
	}
	return nil
}

func invalid(msg string) error {
	return fmt.Errorf("route53 dns: %w: %s", dnshost.ErrInvalidChange, msg)
}
