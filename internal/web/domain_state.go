package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

// heldOf says whether the registrar holds the domain for us in a state
// where its settings (WHOIS privacy, transfer lock, auth code, name
// servers) can be changed, and why not otherwise. Only an active domain
// qualifies: a pending or transferring one is not ours yet, an expired or
// redeemable one must be renewed or restored first, and a gone one is no
// longer (or never was) with us.
func (s *Server) heldOf(r *http.Request, d store.Domain) (bool, string) {
	switch d.Status {
	case store.DomainActive:
		return true, ""
	case store.DomainPending:
		return false, "the registration is not finished yet"
	case store.DomainTransferring:
		return false, "the transfer is still under way; the domain is not at our registrar yet"
	case store.DomainExpired:
		return false, "the domain has expired; renew it first"
	case store.DomainRedemption:
		return false, "the domain is in redemption; restore it first"
	case store.DomainGone:
		if tr := s.transferView(r, d); tr != nil && tr.State != "completed" {
			return false, "the transfer did not go through, so the domain never came to us"
		}
		if d.ReviewNote != "" {
			return false, "the domain is no longer registered with us (" + d.ReviewNote + ")"
		}
		return false, "the domain is no longer registered with us"
	}
	return false, "the domain is " + d.Status
}

// heldConflict is heldOf as the 409 a registrar change answers.
func (s *Server) heldConflict(r *http.Request, d store.Domain) error {
	if ok, why := s.heldOf(r, d); !ok {
		return &validate.FieldError{Code: "conflict", Message: "not possible for " + d.Name + ": " + why}
	}
	return nil
}

// autoRenewConflict refuses auto-renew for a domain that is gone: there is
// nothing left to renew.
func (s *Server) autoRenewConflict(r *http.Request, d store.Domain) error {
	if d.Status != store.DomainGone {
		return nil
	}
	_, why := s.heldOf(r, d)
	return &validate.FieldError{Field: "enabled", Code: "conflict",
		Message: "auto-renew is not possible for " + d.Name + ": " + why}
}

// adminTransfer is where the transfer that brought (or was to bring) the
// domain stands, for the admin's domain page.
type adminTransfer struct {
	State   string
	Detail  string
	Error   string
	OrderID string
}

// originItem reads the order item that brought the domain, with its
// history; ok is false for a domain that came from elsewhere (an import).
func (s *Server) originItem(r *http.Request, d store.Domain) (store.Item, bool) {
	if d.OrderItemID == "" {
		return store.Item{}, false
	}
	it, err := s.Store.Item(r.Context(), d.OrderItemID)
	if err != nil {
		return it, false
	}
	o, err := s.Store.OrderByID(r.Context(), it.OrderID)
	if err != nil {
		return it, true
	}
	for _, x := range o.Items {
		if x.ID == it.ID {
			return x, true
		}
	}
	return it, true
}

// adminTransferOf describes the domain's transfer in; nil when it did not
// come by transfer or the transfer completed.
func adminTransferOf(it store.Item, ok bool) *adminTransfer {
	if !ok || it.Type != store.ItemTransfer {
		return nil
	}
	tr := transferOf(it)
	if tr.State == "completed" {
		return nil
	}
	return &adminTransfer{State: tr.State, Detail: tr.Detail, Error: it.Error, OrderID: it.OrderID}
}

// underWay names the transfer that brings the domain while it still runs
// at the registrar ("transfer (in_progress)"); empty once it ended. (A
// registration's domain is stored only once it is registered.)
func underWay(it store.Item, tr *adminTransfer) string {
	if tr == nil || store.ItemTerminal(it.State) {
		return ""
	}
	return "transfer (" + tr.State + ")"
}

// endedAt is when the item reached its present state, from its history.
func endedAt(it store.Item) time.Time {
	for i := len(it.History) - 1; i >= 0; i-- {
		if it.History[i].State == it.State {
			return it.History[i].At
		}
	}
	return it.UpdatedAt
}

// originEntries are the timeline's first dates: when the domain was
// ordered and when it came to us, with the transfer lock that follows; or,
// for a registration or transfer that failed, when and why. A domain from
// elsewhere shows when it was added and the lock counted from then.
func originEntries(d store.Domain, it store.Item, ok bool) []timelineEntry {
	if !ok {
		if d.Status == store.DomainPending || d.Status == store.DomainTransferring || d.Status == store.DomainGone {
			return []timelineEntry{{Label: "Added here", At: d.CreatedAt}}
		}
		return []timelineEntry{{Label: "Registered with us", At: d.CreatedAt}, lockEntry(d.CreatedAt)}
	}

	what, done := "Registration", "Registered with us"
	if it.Type == store.ItemTransfer {
		what, done = "Transfer", "Transferred in"
	}
	out := []timelineEntry{{Label: what + " ordered", At: it.CreatedAt}}
	switch it.State {
	case store.ItemCompleted:
		at := endedAt(it)
		out = append(out, timelineEntry{Label: done, At: at}, lockEntry(at))
	case store.ItemFailed:
		out = append(out, timelineEntry{Label: what + " failed", At: endedAt(it), Note: it.Error})
	case store.ItemCancelled:
		out = append(out, timelineEntry{Label: what + " cancelled", At: endedAt(it), Note: it.Error})
	}
	return out
}

func lockEntry(from time.Time) timelineEntry {
	return timelineEntry{Label: "Transfer lock ends", At: from.AddDate(0, 0, transferLockDays),
		Note: "no transfer away within " + strconv.Itoa(transferLockDays) + " days of a registration or transfer"}
}
