package route53

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/route53domains/types"
	"github.com/aws/smithy-go"

	"github.com/proecommerce/domains/internal/registrar"
)

// Hints for how long to wait after a refusal that says "later".
const (
	throttleWait     = 2 * time.Second
	opLimitWait      = time.Minute
	maintenanceWait  = 30 * time.Minute
	providerDownWait = 30 * time.Second
)

// throttleCodes are the generic AWS throttling codes; Route 53 Domains does
// not model them but the SDK's retryer treats them as throttles.
var throttleCodes = map[string]bool{
	"Throttling":                true,
	"ThrottlingException":       true,
	"TooManyRequestsException":  true,
	"RequestLimitExceeded":      true,
	"RequestThrottled":          true,
	"RequestThrottledException": true,
}

// mapError turns an SDK error into a *registrar.Error. op names the call
// for the message. Context cancellation is returned wrapped, not mapped.
func mapError(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("route53 registrar: %s: %w", op, err)
	}

	e := classify(err)
	e.Err = err
	e.Message = fmt.Sprintf("route53 registrar: %s: %s", op, e.Message)
	return e
}

func classify(err error) *registrar.Error {
	var respErr *awshttp.ResponseError
	if errors.As(err, &respErr) && respErr.HTTPStatusCode() >= 500 {
		return down(fmt.Sprintf("HTTP %d", respErr.HTTPStatusCode()))
	}

	if e := classifyModeled(err); e != nil {
		return e
	}

	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		if throttleCodes[apiErr.ErrorCode()] {
			return &registrar.Error{Kind: registrar.KindThrottled, Code: apiErr.ErrorCode(),
				Message: "request rate exceeded", RetryAfter: throttleWait}
		}
		return &registrar.Error{Kind: registrar.KindInvalid, Code: apiErr.ErrorCode(),
			Message: apiErr.ErrorMessage()}
	}
	return down("no answer from Route 53 Domains")
}

func down(msg string) *registrar.Error {
	return &registrar.Error{Kind: registrar.KindProviderDown, Message: msg,
		RetryAfter: providerDownWait}
}

// classifyModeled maps the errors the Route 53 Domains model declares.
func classifyModeled(err error) *registrar.Error {
	var (
		invalid   *types.InvalidInput
		tld       *types.UnsupportedTLD
		dup       *types.DuplicateRequest
		opLimit   *types.OperationLimitExceeded
		maint     *types.TLDInMaintenance
		domLimit  *types.DomainLimitExceeded
		rules     *types.TLDRulesViolation
		dnssecLim *types.DnssecLimitExceeded
	)
	switch {
	case errors.As(err, &invalid):
		return invalidInput(invalid.ErrorMessage())
	case errors.As(err, &tld):
		return kinded(registrar.KindUnsupportedTLD, "UnsupportedTLD", tld.ErrorMessage(), 0)
	case errors.As(err, &dup):
		return kinded(registrar.KindDuplicate, "DuplicateRequest", dup.ErrorMessage(), 0)
	case errors.As(err, &opLimit):
		return kinded(registrar.KindThrottled, "OperationLimitExceeded", opLimit.ErrorMessage(), opLimitWait)
	case errors.As(err, &maint):
		return kinded(registrar.KindThrottled, "TLDInMaintenance", maint.ErrorMessage(), maintenanceWait)
	case errors.As(err, &domLimit):
		return kinded(registrar.KindInvalid, "DomainLimitExceeded",
			"the account holds as many domains as its quota allows: "+domLimit.ErrorMessage(), 0)
	case errors.As(err, &rules):
		return kinded(registrar.KindUnsupported, "TLDRulesViolation", rules.ErrorMessage(), 0)
	case errors.As(err, &dnssecLim):
		return kinded(registrar.KindInvalid, "DnssecLimitExceeded", dnssecLim.ErrorMessage(), 0)
	}
	return nil
}

func kinded(k registrar.Kind, code, msg string, wait time.Duration) *registrar.Error {
	return &registrar.Error{Kind: k, Code: code, Message: msg, RetryAfter: wait}
}

// notFoundHints are phrases of InvalidInput messages that mean the domain
// or operation is not in this account.
var notFoundHints = []string{
	"not in account", "not found", "does not belong", "doesn't belong",
	"not owned", "does not exist", "doesn't exist", "no such",
}

// fieldHints map request member names Route 53 may quote in an
// InvalidInput message to the field names of our API.
var fieldHints = []struct{ member, field string }{
	{"DurationInYears", "years"},
	{"CurrentExpiryYear", "expiry_year"},
	{"AuthCode", "auth_code"},
	{"Nameservers", "nameservers"},
	{"PhoneNumber", "contact.phone"},
	{"Email", "contact.email"},
	{"ZipCode", "contact.postal_code"},
	{"CountryCode", "contact.country"},
	{"State", "contact.state"},
	{"City", "contact.city"},
	{"AddressLine1", "contact.address1"},
	{"FirstName", "contact.first_name"},
	{"LastName", "contact.last_name"},
	{"OrganizationName", "contact.organization"},
	{"DomainName", "domain"},
}

func invalidInput(msg string) *registrar.Error {
	lower := strings.ToLower(msg)
	for _, h := range notFoundHints {
		if strings.Contains(lower, h) {
			return kinded(registrar.KindNotFound, "InvalidInput", msg, 0)
		}
	}

	e := kinded(registrar.KindInvalid, "InvalidInput", msg, 0)
	for _, h := range fieldHints {
		if strings.Contains(msg, h.member) {
			e.Field = h.field
			break
		}
	}
	return e
}

// asNotFound turns an invalid-input answer into not found, for calls whose
// only input is a name we already validated, so a refusal means the
// domain is not in the account.
func asNotFound(err error) error {
	var e *registrar.Error
	if errors.As(err, &e) && e.Kind == registrar.KindInvalid && e.Code == "InvalidInput" {
		e.Kind = registrar.KindNotFound
	}
	return err
}
