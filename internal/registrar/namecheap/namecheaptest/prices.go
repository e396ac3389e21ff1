package namecheaptest

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// tldRow is one TLD of the fake's price list: the account's price and the
// list price per action, from shared/data/namecheap-prices.sample.json
// (sale_price as YourPrice, regular_price as RegularPrice).
type tldRow struct {
	your, regular map[string]string
	icannFee      string
	transferable  bool
	privacy       bool
}

var tldRows = map[string]tldRow{
	"com": {your: prices("11.28", "18.48", "11.48", "18.48"),
		regular: prices("14.98", "18.48", "14.98", "18.48"), icannFee: "0.18", transferable: true, privacy: true},
	"net": {your: prices("12.98", "18.58", "12.98", "18.58"),
		regular: prices("14.98", "18.58", "14.98", "18.58"), icannFee: "0.18", transferable: true, privacy: true},
	"org": {your: prices("7.48", "15.98", "10.98", "15.98"),
		regular: prices("12.98", "15.98", "12.98", "15.98"), icannFee: "0.18", transferable: true, privacy: true},
	"io": {your: prices("34.98", "66.98", "57.98", "66.98"),
		regular: prices("57.98", "66.98", "57.98", "66.98"), icannFee: "0", transferable: true, privacy: true},
	"us": {your: prices("4.98", "10.98", "7.98", "10.98"),
		regular: prices("8.48", "10.98", "8.48", "10.98"), icannFee: "0", transferable: true, privacy: false},
	"co.uk": {your: prices("3.48", "9.98", "", "9.98"),
		regular: prices("7.48", "9.98", "", "9.98"), icannFee: "0", transferable: false, privacy: true},
}

func prices(register, renew, transfer, reactivate string) map[string]string {
	return map[string]string{"REGISTER": register, "RENEW": renew, "TRANSFER": transfer,
		"REACTIVATE": reactivate}
}

func sortedTLDs() []string {
	out := make([]string, 0, len(tldRows))
	for t := range tldRows {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// getPricing answers users.getPricing for one action (all actions when
// ActionName is empty), optionally for one ProductName.
func (s *Server) getPricing(f url.Values) string {
	actions := []string{"REGISTER", "RENEW", "TRANSFER", "REACTIVATE"}
	if a := strings.ToUpper(f.Get("ActionName")); a != "" {
		actions = []string{a}
	}

	var b strings.Builder
	b.WriteString(`<UserGetPricingResult><ProductType Name="domains">`)
	for _, action := range actions {
		fmt.Fprintf(&b, `<ProductCategory Name="%s">`, strings.ToLower(action))
		for _, tld := range sortedTLDs() {
			if p := f.Get("ProductName"); p != "" && !strings.EqualFold(p, tld) {
				continue
			}
			writeProduct(&b, tld, action)
		}
		b.WriteString(`</ProductCategory>`)
	}
	b.WriteString(`</ProductType></UserGetPricingResult>`)
	return okXML("namecheap.users.getPricing", b.String())
}

func writeProduct(b *strings.Builder, tld, action string) {
	row := tldRows[tld]
	your := row.your[action]
	if your == "" {
		return
	}
	years := 10
	if action != "REGISTER" {
		years = 1
	}
	fmt.Fprintf(b, `<Product Name="%s">`, tld)
	for y := 1; y <= years; y++ {
		fmt.Fprintf(b, `<Price Duration="%d" DurationType="YEAR" Price="%s" PricingType="MULTIPLE"
 AdditionalCost="%s" RegularPrice="%s" RegularPriceType="MULTIPLE" RegularAdditionalCost="%s"
 RegularAdditionalCostType="MULTIPLE" YourPrice="%s" YourPriceType="MULTIPLE" YourAdditonalCost="%s"
 YourAdditonalCostType="MULTIPLE" PromotionPrice="0.0" Currency="USD" />`,
			y, your, row.icannFee, row.regular[action], row.icannFee, your, row.icannFee)
	}
	b.WriteString(`</Product>`)
}

// getTldList answers domains.getTldList.
func (s *Server) getTldList(url.Values) string {
	var b strings.Builder
	b.WriteString(`<Tlds>`)
	for _, tld := range sortedTLDs() {
		row := tldRows[tld]
		fmt.Fprintf(&b, `<Tld Name="%s" NonRealTime="false" MinRegisterYears="1" MaxRegisterYears="10"
 MinRenewYears="1" MaxRenewYears="10" MinTransferYears="1" MaxTransferYears="1"
 IsApiRegisterable="true" IsApiRenewable="true" IsApiTransferable="%t" IsEppRequired="true"
 IsDisableModContact="false" IsDisableWGAllot="%t" IsIncludeInExtendedSearchOnly="false"
 SequenceNumber="1" Type="GTLD" IsSupportsIDN="false" Category="P">%s</Tld>`,
			tld, row.transferable, !row.privacy, tld)
	}
	b.WriteString(`</Tlds>`)
	return okXML("namecheap.domains.getTldList", b.String())
}
