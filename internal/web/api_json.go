package web

import (
	"time"

	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/store"
)

// Shapes of the JSON API. Field names are a contract: add, never rename.

type jsonPaymentSummary struct {
	Status     string      `json:"status"`
	Authorized money.Money `json:"authorized"`
	Captured   money.Money `json:"captured"`
	Refunded   money.Money `json:"refunded"`
}

type jsonPayment struct {
	ID      string      `json:"id"`
	Purpose string      `json:"purpose"`
	Amount  money.Money `json:"amount"`
	jsonPaymentSummary
	ExpiresAt *time.Time `json:"expires_at"`
	Error     string     `json:"error,omitempty"`
}

type jsonItem struct {
	ID       string               `json:"id"`
	Type     string               `json:"type"`
	Domain   string               `json:"domain"`
	Unicode  string               `json:"unicode"`
	Years    int                  `json:"years"`
	Amount   money.Money          `json:"amount"`
	State    string               `json:"state"`
	Error    string               `json:"error"`
	Premium  bool                 `json:"premium"`
	Transfer *jsonTransfer        `json:"transfer,omitempty"`
	History  []store.HistoryEntry `json:"history"`
}

type jsonOrder struct {
	ID        string             `json:"id"`
	ClientID  string             `json:"client_id"`
	Status    string             `json:"status"`
	Total     money.Money        `json:"total"`
	Error     string             `json:"error"`
	CreatedAt time.Time          `json:"created_at"`
	Payment   jsonPaymentSummary `json:"payment"`
	Payments  []jsonPayment      `json:"payments"`
	Items     []jsonItem         `json:"items"`
}

func toJSONOrder(o store.Order) jsonOrder {
	cur := o.Total.Currency
	out := jsonOrder{ID: o.ID, ClientID: o.ClientID, Status: o.Status, Total: o.Total,
		Error: o.Error, CreatedAt: o.CreatedAt.UTC(), Payments: []jsonPayment{}, Items: []jsonItem{},
		Payment: jsonPaymentSummary{Status: "none", Authorized: money.Zero(cur),
			Captured: money.Zero(cur), Refunded: money.Zero(cur)}}

	for i, p := range o.Payments {
		jp := toJSONPayment(p)
		out.Payments = append(out.Payments, jp)
		// The summary is the registrations' authorisation; an order of
		// transfers only shows its first transfer's payment instead.
		if p.Purpose == store.PurposeRegistrations || i == 0 {
			out.Payment = jp.jsonPaymentSummary
		}
	}
	for _, it := range o.Items {
		out.Items = append(out.Items, toJSONItem(it))
	}
	return out
}

func toJSONPayment(p store.Payment) jsonPayment {
	cur := p.Amount.Currency
	jp := jsonPayment{ID: p.ID, Purpose: p.Purpose, Amount: p.Amount, Error: p.Error,
		jsonPaymentSummary: jsonPaymentSummary{Status: p.Status,
			Authorized: money.New(p.Authorized, cur), Captured: money.New(p.Captured, cur),
			Refunded: money.New(p.Refunded, cur)}}
	if !p.ExpiresAt.IsZero() {
		t := p.ExpiresAt.UTC()
		jp.ExpiresAt = &t
	}
	return jp
}

func toJSONItem(it store.Item) jsonItem {
	ji := jsonItem{ID: it.ID, Type: it.Type, Domain: it.Domain,
		Unicode: domainname.ToUnicode(it.Domain), Years: it.Years, Amount: it.Amount,
		State: it.State, Error: it.Error, Premium: it.Premium, History: it.History}
	if ji.History == nil {
		ji.History = []store.HistoryEntry{}
	}
	if it.Type == store.ItemTransfer {
		ji.Transfer = transferOf(it)
	}
	return ji
}

type jsonTransfer struct {
	State  string `json:"state"`
	Detail string `json:"detail"`
}

// transferOf names where a transfer stands: submitted, in_progress,
// action_required, completed, failed or cancelled.
func transferOf(it store.Item) *jsonTransfer {
	state := it.TransferState
	switch {
	case it.State == store.ItemCompleted:
		state = "completed"
	case it.State == store.ItemFailed:
		state = "failed"
	case it.State == store.ItemCancelled:
		state = "cancelled"
	case state == string(registrar.OpSucceeded):
		state = "in_progress"
	case state == "":
		state = "submitted"
	}
	return &jsonTransfer{State: state, Detail: it.TransferDetail}
}

type jsonPrivacy struct {
	Enabled   bool   `json:"enabled"`
	Available bool   `json:"available"`
	Reason    string `json:"reason"`
}

type jsonDomain struct {
	Domain      string        `json:"domain"`
	Unicode     string        `json:"unicode"`
	Status      string        `json:"status"`
	NeedsReview bool          `json:"needs_review"`
	ReviewNote  string        `json:"review_note,omitempty"`
	Registrar   string        `json:"registrar"`
	ClientID    *string       `json:"client_id"`
	ExpiresAt   *time.Time    `json:"expires_at"`
	AutoRenew   bool          `json:"auto_renew"`
	Locked      bool          `json:"locked"`
	Nameservers []string      `json:"nameservers"`
	Privacy     jsonPrivacy   `json:"privacy"`
	Transfer    *jsonTransfer `json:"transfer"`
}

func toJSONDomain(d store.Domain, privacy jsonPrivacy, transfer *jsonTransfer) jsonDomain {
	jd := jsonDomain{Domain: d.Name, Unicode: domainname.ToUnicode(d.Name), Status: d.Status,
		NeedsReview: d.NeedsReview, ReviewNote: d.ReviewNote, Registrar: d.Registrar,
		AutoRenew: d.AutoRenew, Locked: d.Locked, Nameservers: d.Nameservers,
		Privacy: privacy, Transfer: transfer}
	if d.ClientID != "" {
		c := d.ClientID
		jd.ClientID = &c
	}
	if !d.ExpiresAt.IsZero() {
		t := d.ExpiresAt.UTC()
		jd.ExpiresAt = &t
	}
	if jd.Nameservers == nil {
		jd.Nameservers = []string{}
	}
	return jd
}
