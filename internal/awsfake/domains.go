package awsfake

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// targetPrefix is the X-Amz-Target prefix of Route 53 Domains.
const targetPrefix = "Route53Domains_v20140515."

// jsonContentType is the content type of the JSON 1.1 protocol.
const jsonContentType = "application/x-amz-json-1.1"

// obj is a decoded JSON request or an answer to encode.
type obj = map[string]any

// domainsHandler answers one operation with the lock held: an HTTP status
// and a JSON document (an error document when the status is not 200).
type domainsHandler func(f *Fake, in obj) (int, obj)

// domainsOps are the Route 53 Domains operations the fake speaks.
var domainsOps map[string]domainsHandler

func init() {
	domainsOps = map[string]domainsHandler{
		"CheckDomainAvailability":    (*Fake).checkAvailability,
		"CheckDomainTransferability": (*Fake).checkTransferability,
		"ListPrices":                 (*Fake).listPrices,
		"RegisterDomain":             (*Fake).registerDomain,
		"TransferDomain":             (*Fake).transferDomain,
		"RenewDomain":                (*Fake).renewDomain,
		"GetOperationDetail":         (*Fake).getOperationDetail,
		"ListOperations":             (*Fake).listOperations,
		"GetDomainDetail":            (*Fake).getDomainDetail,
		"ListDomains":                (*Fake).listDomains,
		"UpdateDomainNameservers":    (*Fake).updateNameservers,
		"EnableDomainAutoRenew":      (*Fake).enableAutoRenew,
		"DisableDomainAutoRenew":     (*Fake).disableAutoRenew,
		"UpdateDomainContactPrivacy": (*Fake).updatePrivacy,
		"UpdateDomainContact":        (*Fake).updateContact,
		"EnableDomainTransferLock":   (*Fake).enableLock,
		"DisableDomainTransferLock":  (*Fake).disableLock,
		"RetrieveDomainAuthCode":     (*Fake).retrieveAuthCode,
	}
}

// serveDomains checks the JSON 1.1 envelope and dispatches on the target.
func (f *Fake) serveDomains(w http.ResponseWriter, r *http.Request, target string, raw []byte) {
	name, ok := strings.CutPrefix(target, targetPrefix)
	handler := domainsOps[name]
	if !ok || handler == nil || r.Method != http.MethodPost || r.URL.Path != "/" {
		f.unexpected(w, r.Method+" "+r.URL.Path+" "+target)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != jsonContentType {
		f.t.Errorf("awsfake: %s: content type %q", name, ct)
	}
	if auth := r.Header.Get("Authorization"); !strings.Contains(auth, "/us-east-1/route53domains/aws4_request") {
		f.t.Errorf("awsfake: %s: not signed for route53domains in us-east-1", name)
	}

	in := obj{}
	if err := json.Unmarshal(raw, &in); err != nil {
		f.t.Errorf("awsfake: %s: request body: %v", name, err)
	}

	switch f.begin(name) {
	case faultThrottle:
		writeJSON(w, 400, jsonError("ThrottlingException", "Rate exceeded"))
		return
	case faultServerError:
		writeJSON(w, 500, jsonError("InternalFailure", "The request processing has failed because of an unknown error."))
		return
	}
	f.mu.Lock()
	status, out := handler(f, in)
	f.mu.Unlock()
	writeJSON(w, status, out)
}

func writeJSON(w http.ResponseWriter, status int, out obj) {
	w.Header().Set("Content-Type", jsonContentType)
	if code, _ := out["__type"].(string); code != "" && status >= 300 {
		w.Header().Set("X-Amzn-ErrorType", code)
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(out)
}

// jsonError is the JSON 1.1 error document.
func jsonError(code, message string) obj {
	return obj{"__type": code, "message": message}
}

// invalidInput is Route 53 Domains' InvalidInput answer.
func invalidInput(message string) (int, obj) {
	return 400, jsonError("InvalidInput", message)
}

// str reads a string member of a request.
func str(in obj, key string) string {
	s, _ := in[key].(string)
	return s
}

// num reads a number member of a request.
func num(in obj, key string) int {
	n, _ := in[key].(float64)
	return int(n)
}

// epoch is a timestamp as JSON 1.1 writes it: seconds since 1970.
func epoch(t time.Time) json.Number {
	return json.Number(jsonInt(t.Unix()))
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// tldOf is the part after the first label.
func tldOf(name string) string {
	_, tld, _ := strings.Cut(name, ".")
	return tld
}

// domainName reads and lower-cases DomainName.
func domainName(in obj) string {
	return strings.ToLower(strings.TrimSuffix(str(in, "DomainName"), "."))
}
