package route53

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/dnshost"
)

// changeRequest is the ChangeResourceRecordSetsRequest document.
type changeRequest struct {
	Changes []struct {
		Action string `xml:"Action"`
		Set    struct {
			Name   string   `xml:"Name"`
			Type   string   `xml:"Type"`
			TTL    int      `xml:"TTL"`
			Values []string `xml:"ResourceRecords>ResourceRecord>Value"`
		} `xml:"ResourceRecordSet"`
	} `xml:"ChangeBatch>Changes>Change"`
}

const changeRoute = "POST /2013-04-01/hostedzone/{id}/rrset"

func changeOK(got *changeRequest) route {
	return func(t *testing.T, r *http.Request, body string) (int, string) {
		if r.PathValue("id") != "Z1" {
			t.Errorf("zone id = %q", r.PathValue("id"))
		}
		if err := xml.Unmarshal([]byte(body), got); err != nil {
			t.Errorf("request body %q: %v", body, err)
		}
		return 200, fmt.Sprintf(`<ChangeResourceRecordSetsResponse %s><ChangeInfo><Id>/change/C2</Id>`+
			`<Status>PENDING</Status><SubmittedAt>2026-12-01T10:00:00.000Z</SubmittedAt></ChangeInfo>`+
			`</ChangeResourceRecordSetsResponse>`, xmlns)
	}
}

func TestApplySendsOneBatch(t *testing.T) {
	var got changeRequest
	dkim := `"` + strings.Repeat("a", 255) + `" "` + strings.Repeat("b", 155) + `"`
	f, h := newFake(t, map[string]route{changeRoute: changeOK(&got)})

	info, err := h.Apply(context.Background(), "Z1", []dnshost.Change{
		{Action: dnshost.Upsert, Set: dnshost.RecordSet{Name: "*.Example.com", Type: "cname", TTL: 300,
			Values: []string{"lb.example.net."}}},
		{Action: dnshost.Create, Set: dnshost.RecordSet{Name: "example.com.", Type: "TXT", TTL: 3600,
			Values: []string{`"say \"hi\""`, `"a\\b"`, dkim}}},
		{Action: dnshost.Delete, Set: dnshost.RecordSet{Name: "old.example.com.", Type: "A", TTL: 60,
			Values: []string{"192.0.2.1"}}},
	})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}

	if info.ID != "C2" || info.Status != dnshost.ChangePending ||
		!info.Submitted.Equal(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("info = %+v", info)
	}
	if len(f.list()) != 1 || len(got.Changes) != 3 {
		t.Fatalf("calls = %v, changes = %+v", f.list(), got)
	}
	c0, c1, c2 := got.Changes[0], got.Changes[1], got.Changes[2]
	if c0.Action != "UPSERT" || c0.Set.Name != "*.example.com." || c0.Set.Type != "CNAME" || c0.Set.TTL != 300 {
		t.Errorf("change 0 = %+v", c0)
	}
	if c1.Action != "CREATE" || !slices.Equal(c1.Set.Values, []string{`"say \"hi\""`, `"a\\b"`, dkim}) {
		t.Errorf("change 1 = %+v", c1)
	}
	if c2.Action != "DELETE" || c2.Set.Name != "old.example.com." || c2.Set.Values[0] != "192.0.2.1" {
		t.Errorf("change 2 = %+v", c2)
	}
}

func TestApplyRefusesBeforeAnyCall(t *testing.T) {
	big := make([]string, 9)
	for i := range big {
		big[i] = `"` + strings.Repeat("x", 1998) + `"`
	}
	cases := map[string][]dnshost.Change{
		"empty batch": nil,
		"value over 4000": {{Action: dnshost.Create, Set: dnshost.RecordSet{Name: "a.example.com.", Type: "TXT",
			TTL: 300, Values: []string{`"` + strings.Repeat("x", 4000) + `"`}}}},
		"unquoted TXT": {{Action: dnshost.Create, Set: dnshost.RecordSet{Name: "a.example.com.", Type: "TXT",
			TTL: 300, Values: []string{"v=spf1 -all"}}}},
		"no value": {{Action: dnshost.Create, Set: dnshost.RecordSet{Name: "a.example.com.", Type: "A", TTL: 300}}},
		"upsert counts double": {{Action: dnshost.Upsert, Set: dnshost.RecordSet{Name: "a.example.com.",
			Type: "TXT", TTL: 300, Values: big}}},
	}
	for name, changes := range cases {
		t.Run(name, func(t *testing.T) {
			f, h := newFake(t, map[string]route{})

			_, err := h.Apply(context.Background(), "Z1", changes)

			if !errors.Is(err, dnshost.ErrInvalidChange) {
				t.Fatalf("err = %v, want invalid change", err)
			}
			if len(f.list()) != 0 {
				t.Errorf("calls = %v", f.list())
			}
		})
	}
}

