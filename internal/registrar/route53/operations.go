package route53

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53domains"
	"github.com/aws/aws-sdk-go-v2/service/route53domains/types"

	"github.com/proecommerce/domains/internal/registrar"
)

// syncPrefix marks the ids of operations Route 53 finished synchronously
// (auto-renew has no OperationId); Operation answers them without a call.
const syncPrefix = "sync:"

// operationTypes maps our operation types to the Route 53 ones.
var operationTypes = map[registrar.OperationType][]types.OperationType{
	registrar.OpRegister:    {types.OperationTypeRegisterDomain},
	registrar.OpTransferIn:  {types.OperationTypeTransferInDomain},
	registrar.OpRenew:       {types.OperationTypeRenewDomain},
	registrar.OpPrivacy:     {types.OperationTypeChangePrivacyProtection},
	registrar.OpAutoRenew:   {types.OperationTypeEnableAutorenew, types.OperationTypeDisableAutorenew},
	registrar.OpLock:        {types.OperationTypeDomainLock},
	registrar.OpNameservers: {types.OperationTypeUpdateNameserver},
	registrar.OpContacts:    {types.OperationTypeUpdateDomainContact},
}

// operationType maps a Route 53 type back; unknown types keep their name.
func operationType(t types.OperationType) registrar.OperationType {
	for ours, theirs := range operationTypes {
		for _, x := range theirs {
			if x == t {
				return ours
			}
		}
	}
	return registrar.OperationType(strings.ToLower(string(t)))
}

// flagMessages tells the client what each status flag of an operation in
// progress waits for, for when Route 53 sends no message of its own. Each
// flag has its own words so that a change of flag alone is seen as a change.
var flagMessages = map[types.StatusFlag]string{
	types.StatusFlagPendingCustomerAction: "the registrant must approve the transfer: " +
		"check the e-mail sent to the domain's registrant contact",
	types.StatusFlagPendingAuthorization: "the registrant must approve the transfer by opening " +
		"the authorisation link in the e-mail sent to the domain's contact",
	types.StatusFlagPendingAcceptance: "the registrant must accept the request: " +
		"follow the link in the e-mail sent to the domain's contact",
	types.StatusFlagPendingPaymentVerification: "the registrar is verifying payment; nothing to do yet",
	types.StatusFlagPendingSupportCase:         "the registrar has opened a support case; nothing to do yet",
}

// operationStatus maps a status and its flag. An operation in progress
// that waits for the registrant is action_required.
func operationStatus(s types.OperationStatus, flag types.StatusFlag) registrar.OperationStatus {
	switch s {
	case types.OperationStatusSubmitted:
		return registrar.OpSubmitted
	case types.OperationStatusInProgress:
		switch flag {
		case types.StatusFlagPendingCustomerAction, types.StatusFlagPendingAuthorization,
			types.StatusFlagPendingAcceptance:
			return registrar.OpActionRequired
		}
		return registrar.OpInProgress
	case types.OperationStatusSuccessful:
		return registrar.OpSucceeded
	case types.OperationStatusFailed, types.OperationStatusError:
		return registrar.OpFailed
	}
	return registrar.OpInProgress
}

// Operation reads an operation with GetOperationDetail.
func (r *Registrar) Operation(ctx context.Context, id string) (registrar.Operation, error) {
	if op, ok := r.syncOperation(id); ok {
		return op, nil
	}
	if err := r.before(ctx); err != nil {
		return registrar.Operation{}, err
	}

	out, err := r.api.GetOperationDetail(ctx, &route53domains.GetOperationDetailInput{
		OperationId: aws.String(id),
	})
	if err != nil {
		return registrar.Operation{}, mapError("operation "+id, err)
	}

	return operation(types.OperationSummary{
		OperationId:     out.OperationId,
		DomainName:      out.DomainName,
		Type:            out.Type,
		Status:          out.Status,
		StatusFlag:      out.StatusFlag,
		Message:         out.Message,
		SubmittedDate:   out.SubmittedDate,
		LastUpdatedDate: out.LastUpdatedDate,
	}), nil
}

func operation(s types.OperationSummary) registrar.Operation {
	msg := aws.ToString(s.Message)
	if msg == "" && s.Status == types.OperationStatusInProgress {
		msg = flagMessages[s.StatusFlag]
	}
	return registrar.Operation{
		ID:        aws.ToString(s.OperationId),
		Domain:    strings.ToLower(aws.ToString(s.DomainName)),
		Type:      operationType(s.Type),
		Status:    operationStatus(s.Status, s.StatusFlag),
		Message:   msg,
		Submitted: aws.ToTime(s.SubmittedDate),
		Updated:   aws.ToTime(s.LastUpdatedDate),
		Flag:      string(s.StatusFlag),
	}
}

// FindOperations lists every page of ListOperations since the given time
// for the type, keeps those on the domain, newest first.
func (r *Registrar) FindOperations(
	ctx context.Context, domain string, typ registrar.OperationType, since time.Time,
) ([]registrar.Operation, error) {
	theirs, ok := operationTypes[typ]
	if !ok {
		return nil, registrar.Errorf(registrar.KindUnsupported, "route53 registrar: no operation type %q", typ)
	}

	var (
		found  []registrar.Operation
		marker *string
	)
	for {
		out, err := r.operationPage(ctx, theirs, since, marker)
		if err != nil {
			return nil, err
		}

		for _, s := range out.Operations {
			if strings.EqualFold(aws.ToString(s.DomainName), domain) {
				found = append(found, operation(s))
			}
		}

		if aws.ToString(out.NextPageMarker) == "" {
			break
		}
		marker = out.NextPageMarker
	}

	sort.SliceStable(found, func(i, j int) bool { return found[i].Submitted.After(found[j].Submitted) })
	return found, nil
}

func (r *Registrar) operationPage(
	ctx context.Context, typ []types.OperationType, since time.Time, marker *string,
) (*route53domains.ListOperationsOutput, error) {
	if err := r.before(ctx); err != nil {
		return nil, err
	}

	out, err := r.api.ListOperations(ctx, &route53domains.ListOperationsInput{
		SubmittedSince: aws.Time(since),
		Type:           typ,
		SortBy:         types.ListOperationsSortAttributeNameSubmittedDate,
		SortOrder:      types.SortOrderDesc,
		Marker:         marker,
		MaxItems:       aws.Int32(100),
	})
	if err != nil {
		return nil, mapError("list operations", err)
	}
	return out, nil
}
