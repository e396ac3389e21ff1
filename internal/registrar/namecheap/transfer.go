package namecheap

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/registrar/namecheap/internal/api"
)

// CheckTransferability answers from what Namecheap can tell, since it has no
// transferability call: an empty auth code is refused (every TLD Namecheap
// transfers in asks for one); the TLD must have a TRANSFER price in
// users.getPricing (Namecheap accepts transfers of some TLDs only); and
// domains.check must report the name as registered.
//
// Limitation: the registrar lock and the 60-day rule at the losing registrar
// are not visible through Namecheap's API; such transfers are refused later
// and show as failed or action_required.
func (r *Registrar) CheckTransferability(
	ctx context.Context, domain, authCode string,
) (registrar.Transferability, error) {
	n, err := splitName(domain)
	if err != nil {
		return registrar.Transferability{}, err
	}
	if strings.TrimSpace(authCode) == "" {
		return refuse("an auth code is required to transfer this domain", "empty auth code"), nil
	}

	tlds, err := r.tldList(ctx)
	if err != nil {
		return registrar.Transferability{}, err
	}
	if !tlds[n.TLD].transferable {
		return refuse("Namecheap does not accept transfers of ."+n.TLD+" domains",
			"IsApiTransferable is not true for "+n.TLD), nil
	}

	avail, err := r.CheckAvailability(ctx, []string{n.Full})
	if err != nil {
		return registrar.Transferability{}, err
	}
	if s := avail[0].Status; s != registrar.StatusTaken {
		return refuse(n.Full+" is not registered, so it cannot be transferred", string(s)), nil
	}
	return registrar.Transferability{Transferable: true, Raw: avail[0].Raw}, nil
}

func refuse(reason, raw string) registrar.Transferability {
	return registrar.Transferability{Reason: reason, Raw: raw}
}

// TransferIn starts a transfer with domains.transfer.create. The operation
// ID carries Namecheap's TransferID, which Operation follows with
// domains.transfer.getStatus. Namecheap transfers always add one year.
func (r *Registrar) TransferIn(
	ctx context.Context, req registrar.TransferRequest,
) (registrar.Operation, error) {
	n, err := splitName(req.Domain)
	if err != nil {
		return registrar.Operation{}, err
	}
	if strings.TrimSpace(req.AuthCode) == "" {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindInvalid,
			Field: "auth_code", Message: "namecheap: transfer: an auth code is required"}
	}
	if req.Years > 1 {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindInvalid, Field: "years",
			Message: "namecheap: transfer: Namecheap transfers add exactly one year"}
	}

	v := url.Values{"DomainName": {n.Full}, "Years": {"1"}, "EPPCode": {req.AuthCode},
		"AddFreeWhoisguard": {yesNo(req.Privacy)}, "WGenable": {yesNo(req.Privacy)}}
	resp, err := r.call(ctx, "transfer", "namecheap.domains.transfer.create", v)
	if err != nil {
		return registrar.Operation{}, err
	}
	res, err := result(resp, "DomainTransferCreateResult", "transfer")
	if err != nil {
		return registrar.Operation{}, err
	}

	id := res.Attr("TransferID")
	if !res.Bool("Transfer") || id == "" {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindProviderDown,
			Message: "namecheap: transfer: " + n.Full + " was not accepted"}
	}
	r.log.InfoContext(ctx, "transfer submitted", "domain", n.Full, "transfer_id", id,
		"charged_amount", res.Attr("ChargedAmount"))

	op := r.syncOp(registrar.OpTransferIn, n.Full, id)
	op.Status = registrar.OpSubmitted
	return op, nil
}

