package namecheap

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/namecheap/internal/api"
)

// throttleRetry is the wait suggested after Namecheap refuses a call for its
// rate limit: the per-minute window is the one most often exceeded.
const throttleRetry = time.Minute

// errorKinds maps Namecheap error numbers to our kinds. Numbers come from
// the method pages of Namecheap's API documentation.
var errorKinds = map[string]registrar.Kind{
	"2019166": registrar.KindNotFound,       // domain (or transfer) not found
	"2016166": registrar.KindNotFound,       // domain not associated with the account
	"3016166": registrar.KindNotFound,       // domain not associated (Enom)
	"4011103": registrar.KindNotFound,       // domain not available or access denied
	"2030166": registrar.KindInvalid,        // edit permission not supported / invalid domain
	"3019166": registrar.KindUnavailable,    // domain not available
	"4019166": registrar.KindUnavailable,    // domain not available
	"2030280": registrar.KindUnsupportedTLD, // TLD not supported in the API
	"2011280": registrar.KindUnsupportedTLD, // TLD not valid
	"1011150": registrar.KindInvalid,        // request IP not whitelisted
	"3031510": registrar.KindProviderDown,   // error from Enom
	"3050900": registrar.KindProviderDown,   // unknown error from Enom
	"3031900": registrar.KindProviderDown,   // unknown response from the provider
	"5050900": registrar.KindProviderDown,   // unhandled server error
	"5019169": registrar.KindProviderDown,   // unknown server error
	"5050169": registrar.KindProviderDown,   // unknown server error
}

// errorFields names the request field an error number complains about.
var errorFields = map[string]string{
	"2011169": "DomainList",
	"2011170": "PromotionCode",
	"2015182": "Phone",
	"2015167": "Years",
	"2011168": "Nameservers",
	"1011150": "ClientIp",
	"2030166": "DomainName",
}

// mapError turns an api error into a *registrar.Error, keeping the api error
// as its cause. The api package has already scrubbed the key from its text.
func mapError(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("namecheap: %s: %w", op, err)
	}

	if errors.Is(err, api.ErrThrottled) {
		return &registrar.Error{Kind: registrar.KindThrottled, RetryAfter: throttleRetry,
			Message: "namecheap: " + op + ": rate limit exceeded", Err: err}
	}

	var apiErr *api.Error
	if errors.As(err, &apiErr) {
		return mapProblem(op, apiErr)
	}

	var httpErr *api.HTTPError
	if errors.As(err, &httpErr) {
		return &registrar.Error{Kind: registrar.KindProviderDown, Code: fmt.Sprint(httpErr.Status),
			Message: "namecheap: " + op + ": " + httpErr.Error(), Err: err}
	}
	return &registrar.Error{Kind: registrar.KindProviderDown,
		Message: "namecheap: " + op + ": " + err.Error(), Err: err}
}

func mapProblem(op string, e *api.Error) error {
	p := e.First()
	kind, ok := errorKinds[p.Number]
	if !ok {
		kind = kindFromText(p)
	}
	return &registrar.Error{Kind: kind, Field: errorFields[p.Number], Code: p.Number,
		Message: "namecheap: " + op + ": " + p.Text, Err: e}
}

// kindFromText classifies an error number missing from errorKinds by its
// text, then by Namecheap's numbering (2…: a request problem; 3…, 5…: a
// failure at Namecheap or its registry).
func kindFromText(p api.Problem) registrar.Kind {
	t := strings.ToLower(p.Text)
	switch {
	case strings.Contains(t, "not found"), strings.Contains(t, "not associated"):
		return registrar.KindNotFound
	case strings.Contains(t, "not available"), strings.Contains(t, "already registered"),
		strings.Contains(t, "unavailable"):
		return registrar.KindUnavailable
	case strings.Contains(t, "in progress"), strings.Contains(t, "already pending"):
		return registrar.KindDuplicate
	case strings.HasPrefix(p.Number, "3"), strings.HasPrefix(p.Number, "5"):
		return registrar.KindProviderDown
	}
	return registrar.KindInvalid
}
