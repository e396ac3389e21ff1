package tlddata

import "testing"

func TestPricesFromEmbeddedList(t *testing.T) {
	prices, err := Prices()
	if err != nil {
		t.Fatal(err)
	}
	if len(prices) < 250 {
		t.Fatalf("only %d TLDs priced", len(prices))
	}

	byTLD := map[string]int{}
	for i, p := range prices {
		byTLD[p.TLD] = i
	}
	com := prices[byTLD["com"]]
	if com.Registration == nil || com.Registration.Currency != "USD" || com.Registration.Amount <= 0 {
		t.Fatalf("com registration = %+v", com.Registration)
	}
	if com.MinYears != 1 || com.MaxYears != 10 {
		t.Errorf("com years = %d..%d", com.MinYears, com.MaxYears)
	}

	couk, ok := byTLD["co.uk"]
	if !ok {
		t.Fatal("co.uk missing")
	}
	if prices[couk].AuthCodeRequired {
		t.Error("co.uk transfers use an IPS tag, not an auth code")
	}
	if _, ok := byTLD["au"]; ok {
		t.Error("au has no registration price and should not be sold")
	}
}

func TestPrivacyForContactType(t *testing.T) {
	ca, _ := Lookup("ca")
	if ok, _ := ca.PrivacyFor("person"); !ok {
		t.Error(".ca refuses privacy to a person")
	}
	if ok, why := ca.PrivacyFor("company"); ok || why == "" {
		t.Errorf(".ca gives privacy to a company (%q)", why)
	}
	com, _ := Lookup("com")
	if ok, _ := com.PrivacyFor("company"); !ok {
		t.Error(".com refuses privacy to a company")
	}
}