// transferOp reads a transfer's state with domains.transfer.getStatus.
func (r *Registrar) transferOp(
	ctx context.Context, domain, transferID string,
) (registrar.Operation, error) {
	resp, err := r.call(ctx, "transfer status", "namecheap.domains.transfer.getStatus",
		url.Values{"TransferID": {transferID}})
	if err != nil {
		return registrar.Operation{}, err
	}
	res, err := result(resp, "DomainTransferGetStatusResult", "transfer status")
	if err != nil {
		return registrar.Operation{}, err
	}

	text := res.Attr("Status")
	return registrar.Operation{
		ID: opID(registrar.OpTransferIn, domain, transferID), Domain: domain,
		Type: registrar.OpTransferIn, Status: transferStatus(text), Message: text,
		Flag: res.Attr("StatusID"), Updated: r.clock.Now(),
	}, nil
}

// transferPhrases classify Namecheap's free-text transfer statuses, checked
// in order: the first phrase found decides.
var transferPhrases = []struct {
	phrase string
	status registrar.OperationStatus
}{
	{"cancel", registrar.OpFailed}, {"fail", registrar.OpFailed},
	{"reject", registrar.OpFailed}, {"denied", registrar.OpFailed},
	{"timed out", registrar.OpFailed}, {"timeout", registrar.OpFailed},
	{"complete", registrar.OpSucceeded}, {"success", registrar.OpSucceeded},
	{"transferred", registrar.OpSucceeded},
	{"epp", registrar.OpActionRequired}, {"auth", registrar.OpActionRequired},
	{"unlock", registrar.OpActionRequired}, {"locked", registrar.OpActionRequired},
	{"approv", registrar.OpActionRequired}, {"confirm", registrar.OpActionRequired},
	{"resubmit", registrar.OpActionRequired}, {"whois", registrar.OpActionRequired},
	{"submitted", registrar.OpSubmitted}, {"queued", registrar.OpSubmitted},
}

// transferStatus maps a transfer's Status text to our statuses.
//
// Limitation: Namecheap documents neither the StatusID values nor a closed
// list of Status texts, so the mapping reads the text; anything it does not
// recognise is in_progress, and the raw text is kept in Message.
func transferStatus(text string) registrar.OperationStatus {
	t := strings.ToLower(text)
	for _, p := range transferPhrases {
		if strings.Contains(t, p.phrase) {
			return p.status
		}
	}
	return registrar.OpInProgress
}

// findTransfers lists the domain's transfers with domains.transfer.getList,
// newest first.
func (r *Registrar) findTransfers(
	ctx context.Context, domain string, since time.Time,
) ([]registrar.Operation, error) {
	v := url.Values{"ListType": {"ALL"}, "SearchTerm": {domain}, "Page": {"1"}, "PageSize": {"100"}}
	resp, err := r.call(ctx, "find transfers", "namecheap.domains.transfer.getList", v)
	if err != nil {
		return nil, err
	}

	res, ok := resp.Find("TransferGetListResult")
	if !ok {
		return nil, nil
	}
	var out []registrar.Operation
	for _, t := range res.All("Transfer") {
		op, keep, err := r.listedTransfer(t, domain, day(since))
		if err != nil {
			return nil, err
		}
		if keep {
			out = append(out, op)
		}
	}

	slices.SortStableFunc(out, func(a, b registrar.Operation) int {
		return b.Submitted.Compare(a.Submitted)
	})
	return out, nil
}

func (r *Registrar) listedTransfer(
	t api.Node, domain string, since time.Time,
) (registrar.Operation, bool, error) {
	if !strings.EqualFold(t.Attr("DomainName"), domain) {
		return registrar.Operation{}, false, nil
	}
	submitted, err := parseDate(t.Attr("TransferDate"))
	if err != nil || submitted.Before(since) {
		return registrar.Operation{}, false, err
	}

	updated, err := parseDate(t.Attr("StatusDate"))
	if err != nil {
		return registrar.Operation{}, false, err
	}
	id, text := t.Attr("ID"), t.Attr("Status")
	if _, err := strconv.Atoi(id); err != nil {
		return registrar.Operation{}, false, nil
	}
	return registrar.Operation{ID: opID(registrar.OpTransferIn, domain, id), Domain: domain,
		Type: registrar.OpTransferIn, Status: transferStatus(text), Message: text,
		Flag: t.Attr("StatusID"), Submitted: submitted, Updated: updated}, true, nil
}
