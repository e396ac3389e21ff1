package opensrs

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

// OpenSRS response codes the adapter acts on (domains.opensrs.guide/docs/codes).
const (
	codeOK               = 200
	codeAvailable        = 210
	codeTaken            = 211
	codeTakenWaiting     = 221
	codeQueued           = 250
	codeRateExceeded     = 300
	codeTooManyConns     = 310
	codeTooManyCommands  = 350
	codeInternalError    = 400
	codeRegistryNSFailed = 405
	codeResellerAuth     = 410
	codeRegistrantAuth   = 415
	codeContactFailed    = 420
	codeInvalidCommand   = 430
	codePermission       = 435
	codeUnknownRegistry  = 436
	codeRequestWaiting   = 437
	codeInsufficientFund = 440
	codeMissingField     = 460
	codeInvalidData      = 465
	codeBadContact       = 470
	codeNotFound         = 480
	codeAlreadyExists    = 485
	codeProcessing       = 486
	codeNotTransferable  = 487
	codeExpiryMismatch   = 541
	codeTooYoungOrLocked = 552
	codeAlreadyRenewed   = 555
	codeNSLocked         = 557
	codeTLDContactFailed = 599
	codeTLDNotServiced   = 701
	codeSupplierDown     = 720
)

// replyError maps an unsuccessful reply to a registrar error.
func (r *Registrar) replyError(action string, rep *ops.Reply) error {
	kind, field := kindOfCode(rep.Code, rep.Text)
	msg := fmt.Sprintf("opensrs: %s: %s", action, rep.Text)

	switch rep.Code {
	case codeResellerAuth, codeRegistrantAuth:
		msg = fmt.Sprintf("opensrs: %s: authentication failed (%s); check %s, %s "+
			"and that this server's IP is allowed in the reseller control panel",
			action, rep.Text, EnvUsername, EnvAPIKey)
	case codeInsufficientFund:
		msg = fmt.Sprintf("opensrs: %s: reseller account is over quota or out of funds (%s)",
			action, rep.Text)
	}

	e := &registrar.Error{Kind: kind, Field: field, Message: msg, Code: strconv.Itoa(rep.Code)}
	if kind == registrar.KindThrottled || rep.Code == codeProcessing {
		e.RetryAfter = r.cfg.RetryAfter
	}
	return e
}

// kindOfCode classifies a response code; field names the input at fault
// when the code says which.
func kindOfCode(code int, text string) (registrar.Kind, string) {
	switch code {
	case codeRateExceeded, codeTooManyConns, codeTooManyCommands:
		return registrar.KindThrottled, ""
	case codeRequestWaiting, codeAlreadyExists, codeProcessing, codeAlreadyRenewed:
		return registrar.KindDuplicate, ""
	case codeNotFound:
		return registrar.KindNotFound, ""
	case codeInvalidData:
		// Limitation: 465 covers both bad input and an unknown domain;
		// only the response text tells them apart.
		if mentionsNotFound(text) {
			return registrar.KindNotFound, ""
		}
		return registrar.KindInvalid, ""
	case codeContactFailed, codeBadContact, codeTLDContactFailed:
		return registrar.KindInvalid, "contact"
	case codeRegistryNSFailed, codeNSLocked:
		return registrar.KindInvalid, "nameservers"
	case codeExpiryMismatch:
		return registrar.KindInvalid, "current_expiry_year"
	case codeNotTransferable:
		return registrar.KindUnavailable, ""
	case codeTLDNotServiced:
		return registrar.KindUnsupportedTLD, ""
	case codeInternalError, codeResellerAuth, codeRegistrantAuth, codeUnknownRegistry,
		codeInsufficientFund, codeSupplierDown:
		return registrar.KindProviderDown, ""
	}

	switch {
	case code >= 700:
		return registrar.KindProviderDown, ""
	case code >= 400:
		return registrar.KindInvalid, ""
	}
	return registrar.KindProviderDown, ""
}

func mentionsNotFound(text string) bool {
	t := strings.ToLower(text)
	return strings.Contains(t, "not found") || strings.Contains(t, "does not exist") ||
		strings.Contains(t, "not exist")
}

// transportError maps a failure to reach OpenSRS or read its reply.
func transportError(action string, err error) error {
	var he *ops.HTTPError
	if errors.As(err, &he) {
		kind := registrar.KindProviderDown
		if he.Status == http.StatusTooManyRequests {
			kind = registrar.KindThrottled
		}
		return &registrar.Error{
			Kind:    kind,
			Message: fmt.Sprintf("opensrs: %s: HTTP %d", action, he.Status),
			Code:    "http_" + strconv.Itoa(he.Status),
			Err:     err,
		}
	}

	return &registrar.Error{
		Kind:    registrar.KindProviderDown,
		Message: fmt.Sprintf("opensrs: %s: %v", action, err),
		Err:     err,
	}
}
