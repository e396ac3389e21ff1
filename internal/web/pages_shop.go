package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/domainname"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/saga"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

// shopper is the tenant and currency a visitor shops in: their own when
// signed in, the default tenant's otherwise.
func (s *Server) shopper(r *http.Request) (store.Tenant, string, error) {
	if id, err := s.lookupIdentity(r); err == nil {
		return id.Tenant, id.User.Currency, nil
	}
	t, err := s.Store.DefaultTenant(r.Context())
	return t, t.Settings.Currency, err
}

type homeData struct {
	Query  string
	Error  string
	Names  []domainname.Name
	Quotes []resultRow
}

// resultRow is one search answer as shown: the quote, and whether the name
// is already managed on this platform. Managed is "yours" for a domain of
// the signed-in client (Link goes to its page), "here" for an admin (Link
// goes to the admin's domain page), "taken" for one held here for someone
// else or a visitor not signed in, and empty otherwise.
type resultRow struct {
	catalog.Quote
	Managed string
	Link    string
}

// managedRow says whether the quoted name is already managed here: a
// transfer of it could only fail, so none is offered. A domain whose
// transfer failed (gone) may be ordered again and is not counted.
func (s *Server) managedRow(r *http.Request, t store.Tenant, q catalog.Quote) resultRow {
	row := resultRow{Quote: q}
	d, err := s.Store.Domain(r.Context(), t.ID, "", q.Domain)
	if err != nil || d.Status == store.DomainGone {
		return row
	}
	id, err := s.lookupIdentity(r)
	switch {
	case err == nil && id.User.IsAdmin():
		row.Managed, row.Link = "here", "/admin/domains/"+d.Name
	case err == nil && d.ClientID == id.User.ID:
		row.Managed, row.Link = "yours", "/domains/"+d.Name
	default:
		row.Managed = "taken"
	}
	return row
}

func (s *Server) homePage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "home", pageData{Title: "Find your domain", Data: homeData{}})
}

// searchPage lists the names to check; each row then loads its own answer
// (htmx), so results appear as the registrar answers them.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	data := homeData{Query: q}
	t, currency, err := s.shopper(r)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}

	data.Names, err = s.searchNames(r, t, currency, q)
	if fe, ok := validate.As(err); ok {
		data.Error = fe.Message
		s.render(w, r, http.StatusBadRequest, "home", pageData{Title: "Search", Data: data})
		return
	}
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if r.URL.Query().Get("wait") == "1" {
		data.Quotes = s.checkAll(r, t, currency, data.Names)
		data.Names = nil
	}
	s.render(w, r, http.StatusOK, "home", pageData{Title: "Search: " + q, Data: data})
}

func (s *Server) searchNames(r *http.Request, t store.Tenant, currency, q string) ([]domainname.Name, error) {
	if q == "" {
		return nil, validate.Invalid("q", "type a name or a word")
	}
	if strings.Contains(q, ".") {
		n, _, err := s.Catalog.ParseName(r.Context(), t, "q", q)
		return []domainname.Name{n}, err
	}
	names, _, err := s.Catalog.Featured(r.Context(), t, currency, q)
	return names, err
}

func (s *Server) checkAll(r *http.Request, t store.Tenant, currency string, names []domainname.Name) []resultRow {
	var quotes []resultRow
	for _, n := range names {
		if q, err := s.quote(r, t, currency, n.ASCII); err == nil {
			quotes = append(quotes, s.managedRow(r, t, q))
		}
	}
	return quotes
}

func (s *Server) quote(r *http.Request, t store.Tenant, currency, domain string) (catalog.Quote, error) {
	n, offer, err := s.Catalog.ParseName(r.Context(), t, "domain", domain)
	if err != nil {
		return catalog.Quote{}, err
	}
	if offer, err = s.Catalog.Offer(r.Context(), t, currency, n.TLD); err != nil {
		return catalog.Quote{}, err
	}
	q, err := s.Catalog.Check(r.Context(), t, currency, n, offer)
	if err != nil {
		q.Status = registrar.StatusUnknown
	}
	return q, nil
}

