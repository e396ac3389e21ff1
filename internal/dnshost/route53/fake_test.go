package route53

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

const xmlns = `xmlns="https://route53.amazonaws.com/doc/2013-04-01/"`

// route answers one REST-XML operation with a status and an XML body.
type route func(t *testing.T, r *http.Request, body string) (int, string)

// fakeRoute53 speaks Route 53's REST-XML API for the routes it is given
// ("GET /2013-04-01/hostedzonesbyname") and fails the test on any other.
type fakeRoute53 struct {
	mu    sync.Mutex
	calls []string
}

func newFake(t *testing.T, routes map[string]route) (*fakeRoute53, *Host) {
	t.Helper()
	f, url := newServer(t, routes)

	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", "")),
		config.WithRetryMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	cfg.BaseEndpoint = aws.String(url)
	return f, newHost(t, cfg)
}

func newHost(t *testing.T, cfg aws.Config) *Host {
	t.Helper()
	h, err := New(context.Background(), Config{AWS: &cfg, Logger: slog.New(slog.NewTextHandler(t.Output(), nil))})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// newServer serves the routes and returns the server's URL.
func newServer(t *testing.T, routes map[string]route) (*fakeRoute53, string) {
	t.Helper()
	f := &fakeRoute53{}
	mux := http.NewServeMux()
	for pattern, fn := range routes {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			raw, _ := io.ReadAll(r.Body)
			f.mu.Lock()
			f.calls = append(f.calls, r.Method+" "+r.URL.Path)
			f.mu.Unlock()
			if auth := r.Header.Get("Authorization"); !strings.Contains(auth, "/us-east-1/route53/") {
				t.Errorf("%s: not signed for route53 in us-east-1: %q", pattern, auth)
			}

			status, out := fn(t, r, string(raw))
			w.Header().Set("Content-Type", "text/xml")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+out)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s?%s", r.Method, r.URL.Path, r.URL.RawQuery)
		http.Error(w, "unexpected", http.StatusBadRequest)
	})

	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return f, srv.URL
}

func (f *fakeRoute53) list() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// xmlError is Route 53's error document.
func xmlError(code, message string) string {
	return fmt.Sprintf(`<ErrorResponse %s><Error><Type>Sender</Type><Code>%s</Code>`+
		`<Message>%s</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`, xmlns, code, message)
}

// hostedZone is one <HostedZone> element.
func hostedZone(id, name, callerRef string, private bool) string {
	return fmt.Sprintf(`<HostedZone><Id>/hostedzone/%s</Id><Name>%s</Name>`+
		`<CallerReference>%s</CallerReference><Config><PrivateZone>%t</PrivateZone></Config>`+
		`<ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone>`, id, name, callerRef, private)
}

const delegation = `<DelegationSet><NameServers><NameServer>ns-1.awsdns-01.org</NameServer>` +
	`<NameServer>NS-2.awsdns-02.com</NameServer></NameServers></DelegationSet>`

func getHostedZone(id, name string) route {
	return func(t *testing.T, r *http.Request, _ string) (int, string) {
		if r.PathValue("id") != id {
			t.Errorf("GetHostedZone id = %q, want %q", r.PathValue("id"), id)
		}
		return 200, fmt.Sprintf(`<GetHostedZoneResponse %s>%s%s</GetHostedZoneResponse>`,
			xmlns, hostedZone(id, name, "ref", false), delegation)
	}
}
