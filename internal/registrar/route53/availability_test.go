package route53

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/proecommerce/domains/internal/registrar"
)

func TestCheckAvailabilityMapsEveryValue(t *testing.T) {
	answers := map[string]string{
		"free.com":       "AVAILABLE",
		"taken.com":      "UNAVAILABLE",
		"premium.com":    "UNAVAILABLE_PREMIUM",
		"reserved.com":   "RESERVED",
		"avres.com":      "AVAILABLE_RESERVED",
		"preorder.com":   "AVAILABLE_PREORDER",
		"restricted.com": "UNAVAILABLE_RESTRICTED",
		"bad.com":        "INVALID_NAME_FOR_TLD",
		"dontknow.com":   "DONT_KNOW",
		"pending.com":    "PENDING",
	}
	want := map[string]registrar.AvailabilityStatus{
		"free.com":       registrar.StatusAvailable,
		"taken.com":      registrar.StatusTaken,
		"premium.com":    registrar.StatusPremium,
		"reserved.com":   registrar.StatusReserved,
		"avres.com":      registrar.StatusReserved,
		"preorder.com":   registrar.StatusReserved,
		"restricted.com": registrar.StatusReserved,
		"bad.com":        registrar.StatusInvalid,
		"dontknow.com":   registrar.StatusUnknown,
		"pending.com":    registrar.StatusUnknown,
	}

	var mu sync.Mutex
	asked := map[string]int{}
	f, r := newFake(t, map[string]handler{
		"CheckDomainAvailability": func(t *testing.T, body map[string]any) reply {
			name, _ := body["DomainName"].(string)
			mu.Lock()
			asked[name]++
			mu.Unlock()
			return ok(map[string]any{"Availability": answers[name]})
		},
	})

	names := make([]string, 0, len(answers))
	for n := range answers {
		names = append(names, n)
	}
	got, err := r.CheckAvailability(context.Background(), names)
	if err != nil {
		t.Fatalf("CheckAvailability: %v", err)
	}

	for i, a := range got {
		if a.Domain != names[i] {
			t.Errorf("result %d is %s, want %s (order kept)", i, a.Domain, names[i])
		}
		if a.Status != want[a.Domain] || a.Raw != answers[a.Domain] {
			t.Errorf("%s: got %s (%s), want %s (%s)", a.Domain, a.Status, a.Raw, want[a.Domain], answers[a.Domain])
		}
	}
	for _, n := range []string{"dontknow.com", "pending.com"} {
		if asked[n] != 1+DefaultAvailabilityRetries {
			t.Errorf("%s asked %d times, want %d", n, asked[n], 1+DefaultAvailabilityRetries)
		}
	}
	if asked["free.com"] != 1 {
		t.Errorf("free.com asked %d times, want 1", asked["free.com"])
	}
	if len(f.ops()) != 8+2*(1+DefaultAvailabilityRetries) {
		t.Errorf("calls = %d", len(f.ops()))
	}
}

func TestCheckAvailabilityRetriesPendingThenAvailable(t *testing.T) {
	n := 0
	_, r := newFake(t, map[string]handler{
		"CheckDomainAvailability": func(*testing.T, map[string]any) reply {
			n++
			if n < 3 {
				return ok(map[string]any{"Availability": "PENDING"})
			}
			return ok(map[string]any{"Availability": "AVAILABLE"})
		},
	})

	got, err := r.CheckAvailability(context.Background(), []string{"slow.io"})
	if err != nil {
		t.Fatalf("CheckAvailability: %v", err)
	}
	if got[0].Status != registrar.StatusAvailable || n != 3 {
		t.Fatalf("got %+v after %d calls, want available after 3", got[0], n)
	}
}

func TestCheckAvailabilityErrors(t *testing.T) {
	cases := []struct {
		name  string
		reply reply
		kind  registrar.Kind
		code  string
	}{
		{"unsupported tld", awsError(400, "UnsupportedTLD", "TLD not supported"), registrar.KindUnsupportedTLD, "UnsupportedTLD"},
		{"invalid input", awsError(400, "InvalidInput", "The DomainName is invalid"), registrar.KindInvalid, "InvalidInput"},
		{"throttled", awsError(400, "ThrottlingException", "Rate exceeded"), registrar.KindThrottled, "ThrottlingException"},
		{"maintenance", awsError(400, "TLDInMaintenance", "registry maintenance"), registrar.KindThrottled, "TLDInMaintenance"},
		{"server error", awsError(500, "InternalFailure", "boom"), registrar.KindProviderDown, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, r := newFake(t, map[string]handler{"CheckDomainAvailability": fixed(tc.reply)})

			_, err := r.CheckAvailability(context.Background(), []string{"x.example"})

			var e *registrar.Error
			if !asRegErr(err, &e) || e.Kind != tc.kind || e.Code != tc.code {
				t.Fatalf("err = %v, want kind %s code %q", err, tc.kind, tc.code)
			}
			if len(f.ops()) != 1 {
				t.Errorf("calls = %d, want 1 (no retry in tests)", len(f.ops()))
			}
		})
	}
}

func TestInvalidInputNamesField(t *testing.T) {
	_, r := newFake(t, map[string]handler{
		"RenewDomain": fixed(awsError(400, "InvalidInput", "Invalid CurrentExpiryYear for domain")),
	})

	_, err := r.Renew(context.Background(), "example.com", 2026, 1)

	var e *registrar.Error
	if !asRegErr(err, &e) || e.Kind != registrar.KindInvalid || e.Field != "expiry_year" {
		t.Fatalf("err = %#v, want invalid on expiry_year", err)
	}
}

func TestSuggest(t *testing.T) {
	f, r := newFake(t, map[string]handler{
		"GetDomainSuggestions": fixed(ok(map[string]any{"SuggestionsList": []any{
			map[string]any{"DomainName": "shopnow.com", "Availability": "AVAILABLE"},
			map[string]any{"DomainName": "shopnow.net", "Availability": "UNAVAILABLE"},
		}})),
	})

	got, err := r.Suggest(context.Background(), "shopnow.com", 2)
	if err != nil {
		t.Fatalf("Suggest: %v", err)
	}

	body := f.only(t).body
	if body["DomainName"] != "shopnow.com" || body["SuggestionCount"] != float64(2) || body["OnlyAvailable"] != false {
		t.Errorf("request = %v", body)
	}
	if len(got) != 2 || got[0].Status != registrar.StatusAvailable || got[1].Status != registrar.StatusTaken {
		t.Errorf("got %+v", got)
	}
}

func asRegErr(err error, target **registrar.Error) bool {
	return errors.As(err, target)
}