func (s *Server) searchResult(w http.ResponseWriter, r *http.Request) {
	t, currency, err := s.shopper(r)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	q, err := s.quote(r, t, currency, r.URL.Query().Get("domain"))
	if err != nil {
		http.Error(w, "bad name", http.StatusBadRequest)
		return
	}
	s.fragment(w, "result", "result", s.managedRow(r, t, q))
}

// cartLine is one item in the session's cart. AuthCode is sealed.
type cartLine struct {
	Type     string `json:"type"`
	Domain   string `json:"domain"`
	Years    int    `json:"years"`
	AuthCode string `json:"auth_code,omitempty"`
}

func (s *Server) cart(r *http.Request) []cartLine {
	var lines []cartLine
	if raw := s.Sessions.GetString(r.Context(), "cart"); raw != "" {
		_ = json.Unmarshal([]byte(raw), &lines)
	}
	return lines
}

func (s *Server) saveCart(r *http.Request, lines []cartLine) {
	raw, _ := json.Marshal(lines)
	s.Sessions.Put(r.Context(), "cart", string(raw))
}

func (s *Server) cartAdd(w http.ResponseWriter, r *http.Request) {
	s.addToCart(w, r, cartLine{Type: store.ItemRegister, Domain: r.PostFormValue("domain"), Years: 1})
}

// cartTransfer adds a transfer to the cart. A bad name or a missing auth
// code is refused beside its field on the page the form is on.
func (s *Server) cartTransfer(w http.ResponseWriter, r *http.Request) {
	domain, code := strings.TrimSpace(r.PostFormValue("domain")), strings.TrimSpace(r.PostFormValue("auth_code"))
	t, _, err := s.shopper(r)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if _, _, err = s.Catalog.ParseName(r.Context(), t, "transfer_domain", domain); err == nil && code == "" {
		err = validate.Invalid("auth_code", "give the auth code (EPP code) the current registrar issued")
	}
	if fe, ok := validate.As(err); ok {
		s.render(w, r, http.StatusBadRequest, "home", pageData{Title: "Transfer a domain", Data: homeData{},
			Errors: map[string]string{fe.Field: fe.Message}, Form: map[string]string{"transfer_domain": domain}})
		return
	}
	if err != nil {
		s.pageFail(w, r, err)
		return
	}

	sealed, err := s.Saga.Secrets.Seal(code)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.addToCart(w, r, cartLine{Type: store.ItemTransfer, Domain: domain, Years: 1, AuthCode: sealed})
}

func (s *Server) addToCart(w http.ResponseWriter, r *http.Request, l cartLine) {
	t, _, err := s.shopper(r)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	n, offer, err := s.Catalog.ParseName(r.Context(), t, "domain", l.Domain)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	// A TLD sold for two years at least (.cl) starts there, so the cart
	// shows the price checkout will charge.
	l.Domain, l.Years = n.ASCII, max(offer.MinYears, 1)

	lines := slices.DeleteFunc(s.cart(r), func(c cartLine) bool { return c.Domain == l.Domain })
	s.saveCart(r, append(lines, l))
	s.flash(r, n.Unicode+" is in your cart.")
	http.Redirect(w, r, "/cart", http.StatusSeeOther)
}

// cartYears sets a line's years. Years outside the TLD's limits, or a
// domain not in the cart, are refused beside the field and change nothing.
func (s *Server) cartYears(w http.ResponseWriter, r *http.Request) {
	domain := r.PostFormValue("domain")
	lines := s.cart(r)
	i := slices.IndexFunc(lines, func(c cartLine) bool { return c.Domain == domain })
	if i < 0 {
		s.cartRefused(w, r, "", validate.Invalid("domain", "%q is not in your cart", domain))
		return
	}

	years, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("years")))
	if err == nil {
		err = s.checkYears(r, domain, years)
	} else {
		err = validate.Invalid("years", "give the number of years")
	}
	if err != nil {
		s.cartRefused(w, r, domain, err)
		return
	}

	lines[i].Years = years
	s.saveCart(r, lines)
	http.Redirect(w, r, "/cart", http.StatusSeeOther)
}

