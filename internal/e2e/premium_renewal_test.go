package e2e

import (
	"testing"

	"github.com/proecommerce/domains/internal/apptest"
)

type invoice struct {
	ID      string  `json:"id"`
	OrderID string  `json:"order_id"`
	Status  string  `json:"status"`
	Total   money   `json:"total"`
	PaidAt  *string `json:"paid_at"`
	Lines   []struct {
		Domain string `json:"domain"`
		Kind   string `json:"kind"`
		Amount money  `json:"amount"`
	} `json:"lines"`
}

// A sandbox premium name costs ten times the list price to register and
// renews at the list price: the renewal price the search quotes is the
// amount the renewal invoice bills.
func TestPremiumRenewalQuoteIsWhatRenewalBills(t *testing.T) {
	h := apptest.Start(t, apptest.Options{})
	c := signUp(t, h, "pia@example.com")

	var search struct {
		Results []struct {
			Domain       string `json:"domain"`
			Status       string `json:"status"`
			Premium      bool   `json:"premium"`
			Price        money  `json:"price"`
			RenewalPrice money  `json:"renewal_price"`
		} `json:"results"`
	}
	if st := c.Do("GET", "/api/v1/availability?domain=premium-abc.com", nil, &search); st != 200 ||
		len(search.Results) != 1 {
		t.Fatalf("availability: %d %+v", st, search)
	}
	q := search.Results[0]
	// .com costs 12.00 at Route 53, sold with 20 %: 14.40 a year, and a
	// premium registration ten times that.
	if q.Status != "premium" || !q.Premium || q.Price != (money{14400, "USD"}) ||
		q.RenewalPrice != (money{1440, "USD"}) {
		t.Fatalf("premium-abc.com quote = %+v, want 144.00 to register and 14.40 to renew", q)
	}

	buy(t, h, c, "premium-abc.com")
	var inv invoice
	if st := c.Do("POST", "/api/v1/domains/premium-abc.com/renewal", nil, &inv); st != 200 {
		t.Fatalf("renewal invoice: %d %+v", st, inv)
	}
	if inv.Status != "open" || inv.Total != q.RenewalPrice || len(inv.Lines) != 1 ||
		inv.Lines[0].Kind != "renewal" || inv.Lines[0].Amount != q.RenewalPrice {
		t.Fatalf("renewal invoice = %+v, want one renewal line of the quoted %+v", inv, q.RenewalPrice)
	}
}
