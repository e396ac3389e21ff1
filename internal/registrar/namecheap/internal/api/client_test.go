package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

const key = "KEY-0123456789abcdef"

func serve(t *testing.T, status int, body string) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			t.Errorf("content type = %q", r.Header.Get("Content-Type"))
		}
		if err := r.ParseForm(); err != nil {
			t.Errorf("parse form: %v", err)
		}
		if r.PostForm.Get("Command") != "namecheap.test.run" || r.PostForm.Get("Extra") != "1" {
			t.Errorf("form = %v", r.PostForm)
		}
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return New(srv.URL, Credentials{APIUser: "u", APIKey: key, UserName: "n", ClientIP: "192.0.2.1"},
		nil, nil, nil)
}

func TestCallReadsCommandResponseCaseInsensitively(t *testing.T) {
	c := serve(t, 200, `<?xml version="1.0"?>
<ApiResponse Status="ok" xmlns="http://api.namecheap.com/xml.response">
  <Errors/><CommandResponse Type="namecheap.test.run">
    <DomainTransferCreateResult Domainname="example.net" TRANSFERID="15" />
  </CommandResponse></ApiResponse>`)

	resp, err := c.Call(context.Background(), "namecheap.test.run", url.Values{"Extra": {"1"}})
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	res, ok := resp.Find("domaintransfercreateresult")
	if !ok || res.Attr("DomainName") != "example.net" || res.Attr("TransferID") != "15" {
		t.Fatalf("result = %+v", res)
	}
}

func TestCallErrors(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		check  func(error) bool
	}{
		{"Envelope", 200, `<ApiResponse Status="ERROR"><Errors><Error Number="2019166">Domain not found</Error></Errors></ApiResponse>`,
			func(err error) bool {
				var e *Error
				return errors.As(err, &e) && e.First().Number == "2019166" && e.First().Text == "Domain not found"
			}},
		{"HTTP405", 405, ``, func(err error) bool { return errors.Is(err, ErrThrottled) }},
		{"ThrottleText", 200, `<ApiResponse Status="ERROR"><Errors><Error Number="0">Too many requests</Error></Errors></ApiResponse>`,
			func(err error) bool { return errors.Is(err, ErrThrottled) }},
		{"HTTP500", 500, `oops`, func(err error) bool {
			var e *HTTPError
			return errors.As(err, &e) && e.Status == 500
		}},
		{"NotXML", 200, `hello`, func(err error) bool {
			var e *TransportError
			return errors.As(err, &e)
		}},
		{"EchoedKey", 200, `<ApiResponse Status="ERROR"><Errors><Error Number="1">bad key ` + key + `</Error></Errors></ApiResponse>`,
			func(err error) bool { return strings.Contains(err.Error(), "[redacted]") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := serve(t, c.status, c.body)
			_, err := cl.Call(context.Background(), "namecheap.test.run", url.Values{"Extra": {"1"}})
			if err == nil || !c.check(err) {
				t.Fatalf("error = %v", err)
			}
			if strings.Contains(err.Error(), key) {
				t.Fatalf("key leaked: %v", err)
			}
		})
	}
}
