package web

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/pricing"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

type jsonInvoiceLine struct {
	Domain string      `json:"domain"`
	Kind   string      `json:"kind"`
	Period jsonPeriod  `json:"period"`
	Amount money.Money `json:"amount"`
}

type jsonPeriod struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

type jsonInvoice struct {
	ID       string            `json:"id"`
	ClientID string            `json:"client_id"`
	OrderID  string            `json:"order_id,omitempty"`
	Status   string            `json:"status"`
	Total    money.Money       `json:"total"`
	DueAt    time.Time         `json:"due_at"`
	PaidAt   *time.Time        `json:"paid_at"`
	Lines    []jsonInvoiceLine `json:"lines"`
}

func toJSONInvoice(inv store.Invoice) jsonInvoice {
	out := jsonInvoice{ID: inv.ID, ClientID: inv.ClientID, OrderID: inv.OrderID, Status: inv.Status,
		Total: inv.Total, DueAt: inv.DueAt.UTC(), Lines: []jsonInvoiceLine{}}
	if !inv.PaidAt.IsZero() {
		t := inv.PaidAt.UTC()
		out.PaidAt = &t
	}
	for _, l := range inv.Lines {
		out.Lines = append(out.Lines, jsonInvoiceLine{Domain: l.Domain, Kind: l.Kind,
			Period: jsonPeriod{From: l.PeriodFrom.UTC(), To: l.PeriodTo.UTC()}, Amount: l.Amount})
	}
	return out
}

// invoiceStatuses are the states an invoice can be listed by.
var invoiceStatuses = []string{store.InvoiceOpen, store.InvoicePaid, store.InvoiceCancelled, store.InvoiceRefunded}

func (s *Server) apiListInvoices(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	q := r.URL.Query()
	f := store.InvoiceFilter{ClientID: id.clientScope(), Status: q.Get("status")}
	if !slices.Contains(invoiceStatuses, f.Status) && f.Status != "" {
		s.apiFail(w, r, validate.Invalid("status", "must be one of %s", strings.Join(invoiceStatuses, ", ")))
		return
	}
	switch c := q.Get("client_id"); {
	case c != "" && id.User.IsAdmin():
		// A client of another tenant, or none, answers 404 as anywhere.
		if _, err := s.linkClient(r, id.Tenant.ID, c); err != nil {
			s.apiFail(w, r, err)
			return
		}
		f.ClientID = c
	case c != "" && c != id.User.ID:
		// A client naming someone else gets what any id of others gets.
		apiError(w, http.StatusNotFound, "not_found", "no such client", "client_id")
		return
	}
	invs, err := s.Store.Invoices(r.Context(), id.Tenant.ID, f)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := make([]jsonInvoice, 0, len(invs))
	for _, inv := range invs {
		out = append(out, toJSONInvoice(inv))
	}
	writeJSON(w, http.StatusOK, map[string]any{"invoices": out})
}

type jsonTLDMoney struct {
	Registration *money.Money `json:"registration"`
	Renewal      *money.Money `json:"renewal"`
	Transfer     *money.Money `json:"transfer"`
	Restoration  *money.Money `json:"restoration"`
}

type jsonTLD struct {
	TLD       string        `json:"tld"`
	Registrar string        `json:"registrar"`
	Cost      *jsonTLDMoney `json:"cost,omitempty"`
	Price     jsonTLDMoney  `json:"price"`
	Markup    *store.Markup `json:"markup,omitempty"`
	Years     jsonYears     `json:"years"`
	Privacy   *bool         `json:"privacy"`
	// Requirements are what the registry asks of a registrant beyond a
	// valid contact.
	Requirements []string `json:"requirements"`
	Featured     bool     `json:"featured"`
	Enabled      bool     `json:"enabled"`
}

func (s *Server) tldJSON(id identity, o catalog.Offer) jsonTLD {
	jt := jsonTLD{TLD: o.TLD, Registrar: o.Registrar, Years: jsonYears{Min: o.MinYears, Max: o.MaxYears},
		Price: jsonTLDMoney{Registration: o.Registration, Renewal: o.Renewal, Transfer: o.Transfer,
			Restoration: o.Restoration},
		Privacy: o.Cost.Privacy, Enabled: o.Enabled, Requirements: catalog.TLDRequirements(o.Registrar, o.TLD),
		Featured: slices.Contains(id.Tenant.Settings.FeaturedTLDs, o.TLD)}
	if id.User.IsAdmin() {
		m := o.Markup
		jt.Markup = &m
		jt.Cost = &jsonTLDMoney{Registration: o.Cost.Registration, Renewal: o.Cost.Renewal,
			Transfer: o.Cost.Transfer, Restoration: o.Cost.Restoration}
	}
	return jt
}

