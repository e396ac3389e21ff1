package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/saga"
	"github.com/proecommerce/domains/internal/store"
)

// itemAction is an operator's action on one order item, run by the saga.
type itemAction struct {
	name string // audit action and the word shown
	run  func(ctx context.Context, itemID, actor string) error
}

func (s *Server) adminItemRetry(w http.ResponseWriter, r *http.Request) {
	s.adminItemAction(w, r, itemAction{name: "retry", run: func(ctx context.Context, itemID, _ string) error {
		return s.Saga.Retry(ctx, itemID)
	}})
}

func (s *Server) adminItemCancel(w http.ResponseWriter, r *http.Request) {
	s.adminItemAction(w, r, itemAction{name: "cancel", run: s.Saga.Cancel})
}

// adminItemAction finds the item in an order of the admin's tenant (404
// otherwise), asks the saga to act on it, and records the outcome in the
// audit log whether or not the saga agreed.
func (s *Server) adminItemAction(w http.ResponseWriter, r *http.Request, act itemAction) {
	id := mustIdentity(r)
	o, err := s.Store.Order(r.Context(), id.Tenant.ID, "", chi.URLParam(r, "id"))
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	it, ok := orderItem(o, chi.URLParam(r, "item"))
	if !ok {
		s.pageFail(w, r, store.ErrNotFound)
		return
	}

	err = act.run(r.Context(), it.ID, id.User.Email)
	outcome := "done"
	switch {
	case errors.Is(err, saga.ErrNotActionable):
		outcome = "refused: " + err.Error()
		s.flash(r, "Not done ("+act.name+" "+it.Domain+"): "+err.Error())
	case err != nil:
		_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "order_item_"+act.name, it.Domain,
			"item "+it.ID+" of order "+o.ID+": failed")
		s.pageFail(w, r, err)
		return
	case act.name == "retry":
		s.flash(r, "The saga takes up "+it.Domain+" again now.")
	default:
		s.flash(r, it.Domain+" is cancelled; nothing is charged for it.")
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "order_item_"+act.name, it.Domain,
		"item "+it.ID+" of order "+o.ID+": "+outcome)
	http.Redirect(w, r, "/admin/orders#order-"+o.ID, http.StatusSeeOther)
}

func orderItem(o store.Order, itemID string) (store.Item, bool) {
	for _, it := range o.Items {
		if it.ID == itemID {
			return it, true
		}
	}
	return store.Item{}, false
}