// checkYears refuses years outside the limits the TLD of domain is sold for.
func (s *Server) checkYears(r *http.Request, domain string, years int) error {
	t, currency, err := s.shopper(r)
	if err != nil {
		return err
	}
	n, err := domainname.Parse(domain)
	if err != nil {
		return validate.Invalid("domain", "%s", domainname.Explain(err))
	}
	o, err := s.Catalog.Offer(r.Context(), t, currency, n.TLD)
	if err != nil {
		return err
	}
	if years < o.MinYears || years > o.MaxYears {
		return validate.Invalid("years", ".%s is sold for %d to %d years", n.TLD, o.MinYears, o.MaxYears)
	}
	return nil
}

// cartRefused shows the cart again with the error beside the line of domain
// (the cart's own error when domain is "").
func (s *Server) cartRefused(w http.ResponseWriter, r *http.Request, domain string, err error) {
	fe, ok := validate.As(err)
	if !ok {
		s.pageFail(w, r, err)
		return
	}
	data, verr := s.cartView(r)
	if verr != nil {
		s.pageFail(w, r, verr)
		return
	}
	for i := range data.Lines {
		if data.Lines[i].Domain == domain && fe.Field == "years" {
			data.Lines[i].YearsError = fe.Message
		}
	}
	errs := map[string]string{fe.Field: fe.Message}
	if domain == "" || fe.Field != "years" {
		errs = map[string]string{"": fe.Message}
	}
	s.render(w, r, http.StatusBadRequest, "cart", pageData{Title: "Cart", Data: data, Errors: errs})
}

func (s *Server) cartRemove(w http.ResponseWriter, r *http.Request) {
	d := r.PostFormValue("domain")
	s.saveCart(r, slices.DeleteFunc(s.cart(r), func(c cartLine) bool { return c.Domain == d }))
	http.Redirect(w, r, "/cart", http.StatusSeeOther)
}

type cartView struct {
	Type, Domain, Unicode string
	Years                 int
	YearOptions           []int
	Amount                money.Money
	// Premium is true when the registry prices the name above the list
	// price; Amount is then the premium price checkout will charge.
	Premium bool
	// YearsError is why the years asked for this line were refused.
	YearsError string
	// Requirements are what the registry asks of the registrant.
	Requirements []string
}

// registrationPrice is what checkout will charge for registering the name:
// the registrar's answer (premium names cost more than the list price),
// read through the catalog's short cache.
func (s *Server) registrationPrice(r *http.Request, t store.Tenant, currency string,
	n domainname.Name, o catalog.Offer, years int) (money.Money, bool) {
	q, err := s.Catalog.Check(r.Context(), t, currency, n, o)
	if err == nil && q.Status == registrar.StatusPremium {
		return q.Price.Times(years), true
	}
	if o.Registration == nil {
		return money.Zero(currency), false
	}
	return o.Registration.Times(years), false
}

type cartData struct {
	Lines       []cartView
	Total       money.Money
	HasTransfer bool
	PaymentMode string
	Card        string
}

// cartView prices the cart as it stands now.
func (s *Server) cartView(r *http.Request) (cartData, error) {
	t, currency, err := s.shopper(r)
	if err != nil {
		return cartData{}, err
	}
	data := cartData{Total: money.Zero(currency), PaymentMode: s.PaymentMode}
	for _, l := range s.cart(r) {
		n, err := domainname.Parse(l.Domain)
		if err != nil {
			continue
		}
		o, err := s.Catalog.Offer(r.Context(), t, currency, n.TLD)
		if errors.Is(err, catalog.ErrNotSold) {
			continue
		}
		if err != nil {
			return data, err
		}
		v := cartView{Type: l.Type, Domain: l.Domain, Unicode: n.Unicode, Years: l.Years,
			Amount: money.Zero(currency), Requirements: catalog.TLDRequirements(o.Registrar, n.TLD)}
		for y := o.MinYears; y <= o.MaxYears; y++ {
			v.YearOptions = append(v.YearOptions, y)
		}
		if l.Type == store.ItemRegister {
			v.Amount, v.Premium = s.registrationPrice(r, t, currency, n, o, l.Years)
		}
		if p := o.Transfer; l.Type == store.ItemTransfer && p != nil {
			v.Amount, data.HasTransfer = *p, true
		}
		data.Total.Amount += v.Amount.Amount
		data.Lines = append(data.Lines, v)
	}
	return data, nil
}

