package awsfake

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// apiPrefix starts every Route 53 path.
const apiPrefix = "/2013-04-01/"

// xmlns is the namespace of every Route 53 document.
const xmlns = "https://route53.amazonaws.com/doc/2013-04-01/"

// xmlHandler answers one REST-XML operation with the lock held: a status
// and a document to encode (an error document when the status is not 2xx).
type xmlHandler func(f *Fake, r *http.Request, body []byte) (int, any)

// route53Routes are the Route 53 operations the fake speaks, by pattern.
var route53Routes = []struct {
	pattern, name string
	handle        xmlHandler
}{
	{"GET /2013-04-01/hostedzonesbyname", "ListHostedZonesByName", (*Fake).listZonesByName},
	{"GET /2013-04-01/hostedzone", "ListHostedZones", (*Fake).listZones},
	{"POST /2013-04-01/hostedzone", "CreateHostedZone", (*Fake).createHostedZone},
	{"GET /2013-04-01/hostedzone/{id}", "GetHostedZone", (*Fake).getHostedZone},
	{"GET /2013-04-01/hostedzone/{id}/rrset", "ListResourceRecordSets", (*Fake).listRecordSets},
	{"POST /2013-04-01/hostedzone/{id}/rrset", "ChangeResourceRecordSets", (*Fake).changeRecordSets},
	{"GET /2013-04-01/change/{id}", "GetChange", (*Fake).getChange},
}

// newMux routes the REST-XML operations and fails the test on any other
// request.
func (f *Fake) newMux() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range route53Routes {
		mux.HandleFunc(rt.pattern, func(w http.ResponseWriter, r *http.Request) {
			f.answerXML(w, r, rt.name, rt.handle)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		f.unexpected(w, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery)
	})
	return mux
}

func (f *Fake) answerXML(w http.ResponseWriter, r *http.Request, name string, handle xmlHandler) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.t.Errorf("awsfake: %s: read request: %v", name, err)
		return
	}
	if auth := r.Header.Get("Authorization"); !strings.Contains(auth, "/us-east-1/route53/aws4_request") {
		f.t.Errorf("awsfake: %s: not signed for route53 in us-east-1", name)
	}

	switch f.begin(name) {
	case faultThrottle:
		writeXML(w, 400, xmlError("Throttling", "Rate exceeded"))
		return
	case faultServerError:
		writeXML(w, 500, xmlError("InternalFailure", "An internal error occurred."))
		return
	}
	f.mu.Lock()
	status, out := handle(f, r, body)
	f.mu.Unlock()
	writeXML(w, status, out)
}

func writeXML(w http.ResponseWriter, status int, doc any) {
	raw, err := xml.Marshal(doc)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(raw)
}

// errorResponse is Route 53's error document.
type errorResponse struct {
	XMLName   xml.Name `xml:"https://route53.amazonaws.com/doc/2013-04-01/ ErrorResponse"`
	Type      string   `xml:"Error>Type"`
	Code      string   `xml:"Error>Code"`
	Message   string   `xml:"Error>Message"`
	RequestID string   `xml:"RequestId"`
}

func xmlError(code, message string) errorResponse {
	return errorResponse{Type: "Sender", Code: code, Message: message, RequestID: "fake-request"}
}

// invalidChangeBatch is the document of a refused batch, one message per
// refused change.
type invalidChangeBatch struct {
	XMLName   xml.Name `xml:"https://route53.amazonaws.com/doc/2013-04-01/ InvalidChangeBatch"`
	Messages  []string `xml:"Messages>Message"`
	RequestID string   `xml:"RequestId"`
}

type xmlZoneConfig struct {
	Comment     string `xml:"Comment,omitempty"`
	PrivateZone bool   `xml:"PrivateZone"`
}

type xmlHostedZone struct {
	ID              string        `xml:"Id"`
	Name            string        `xml:"Name"`
	CallerReference string        `xml:"CallerReference"`
	Config          xmlZoneConfig `xml:"Config"`
	RecordSetCount  int           `xml:"ResourceRecordSetCount"`
}

type xmlDelegationSet struct {
	NameServers []string `xml:"NameServers>NameServer"`
}

type xmlChangeInfo struct {
	ID          string `xml:"Id"`
	Status      string `xml:"Status"`
	SubmittedAt string `xml:"SubmittedAt"`
}

func changeInfoXML(c *change) xmlChangeInfo {
	return xmlChangeInfo{ID: "/change/" + c.id, Status: c.status, SubmittedAt: timestamp(c.submitted)}
}

// escapeName writes a name as Route 53 lists it: "*" as "\052".
func escapeName(name string) string {
	return strings.ReplaceAll(name, "*", `\052`)
}

// canonical lower-cases a name, decodes "\052" and adds the final dot.
func canonical(name string) string {
	name = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(name), `\052`, "*"))
	if !strings.HasSuffix(name, ".") {
		name += "."
	}
	return name
}

// sortKey orders names as Route 53 lists them: by labels from the right.
func sortKey(name string) string {
	labels := strings.Split(strings.TrimSuffix(name, "."), ".")
	for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
		labels[i], labels[j] = labels[j], labels[i]
	}
	return strings.Join(labels, ".")
}

func noSuchZone(id string) (int, any) {
	return 404, xmlError("NoSuchHostedZone", fmt.Sprintf("No hosted zone found with ID: %s", id))
}

func timestamp(t time.Time) string { return t.Format("2006-01-02T15:04:05.000Z") }
