package namecheap

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
)

// pricingXML builds a users.getPricing answer for one action. Each product
// is a TLD with its Price elements. Values come from
// shared/data/namecheap-prices.sample.json (sale_price is what the account
// paid, so it is YourPrice; regular_price is RegularPrice).
func pricingXML(category string, products string) string {
	return `<UserGetPricingResult><ProductType Name="domains">
  <ProductCategory Name="` + category + `">` + products + `</ProductCategory>
</ProductType></UserGetPricingResult>`
}

func priceEl(years, price, regular, yours, yourExtra string) string {
	return `<Price Duration="` + years + `" DurationType="YEAR" Price="` + price +
		`" PricingType="MULTIPLE" AdditionalCost="` + yourExtra + `" RegularPrice="` + regular +
		`" RegularPriceType="MULTIPLE" RegularAdditionalCost="` + yourExtra +
		`" YourPrice="` + yours + `" YourPriceType="MULTIPLE" YourAdditonalCost="` + yourExtra +
		`" YourAdditonalCostType="MULTIPLE" PromotionPrice="0.0" Currency="USD" />`
}

// tldXML is one Tld element of domains.getTldList, shaped like Namecheap's
// documented example.
func tldXML(name string, minY, maxY int, register, transfer, noPrivacy bool) string {
	return fmt.Sprintf(`<Tld Name="%s" NonRealTime="false" MinRegisterYears="%d" MaxRegisterYears="%d"
  MinRenewYears="1" MaxRenewYears="10" MinTransferYears="1" MaxTransferYears="1"
  IsApiRegisterable="%t" IsApiRenewable="true" IsApiTransferable="%t" IsEppRequired="true"
  IsDisableModContact="false" IsDisableWGAllot="%t" IsIncludeInExtendedSearchOnly="false"
  SequenceNumber="5" Type="GTLD" IsSupportsIDN="false" Category="P">%s</Tld>`,
		name, minY, maxY, register, transfer, noPrivacy, name)
}

func tldListXML(tlds ...string) string {
	return okXML("namecheap.domains.getTldList", "<Tlds>"+strings.Join(tlds, "")+"</Tlds>")
}

var pricingAnswers = map[string]string{
	"REGISTER": pricingXML("register", `
  <Product Name="com">`+priceEl("1", "11.28", "14.98", "11.28", "0.18")+
		priceEl("2", "14.88", "14.88", "14.88", "0.18")+
		priceEl("10", "14.48", "14.48", "14.48", "0.18")+`</Product>
  <Product Name="io">`+priceEl("1", "34.98", "57.98", "34.98", "0")+
		priceEl("5", "34.98", "57.98", "34.98", "0")+`</Product>
  <Product Name="co.uk">`+priceEl("2", "8.98", "9.98", "8.98", "0")+`</Product>
  <Product Name="ch">`+priceEl("1", "9.98", "9.98", "9.98", "0")+`</Product>`),
	"RENEW": pricingXML("renew", `
  <Product Name="com">`+priceEl("1", "18.48", "18.48", "18.48", "0.18")+`</Product>
  <Product Name="io">`+priceEl("1", "66.98", "66.98", "66.98", "0")+`</Product>`),
	"TRANSFER": pricingXML("transfer", `
  <Product Name="com">`+priceEl("1", "11.48", "14.98", "11.48", "0.18")+`</Product>`),
	"REACTIVATE": pricingXML("reactivate", `
  <Product Name="com">`+priceEl("1", "18.48", "18.48", "18.48", "0")+`</Product>
  <Product Name="io">`+priceEl("1", "66.98", "66.98", "66.98", "0")+`</Product>`),
}

func TestPricesFromGetPricing(t *testing.T) {
	f := newFake(t)
	f.on("namecheap.users.getPricing", func(form url.Values) (int, string) {
		if form.Get("ProductType") != "DOMAIN" {
			t.Errorf("ProductType = %q, want DOMAIN", form.Get("ProductType"))
		}
		return 200, okXML("namecheap.users.getPricing", pricingAnswers[form.Get("ActionName")])
	})
	f.on("namecheap.domains.getTldList", func(url.Values) (int, string) {
		return 200, tldListXML(tldXML("com", 1, 10, true, true, false),
			tldXML("io", 1, 10, true, false, false), tldXML("co.uk", 1, 10, true, true, true),
			tldXML("ch", 1, 10, false, false, false))
	})
	r, _ := newTestRegistrar(t, f, 0)

	got, err := r.Prices(context.Background())
	if err != nil {
		t.Fatalf("Prices: %v", err)
	}

	var actions []string
	for _, c := range f.calls("namecheap.users.getPricing") {
		actions = append(actions, c.Get("ActionName"))
	}
	if len(actions) != 4 || actions[0] != "REGISTER" || actions[3] != "REACTIVATE" {
		t.Errorf("actions asked = %v", actions)
	}

	byTLD := map[string]registrar.TLDPrice{}
	for _, p := range got {
		byTLD[p.TLD] = p
	}
	if len(got) != 4 || got[0].TLD != "ch" || got[1].TLD != "co.uk" || got[2].TLD != "com" || got[3].TLD != "io" {
		t.Fatalf("TLDs = %v, want ch, co.uk, com, io in order", got)
	}
	if byTLD["ch"].Registration != nil {
		t.Errorf("ch registration = %v, want nil: getTldList says the API cannot register it", byTLD["ch"].Registration)
	}

	// .com: YourPrice plus the 0.18 ICANN fee, for each action.
	com := byTLD["com"]
	wantCents(t, "com register", com.Registration, 1146)
	wantCents(t, "com renew", com.Renewal, 1866)
	wantCents(t, "com transfer", com.Transfer, 1166)
	wantCents(t, "com restore", com.Restoration, 1848)
	if com.MinYears != 1 || com.MaxYears != 10 || com.Currency != "USD" {
		t.Errorf("com years/currency = %d–%d %s, want 1–10 USD", com.MinYears, com.MaxYears, com.Currency)
	}

	io := byTLD["io"]
	wantCents(t, "io register", io.Registration, 3498)
	wantCents(t, "io renew", io.Renewal, 6698)
	wantCents(t, "io restore", io.Restoration, 6698)
	if io.Transfer != nil {
		t.Errorf("io transfer = %v, want nil (not sold)", io.Transfer)
	}
	if io.MinYears != 1 || io.MaxYears != 5 {
		t.Errorf("io years = %d–%d, want 1–5", io.MinYears, io.MaxYears)
	}

	uk := byTLD["co.uk"]
	wantCents(t, "co.uk register (shortest term, per year)", uk.Registration, 898)
	if uk.MinYears != 2 || uk.AuthCodeRequired {
		t.Errorf("co.uk min years %d, auth code required %v; want 2, false", uk.MinYears, uk.AuthCodeRequired)
	}
	if uk.Privacy == nil || *uk.Privacy || uk.PrivacyReason == "" {
		t.Errorf("co.uk privacy = %v %q, want false with a reason", uk.Privacy, uk.PrivacyReason)
	}
	if com.Privacy == nil || !*com.Privacy {
		t.Errorf("com privacy = %v, want true", com.Privacy)
	}
}

func wantCents(t *testing.T, what string, got *money.Money, cents int64) {
	t.Helper()
	if got == nil || got.Amount != cents || got.Currency != "USD" {
		t.Errorf("%s = %v, want %d USD cents", what, got, cents)
	}
}