func (s *Server) cartPage(w http.ResponseWriter, r *http.Request) {
	data, err := s.cartView(r)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "cart", pageData{Title: "Cart", Data: data})
}

var contactFields = []string{"first_name", "last_name", "organization", "email", "phone",
	"address1", "city", "state", "postal_code", "country"}

func (s *Server) checkoutPage(w http.ResponseWriter, r *http.Request) {
	data, err := s.cartView(r)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	if len(data.Lines) == 0 {
		http.Redirect(w, r, "/cart", http.StatusSeeOther)
		return
	}
	id := mustIdentity(r)
	form := map[string]string{"email": id.User.Email}
	if first, last, ok := strings.Cut(id.User.Name, " "); ok {
		form["first_name"], form["last_name"] = first, last
	}
	// Stripe's Payment Element reads the publishable key from the page
	// (checkout-stripe.js); it is public by design.
	form["stripe_publishable_key"] = s.StripePublishableKey
	s.render(w, r, http.StatusOK, "checkout", pageData{Title: "Check out", Data: data, Form: form})
}

func (s *Server) checkoutSubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	form := map[string]string{}
	for _, f := range contactFields {
		form[f] = strings.TrimSpace(r.PostFormValue(f))
	}
	c := registrar.Contact{FirstName: form["first_name"], LastName: form["last_name"],
		Organization: form["organization"], Email: form["email"], Phone: form["phone"],
		Address1: form["address1"], City: form["city"], State: form["state"],
		PostalCode: form["postal_code"], Country: form["country"]}

	items, err := s.cartItems(r)
	if err == nil {
		var o store.Order
		o, err = s.Saga.Checkout(r.Context(), saga.CheckoutRequest{Tenant: id.Tenant, Client: id.User,
			Items: items, Contact: c, Card: strings.ReplaceAll(r.PostFormValue("card"), " ", ""),
			PaymentMethod: r.PostFormValue("payment_method")})
		if err == nil || (errors.Is(err, saga.ErrDeclined) && o.ID != "") {
			s.afterCheckout(w, r, o, err)
			return
		}
	}
	s.checkoutRefused(w, r, form, err)
}

func (s *Server) afterCheckout(w http.ResponseWriter, r *http.Request, o store.Order, err error) {
	if err != nil {
		s.flash(r, "Your card was declined: nothing was registered and nothing was charged. "+err.Error())
	} else {
		s.saveCart(r, nil)
	}
	http.Redirect(w, r, "/orders/"+o.ID, http.StatusSeeOther)
}

func (s *Server) checkoutRefused(w http.ResponseWriter, r *http.Request, form map[string]string, err error) {
	fe, ok := validate.As(err)
	if !ok {
		s.pageFail(w, r, err)
		return
	}
	data, verr := s.cartView(r)
	if verr != nil {
		s.pageFail(w, r, verr)
		return
	}
	field := fe.Field
	if strings.HasPrefix(field, "items") || field == "" {
		field = ""
	}
	form["stripe_publishable_key"] = s.StripePublishableKey
	s.render(w, r, http.StatusUnprocessableEntity, "checkout", pageData{Title: "Check out",
		Data: data, Form: form, Errors: map[string]string{field: fe.Message}})
}

func (s *Server) cartItems(r *http.Request) ([]saga.CheckoutItem, error) {
	var items []saga.CheckoutItem
	for _, l := range s.cart(r) {
		code, err := s.Saga.Secrets.Open(l.AuthCode)
		if err != nil {
			return nil, validate.Invalid("items", "the auth code for %s could not be read; add the transfer again", l.Domain)
		}
		items = append(items, saga.CheckoutItem{Type: l.Type, Domain: l.Domain, Years: l.Years,
			AuthCode: code})
	}
	return items, nil
}
