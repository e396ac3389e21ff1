package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/saga"
	"github.com/proecommerce/domains/internal/store"
)

func init() {
	extraAPIRoutes = append(extraAPIRoutes, func(s *Server, r chi.Router) {
		r.With(adminOnly).Post("/orders/{id}/items/{item}/retry", s.apiItemRetry)
		r.With(adminOnly).Post("/orders/{id}/items/{item}/cancel", s.apiItemCancel)
	})
}

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

// adminItemAction runs the action from the orders page and sends the
// admin back there with what happened.
func (s *Server) adminItemAction(w http.ResponseWriter, r *http.Request, act itemAction) {
	o, it, err := s.runItemAction(r, act)
	switch {
	case errors.Is(err, saga.ErrNotActionable):
		s.flash(r, "Not done ("+act.name+" "+it.Domain+"): "+err.Error())
	case err != nil:
		s.pageFail(w, r, err)
		return
	case act.name == "retry":
		s.flash(r, "The saga takes up "+it.Domain+" again now.")
	default:
		s.flash(r, it.Domain+" is cancelled; nothing is charged for it.")
	}
	http.Redirect(w, r, "/admin/orders#order-"+o.ID, http.StatusSeeOther)
}

// runItemAction finds the item in an order of the admin's tenant
// (store.ErrNotFound otherwise), asks the saga to act on it, and records
// the outcome in the audit log whether or not the saga agreed.
func (s *Server) runItemAction(r *http.Request, act itemAction) (store.Order, store.Item, error) {
	id := mustIdentity(r)
	o, err := s.Store.Order(r.Context(), id.Tenant.ID, "", chi.URLParam(r, "id"))
	if err != nil {
		return o, store.Item{}, err
	}
	it, ok := orderItem(o, chi.URLParam(r, "item"))
	if !ok {
		return o, it, store.ErrNotFound
	}

	err = act.run(r.Context(), it.ID, id.User.Email)
	outcome := "done"
	switch {
	case errors.Is(err, saga.ErrNotActionable):
		outcome = "refused: " + err.Error()
	case err != nil:
		outcome = "failed"
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "order_item_"+act.name, it.Domain,
		"item "+it.ID+" of order "+o.ID+": "+outcome)
	return o, it, err
}

func (s *Server) apiItemRetry(w http.ResponseWriter, r *http.Request) {
	s.apiItemAction(w, r, itemAction{name: "retry", run: func(ctx context.Context, itemID, _ string) error {
		return s.Saga.Retry(ctx, itemID)
	}})
}

func (s *Server) apiItemCancel(w http.ResponseWriter, r *http.Request) {
	s.apiItemAction(w, r, itemAction{name: "cancel", run: s.Saga.Cancel})
}

// apiItemAction answers the order as it stands after the action, or 409
// with the saga's reason when the action does not apply to the item now.
func (s *Server) apiItemAction(w http.ResponseWriter, r *http.Request, act itemAction) {
	o, _, err := s.runItemAction(r, act)
	if errors.Is(err, saga.ErrNotActionable) {
		apiError(w, http.StatusConflict, "conflict", err.Error(), "")
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if o, err = s.Store.Order(r.Context(), o.TenantID, "", o.ID); err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toJSONOrder(o))
}

func orderItem(o store.Order, itemID string) (store.Item, bool) {
	for _, it := range o.Items {
		if it.ID == itemID {
			return it, true
		}
	}
	return store.Item{}, false
}