func TestApplyErrors(t *testing.T) {
	invalidBatch := fmt.Sprintf(`<InvalidChangeBatch %s><Messages>`+
		`<Message>Tried to create resource record set [name='www.example.com.', type='A'] but it already exists</Message>`+
		`<Message>RRSet of type CNAME with DNS name old.example.com. is not permitted</Message>`+
		`</Messages><RequestId>req-2</RequestId></InvalidChangeBatch>`, xmlns)
	cases := []struct {
		name     string
		status   int
		body     string
		sentinel error
		text     string
	}{
		{"invalid change batch", 400, invalidBatch, dnshost.ErrInvalidChange,
			"already exists; RRSet of type CNAME with DNS name old.example.com. is not permitted"},
		{"prior request", 400, xmlError("PriorRequestNotComplete", "The request was rejected because Route 53 was still processing a prior request."), dnshost.ErrThrottled, "PriorRequestNotComplete"},
		{"throttling", 400, xmlError("Throttling", "Rate exceeded"), dnshost.ErrThrottled, "Throttling"},
		{"server error", 500, xmlError("InternalError", "boom"), dnshost.ErrProviderDown, "HTTP 500"},
		{"no zone", 404, xmlError("NoSuchHostedZone", "No hosted zone found with ID: Z1"), dnshost.ErrZoneNotFound, "Z1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, h := newFake(t, map[string]route{
				changeRoute: func(*testing.T, *http.Request, string) (int, string) { return tc.status, tc.body },
			})

			_, err := h.Apply(context.Background(), "Z1", []dnshost.Change{{Action: dnshost.Create,
				Set: dnshost.RecordSet{Name: "www.example.com.", Type: "A", TTL: 300, Values: []string{"192.0.2.1"}}}})

			if !errors.Is(err, tc.sentinel) || !strings.Contains(err.Error(), tc.text) {
				t.Fatalf("err = %v, want %v with %q", err, tc.sentinel, tc.text)
			}
			if len(f.list()) != 1 {
				t.Errorf("calls = %v", f.list())
			}
		})
	}
}

func TestChangeStatusInSync(t *testing.T) {
	_, h := newFake(t, map[string]route{
		"GET /2013-04-01/change/{id}": func(t *testing.T, r *http.Request, _ string) (int, string) {
			if r.PathValue("id") != "C2" {
				t.Errorf("change id = %q", r.PathValue("id"))
			}
			return 200, fmt.Sprintf(`<GetChangeResponse %s><ChangeInfo><Id>/change/C2</Id><Status>INSYNC</Status>`+
				`<SubmittedAt>2026-12-01T10:00:00Z</SubmittedAt></ChangeInfo></GetChangeResponse>`, xmlns)
		},
	})

	for _, id := range []string{"C2", "/change/C2"} {
		info, err := h.ChangeStatus(context.Background(), id)
		if err != nil {
			t.Fatalf("ChangeStatus(%s): %v", id, err)
		}
		if info.ID != "C2" || info.Status != dnshost.ChangeInSync {
			t.Errorf("info = %+v", info)
		}
	}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// aSets returns n single-value A record sets with distinct names.
func aSets(action dnshost.Action, n int) []dnshost.Change {
	out := make([]dnshost.Change, n)
	for i := range out {
		out[i] = dnshost.Change{Action: action, Set: dnshost.RecordSet{Name: fmt.Sprintf("h%04d.example.com.", i),
			Type: "A", TTL: 300, Values: []string{fmt.Sprintf("192.0.%d.%d", i/250, i%250+1)}}}
	}
	return out
}

// TestApplyValueLimit: 1,000 values go in one batch; 501 UPSERTs count
// 1,002 and are refused before any call.
func TestApplyValueLimit(t *testing.T) {
	var got changeRequest
	f, h := newFake(t, map[string]route{changeRoute: changeOK(&got)})

	if _, err := h.Apply(context.Background(), "Z1", aSets(dnshost.Create, 1000)); err != nil {
		t.Fatalf("1,000 CREATE values: %v", err)
	}
	if len(got.Changes) != 1000 || len(f.list()) != 1 {
		t.Fatalf("sent %d changes in %d calls, want 1,000 in one", len(got.Changes), len(f.list()))
	}

	_, err := h.Apply(context.Background(), "Z1", aSets(dnshost.Upsert, 501))
	if !errors.Is(err, dnshost.ErrInvalidChange) || !strings.Contains(err.Error(), "1002 values") {
		t.Fatalf("501 UPSERTs: %v, want refused as 1002 values", err)
	}
	if len(f.list()) != 1 {
		t.Errorf("calls = %v: the refused batch was sent", f.list())
	}
}
