package namecheap

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

func TestRateLimitAnswersAreThrottled(t *testing.T) {
	cases := map[string]handler{
		"HTTP405": func(url.Values) (int, string) { return 405, "" },
		"ErrorText": func(url.Values) (int, string) {
			return 200, errXML("500000", "Too many requests")
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFake(t)
			f.on("namecheap.domains.check", h)
			r, _ := newTestRegistrar(t, f, 0)

			_, err := r.CheckAvailability(context.Background(), []string{"example.com"})
			var re *registrar.Error
			if !asRegistrarError(err, &re) || re.Kind != registrar.KindThrottled || re.RetryAfter != time.Minute {
				t.Fatalf("error = %v, want throttled with a minute's retry", err)
			}
			if !registrar.Retryable(err) {
				t.Error("throttled error is not retryable")
			}
			noKey(t, err)
		})
	}
}

func TestErrorNumbersMapToKinds(t *testing.T) {
	cases := []struct {
		number, text string
		kind         registrar.Kind
	}{
		{"2019166", "Domain not found", registrar.KindNotFound},
		{"2016166", "Domain is not associated with your account", registrar.KindNotFound},
		{"5019169", "Unknown exceptions", registrar.KindProviderDown},
		{"2011169", "Only 50 domains are allowed in a single check command", registrar.KindInvalid},
		{"1011150", "Invalid request IP: 198.51.100.1", registrar.KindInvalid},
		{"2099999", "Something we have never seen", registrar.KindInvalid},
		{"3099999", "Registry said something unknown", registrar.KindProviderDown},
	}
	for _, c := range cases {
		t.Run(c.number, func(t *testing.T) {
			f := newFake(t)
			f.on("namecheap.domains.getInfo", func(url.Values) (int, string) { return 200, errXML(c.number, c.text) })
			r, _ := newTestRegistrar(t, f, 0)

			_, err := r.Operation(context.Background(), "register:example.com")
			if got := registrar.KindOf(err); got != c.kind {
				t.Fatalf("kind = %q (%v), want %q", got, err, c.kind)
			}
			if !strings.Contains(err.Error(), c.number) || !strings.Contains(err.Error(), c.text) {
				t.Errorf("error %q lacks the number or text", err)
			}
		})
	}
}

func TestAPIKeyNeverInErrors(t *testing.T) {
	f := newFake(t)
	// Namecheap may echo parameters back in its error text.
	f.on("namecheap.domains.getInfo", func(form url.Values) (int, string) {
		return 200, errXML("1011102", "Parameter APIKey is invalid: "+form.Get("ApiKey"))
	})
	f.on("namecheap.domains.check", func(url.Values) (int, string) { return 502, "<html>bad gateway</html>" })
	f.on("namecheap.domains.renew", func(url.Values) (int, string) { return 200, "not xml at all" })
	r, _ := newTestRegistrar(t, f, 0)
	ctx := context.Background()

	var errs []error
	_, err := r.DomainDetail(ctx, "example.com")
	errs = append(errs, err)
	_, err = r.CheckAvailability(ctx, []string{"example.com"})
	errs = append(errs, err)

	// A server that is gone: the transport error must not carry the key.
	f.srv.Close()
	_, err = r.SetLock(ctx, "example.com", true)
	errs = append(errs, err)

	for i, err := range errs {
		if err == nil {
			t.Fatalf("call %d: no error", i)
		}
		noKey(t, err)
	}
	if !strings.Contains(errs[0].Error(), "[redacted]") {
		t.Errorf("echoed key not marked redacted: %v", errs[0])
	}
	if registrar.KindOf(errs[1]) != registrar.KindProviderDown || registrar.KindOf(errs[2]) != registrar.KindProviderDown {
		t.Errorf("kinds = %s, %s; want provider_down", registrar.KindOf(errs[1]), registrar.KindOf(errs[2]))
	}
}
