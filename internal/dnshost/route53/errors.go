package route53

import (
	"context"
	"errors"
	"fmt"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/smithy-go"

	"github.com/proecommerce/domains/internal/dnshost"
)

// throttleCodes are the answers that mean "slow down".
var throttleCodes = map[string]bool{
	"Throttling":               true,
	"ThrottlingException":      true,
	"PriorRequestNotComplete":  true,
	"TooManyRequestsException": true,
	"RequestLimitExceeded":     true,
}

// mapError wraps an SDK error with the dnshost sentinel it matches, keeping
// the SDK error in the chain too.
func mapError(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("route53 dns: %s: %w", op, err)
	}

	if sentinel, detail := classify(err); sentinel != nil {
		return fmt.Errorf("route53 dns: %s: %w: %s: %w", op, sentinel, detail, err)
	}
	return fmt.Errorf("route53 dns: %s: %w", op, err)
}

func classify(err error) (error, string) {
	var respErr *awshttp.ResponseError
	if errors.As(err, &respErr) && respErr.HTTPStatusCode() >= 500 {
		return dnshost.ErrProviderDown, fmt.Sprintf("HTTP %d", respErr.HTTPStatusCode())
	}

	var (
		batch  *types.InvalidChangeBatch
		noZone *types.NoSuchHostedZone
		input  *types.InvalidInput
	)
	switch {
	case errors.As(err, &batch):
		return dnshost.ErrInvalidChange, batchMessages(batch)
	case errors.As(err, &noZone):
		return dnshost.ErrZoneNotFound, noZone.ErrorMessage()
	case errors.As(err, &input):
		return dnshost.ErrInvalidChange, input.ErrorMessage()
	}

	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		if throttleCodes[apiErr.ErrorCode()] {
			return dnshost.ErrThrottled, apiErr.ErrorCode()
		}
		return nil, ""
	}
	return dnshost.ErrProviderDown, "no answer from Route 53"
}

// batchMessages joins Route 53's reasons, one per refused change.
func batchMessages(e *types.InvalidChangeBatch) string {
	if len(e.Messages) > 0 {
		return strings.Join(e.Messages, "; ")
	}
	return e.ErrorMessage()
}