// offers lists every TLD the caller may see: all of the tenant's for
// admins, the enabled ones for clients.
func (s *Server) offers(r *http.Request, id identity) ([]catalog.Offer, error) {
	tts, err := s.Store.TenantTLDs(r.Context(), id.Tenant.ID)
	if err != nil {
		return nil, err
	}
	out := make([]catalog.Offer, 0, len(tts))
	for _, tt := range tts {
		if !tt.Enabled && !id.User.IsAdmin() {
			continue
		}
		o, err := s.Catalog.OfferAny(r.Context(), id.Tenant, id.User.Currency, tt)
		if errors.Is(err, catalog.ErrNotSold) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

func (s *Server) apiListTLDs(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	offers, err := s.offers(r, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := make([]jsonTLD, 0, len(offers))
	for _, o := range offers {
		out = append(out, s.tldJSON(id, o))
	}
	writeJSON(w, http.StatusOK, map[string]any{"tlds": out})
}

type putTLDBody struct {
	Markup    *store.Markup `json:"markup"`
	Featured  *bool         `json:"featured"`
	Enabled   *bool         `json:"enabled"`
	Registrar *string       `json:"registrar"`
}

func (s *Server) apiPutTLD(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	tld := strings.ToLower(strings.Trim(chi.URLParam(r, "tld"), ". "))
	tt, err := s.Store.TenantTLD(r.Context(), id.Tenant.ID, tld)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	var body putTLDBody
	if err := decodeJSON(r, &body); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.applyTLD(r, id, &tt, body); err != nil {
		s.apiFail(w, r, err)
		return
	}

	fresh, _ := s.Store.Tenant(r.Context(), id.Tenant.ID)
	id.Tenant = fresh
	o, err := s.Catalog.OfferAny(r.Context(), id.Tenant, id.User.Currency, tt)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.tldJSON(id, o))
}

func (s *Server) applyTLD(r *http.Request, id identity, tt *store.TenantTLD, body putTLDBody) error {
	if body.Markup != nil {
		if err := checkMarkup(*body.Markup, "markup", id.Tenant.Settings); err != nil {
			return err
		}
		tt.Markup = body.Markup
	}
	if body.Enabled != nil {
		tt.Enabled = *body.Enabled
	}
	if body.Registrar != nil {
		if _, ok := s.Registrars.Registrar(*body.Registrar); !ok {
			return validate.Invalid("registrar", "registrar %q is not configured", *body.Registrar)
		}
		if _, err := s.Store.Price(r.Context(), *body.Registrar, tt.TLD); err != nil {
			return validate.Invalid("registrar", "%s does not sell .%s", *body.Registrar, tt.TLD)
		}
		tt.Registrar = *body.Registrar
	}
	if err := s.Store.UpdateTenantTLD(r.Context(), *tt); err != nil {
		return err
	}
	if body.Featured != nil {
		st := id.Tenant.Settings
		st.FeaturedTLDs = slices.DeleteFunc(st.FeaturedTLDs, func(t string) bool { return t == tt.TLD })
		if *body.Featured {
			st.FeaturedTLDs = append(st.FeaturedTLDs, tt.TLD)
		}
		if err := s.Store.UpdateSettings(r.Context(), id.Tenant.ID, st); err != nil {
			return err
		}
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "tld", tt.TLD, tldAuditDetail(*tt, body))
	return nil
}

// tldAuditDetail says what a TLD change left in place.
func tldAuditDetail(tt store.TenantTLD, body putTLDBody) string {
	markup := "tenant default"
	if tt.Markup != nil {
		markup = tt.Markup.Percent + " %"
		if tt.Markup.Fixed.Amount != 0 {
			markup += " + " + tt.Markup.Fixed.String()
		}
	}
	detail := fmt.Sprintf("enabled %t, registrar %q, markup %s", tt.Enabled, tt.Registrar, markup)
	if body.Featured != nil {
		detail += fmt.Sprintf(", featured %t", *body.Featured)
	}
	return detail
}

func checkMarkup(m store.Markup, field string, settings store.Settings) error {
	if _, err := pricing.ParsePercent(m.Percent); err != nil {
		return validate.Invalid(field+".percent", "%s", err.Error())
	}
	if m.Fixed.Amount < 0 {
		return validate.Invalid(field+".fixed.amount", "must not be negative")
	}
	if m.Fixed.Currency == "" {
		m.Fixed.Currency = "USD"
	}
	if !money.ValidCurrency(m.Fixed.Currency) {
		return validate.Invalid(field+".fixed.currency", "must be an ISO 4217 code")
	}
	return checkFixedConverts(m.Fixed, field, settings)
}

// checkFixedConverts refuses a fixed markup that some price of the tenant
// could not be worked out with: one in a currency other than the tenant's
// that has no exchange rate into the tenant's currency and every currency
// it has a rate for.
func checkFixedConverts(fixed money.Money, field string, settings store.Settings) error {
	if fixed.Amount == 0 || fixed.Currency == settings.Currency {
		return nil
	}

	rates := pricing.Rates(settings.ExchangeRates)
	targets := []string{settings.Currency}
	for c := range settings.ExchangeRates {
		targets = append(targets, c)
	}
	for _, target := range targets {
		if _, err := rates.Convert(fixed, target); err != nil {
			return validate.Invalid(field+".fixed.currency",
				"%s has no exchange rate to price in %s: give the fixed amount in %s, or set the rate first",
				fixed.Currency, target, settings.Currency)
		}
	}
	return nil
}

func (s *Server) apiGetSettings(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	writeJSON(w, http.StatusOK, id.Tenant.Settings)
}

func (s *Server) apiPutSettings(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	st := id.Tenant.Settings
	if err := decodeJSON(r, &st); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := checkSettings(&st); err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.Store.UpdateSettings(r.Context(), id.Tenant.ID, st); err != nil {
		s.apiFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "settings", id.Tenant.ID, "")
	writeJSON(w, http.StatusOK, st)
}

// allRecordTypes are the types an operator may let clients edit.
var allRecordTypes = []string{"A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA", "NS", "PTR", "TLSA", "SSHFP", "DS"}

func checkSettings(st *store.Settings) error {
	if st.DefaultIP != "" && net.ParseIP(st.DefaultIP) == nil {
		return validate.Invalid("default_ip", "not an IP address")
	}
	if err := checkMailSettings(st); err != nil {
		return err
	}
	for i, t := range st.AllowedRecordTypes {
		st.AllowedRecordTypes[i] = strings.ToUpper(t)
		if !slices.Contains(allRecordTypes, st.AllowedRecordTypes[i]) {
			return validate.Invalid("allowed_record_types", "%q is not a record type clients may edit", t)
		}
	}
	if st.TTL.Min < 1 || st.TTL.Max < st.TTL.Min || st.TTL.Max > 604800 {
		return validate.Invalid("ttl", "need 1 <= min <= max <= 604800")
	}
	if st.TTL.Default == 0 {
		st.TTL.Default = min(max(3600, st.TTL.Min), st.TTL.Max)
	}
	if err := checkMarkup(st.Markup, "markup", *st); err != nil {
		return err
	}
	if st.Rounding != "none" && st.Rounding != "99" {
		return validate.Invalid("rounding", "must be none or 99")
	}
	if st.Premium != "sell" && st.Premium != "refuse" {
		return validate.Invalid("premium", "must be sell or refuse")
	}
	if !money.ValidCurrency(st.Currency) {
		return validate.Invalid("currency", "must be an ISO 4217 code")
	}
	return nil
}

// maxSPF bounds the SPF text: RFC 7208 asks that the record fit a DNS
// answer of 512 bytes.
const maxSPF = 450

// checkMailSettings checks the mail host and SPF text every new zone gets
// as its MX and TXT records, so that a typo here does not break the DNS
// set-up of every domain sold afterwards. The host is stored normalised.
func checkMailSettings(st *store.Settings) error {
	if st.MailHost != "" {
		h, err := hostName(strings.TrimSuffix(strings.TrimSpace(st.MailHost), "."))
		if err != nil {
			return validate.Invalid("mail_host", "%q is not a host name", st.MailHost)
		}
		st.MailHost = h
	}
	if st.SPF == "" {
		return nil
	}
	if st.SPF != "v=spf1" && !strings.HasPrefix(st.SPF, "v=spf1 ") {
		return validate.Invalid("spf", `must start with "v=spf1"`)
	}
	if len(st.SPF) > maxSPF {
		return validate.Invalid("spf", "must be at most %d characters", maxSPF)
	}
	for _, c := range st.SPF {
		if c < 0x20 || c > 0x7e {
			return validate.Invalid("spf", "must be printable ASCII on one line")
		}
	}
	return nil
}
