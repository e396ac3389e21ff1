package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/auth"
	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/saga"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

type jsonYears struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

type jsonAvailability struct {
	Domain       string                       `json:"domain"`
	Unicode      string                       `json:"unicode"`
	Status       registrar.AvailabilityStatus `json:"status"`
	Premium      bool                         `json:"premium"`
	Price        money.Money                  `json:"price"`
	RenewalPrice money.Money                  `json:"renewal_price"`
	Years        jsonYears                    `json:"years"`
}

func toJSONQuote(q catalog.Quote) jsonAvailability {
	return jsonAvailability{Domain: q.Domain, Unicode: q.Unicode, Status: q.Status,
		Premium: q.Premium, Price: q.Price, RenewalPrice: q.RenewalPrice,
		Years: jsonYears{Min: q.MinYears, Max: q.MaxYears}}
}

// search resolves ?domain= or ?q= into names and their offers.
func (s *Server) search(r *http.Request, id identity) ([]domainname.Name, []catalog.Offer, error) {
	ctx := r.Context()
	currency := id.User.Currency
	domain := strings.TrimSpace(r.URL.Query().Get("domain"))
	q := strings.TrimSpace(r.URL.Query().Get("q"))

	switch {
	case domain != "":
		n, _, err := s.Catalog.ParseName(ctx, id.Tenant, "domain", domain)
		if err != nil {
			return nil, nil, err
		}
		o, err := s.Catalog.Offer(ctx, id.Tenant, currency, n.TLD)
		return []domainname.Name{n}, []catalog.Offer{o}, err
	case q != "":
		if strings.Contains(q, ".") {
			return nil, nil, validate.Invalid("q", "give a word without dots, or use ?domain= for a full name")
		}
		return s.Catalog.Featured(ctx, id.Tenant, currency, q)
	}
	return nil, nil, validate.Invalid("domain", "give ?domain=NAME or ?q=WORD")
}

func (s *Server) apiAvailability(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	names, offers, err := s.search(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}

	byName := map[string]jsonAvailability{}
	for res := range s.Catalog.Stream(r.Context(), id.Tenant, id.User.Currency, names, offers) {
		byName[res.Quote.Domain] = toJSONQuote(res.Quote)
	}
	out := make([]jsonAvailability, 0, len(names))
	for _, n := range names {
		out = append(out, byName[n.ASCII])
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": out})
}

type createClientBody struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Password string `json:"password"`
	Currency string `json:"currency"`
}

type jsonClient struct {
	ID       string `json:"id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Currency string `json:"currency"`
}

func (s *Server) apiCreateClient(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	var body createClientBody
	if err := decodeJSON(r, &body); err != nil {
		s.apiFail(w, r, err)
		return
	}
	u, err := s.createUser(r, id.Tenant, body.Email, body.Name, body.Password, store.RoleClient, body.Currency)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "client_create", u.ID, u.Email)
	writeJSON(w, http.StatusCreated, jsonClient{ID: u.ID, Email: u.Email, Name: u.Name, Currency: u.Currency})
}

func (s *Server) apiListClients(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	clients, err := s.Store.Clients(r.Context(), id.Tenant.ID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := make([]jsonClient, 0, len(clients))
	for _, u := range clients {
		out = append(out, jsonClient{ID: u.ID, Email: u.Email, Name: u.Name, Currency: u.Currency})
	}
	writeJSON(w, http.StatusOK, map[string]any{"clients": out})
}

// createUser validates and creates a user of the tenant.
func (s *Server) createUser(r *http.Request, t store.Tenant, email, name, password, role, currency string) (store.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if err := validEmail(email); err != nil {
		return store.User{}, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return store.User{}, validate.Invalid("name", "a name is required")
	}
	if len(password) < auth.MinPasswordLength {
		return store.User{}, validate.Invalid("password", "must be at least %d characters", auth.MinPasswordLength)
	}
	if currency == "" {
		currency = t.Settings.Currency
	}
	currency = strings.ToUpper(currency)
	if !money.ValidCurrency(currency) {
		return store.User{}, validate.Invalid("currency", "must be an ISO 4217 code such as USD")
	}

	hash, err := auth.HashPassword(password)
	if err != nil {
		return store.User{}, validate.Invalid("password", "%s", err.Error())
	}
	u, err := s.Store.CreateUser(r.Context(), store.User{TenantID: t.ID, Email: email, Name: name,
		Role: role, PasswordHash: hash, Currency: currency})
	if errors.Is(err, store.ErrConflict) {
		return u, &validate.FieldError{Field: "email", Code: "conflict", Message: "that e-mail is already registered"}
	}
	return u, err
}

type orderBody struct {
	ClientID string              `json:"client_id"`
	Items    []saga.CheckoutItem `json:"items"`
	Contact  registrar.Contact   `json:"contact"`
	Payment  orderPaymentBody    `json:"payment"`
}

type orderPaymentBody struct {
	Card          string `json:"card"`
	PaymentMethod string `json:"payment_method"`
}

func (s *Server) apiCreateOrder(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	var body orderBody
	if err := decodeJSON(r, &body); err != nil {
		s.apiFail(w, r, err)
		return
	}
	client, err := s.orderClient(r, id, body.ClientID)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}

	o, err := s.Saga.Checkout(r.Context(), saga.CheckoutRequest{Tenant: id.Tenant, Client: client,
		Items: body.Items, Contact: body.Contact, Card: body.Payment.Card,
		PaymentMethod: body.Payment.PaymentMethod, ReturnURL: ""})
	if errors.Is(err, saga.ErrDeclined) {
		writeJSON(w, http.StatusPaymentRequired, apiErrorBody{Error: apiErrorDetail{
			Code: "payment_declined", Message: err.Error(), Field: "payment", OrderID: o.ID}})
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toJSONOrder(o))
}

// orderClient is the client an order is for: the caller, or for admins
// the client_id they name.
func (s *Server) orderClient(r *http.Request, id identity, clientID string) (store.User, error) {
	if !id.User.IsAdmin() {
		if clientID != "" && clientID != id.User.ID {
			return store.User{}, &validate.FieldError{Field: "client_id", Code: "not_found",
				Message: "no such client"}
		}
		return id.User, nil
	}
	if clientID == "" {
		return store.User{}, validate.Invalid("client_id", "admins must name the client the order is for")
	}
	u, err := s.Store.User(r.Context(), id.Tenant.ID, clientID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Role != store.RoleClient) {
		// Someone else's id answers as if it did not exist.
		return store.User{}, &validate.FieldError{Field: "client_id", Code: "not_found",
			Message: "no such client"}
	}
	return u, err
}

func (s *Server) apiGetOrder(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	o, err := s.Store.Order(r.Context(), id.Tenant.ID, id.clientScope(), chi.URLParam(r, "id"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toJSONOrder(o))
}

func (s *Server) apiListOrders(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	orders, err := s.Store.Orders(r.Context(), id.Tenant.ID, id.clientScope(), 200)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := make([]jsonOrder, 0, len(orders))
	for _, o := range orders {
		out = append(out, toJSONOrder(o))
	}
	writeJSON(w, http.StatusOK, map[string]any{"orders": out})
}
