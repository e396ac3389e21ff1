package route53

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
)

func usd(v string) map[string]any {
	return map[string]any{"Price": json.Number(v), "Currency": "USD"}
}

func TestPricesReadsAllPagesExactly(t *testing.T) {
	f, r := newFake(t, map[string]handler{
		"ListPrices": func(t *testing.T, body map[string]any) reply {
			if body["MaxItems"] != float64(1000) {
				t.Errorf("MaxItems = %v", body["MaxItems"])
			}
			if _, hasTLD := body["Tld"]; hasTLD {
				t.Errorf("Tld sent: %v", body)
			}
			if body["Marker"] == nil {
				return ok(map[string]any{
					"Prices": []any{
						map[string]any{"Name": "com", "RegistrationPrice": usd("12.00"),
							"RenewalPrice": usd("12.00"), "TransferPrice": usd("12.00"),
							"RestorationPrice": usd("66.00")},
						map[string]any{"Name": "de", "RegistrationPrice": usd("9.99"),
							"RenewalPrice": usd("9.99")},
					},
					"NextPageMarker": "page-2",
				})
			}
			if body["Marker"] != "page-2" {
				t.Errorf("Marker = %v", body["Marker"])
			}
			return ok(map[string]any{"Prices": []any{
				map[string]any{"Name": "zz-new", "RegistrationPrice": usd("0.3"),
					"RenewalPrice": usd("8.125")},
				map[string]any{"Name": "old", "RegistrationPrice": usd("0"),
					"RenewalPrice": usd("20")},
			}})
		},
	})

	got, err := r.Prices(context.Background())
	if err != nil {
		t.Fatalf("Prices: %v", err)
	}
	if n := len(f.ops()); n != 2 {
		t.Fatalf("ListPrices calls = %d, want 2", n)
	}
	if len(got) != 4 {
		t.Fatalf("rows = %d, want 4: %+v", len(got), got)
	}
	byTLD := map[string]registrar.TLDPrice{}
	for _, p := range got {
		byTLD[p.TLD] = p
	}

	com := byTLD["com"]
	checkMoney(t, "com registration", com.Registration, 1200)
	checkMoney(t, "com restoration", com.Restoration, 6600)
	if com.Currency != "USD" || com.MaxYears != 10 || com.Privacy == nil || !*com.Privacy ||
		!com.AuthCodeRequired || com.LateRenewDays != 44 || com.RestoreDays != 75 || com.Source != priceSource {
		t.Errorf("com facts = %+v", com)
	}

	de := byTLD["de"]
	checkMoney(t, "de registration", de.Registration, 999)
	checkMoney(t, "de renewal", de.Renewal, 999)
	if de.Transfer != nil || de.MaxYears != 1 || de.Privacy == nil || *de.Privacy || de.PrivacyReason == "" {
		t.Errorf("de facts = %+v", de)
	}

	nw := byTLD["zz-new"]
	checkMoney(t, "new registration", nw.Registration, 30)
	checkMoney(t, "new renewal rounded up", nw.Renewal, 813)
	if nw.MinYears != 1 || nw.MaxYears != 10 || !nw.AuthCodeRequired {
		t.Errorf("defaults for an unknown TLD = %+v", nw)
	}

	if byTLD["old"].Registration != nil {
		t.Errorf("a zero registration price must mean not sold: %+v", byTLD["old"])
	}
}

func checkMoney(t *testing.T, what string, got *money.Money, cents int64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s missing", what)
		return
	}
	if got.Amount != cents || got.Currency != "USD" {
		t.Errorf("%s = %s, want %d USD cents", what, got, cents)
	}
}
