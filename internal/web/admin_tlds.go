package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

// registrarNames lists the configured registrars, the default first.
func registrarNames(regs catalog.Registrars) []string {
	if n, ok := regs.(interface{ Names() []string }); ok {
		return n.Names()
	}
	return []string{regs.Default()}
}

// tldRow is one line of the TLDs and markups page.
type tldRow struct {
	TT      store.TenantTLD
	Offer   *catalog.Offer
	Markup  store.Markup
	Serving string
	// Sellers are the configured registrars with a price for the TLD.
	Sellers []string
	// Fallback is set when the chosen registrar does not sell the TLD and
	// another one does; saving the row routes the TLD to it.
	Fallback string
	Featured bool
	Privacy  string
	// BelowCost is set when a price is under the registrar's cost.
	BelowCost bool
	// Requirements are what the registry asks of a registrant.
	Requirements []string
}

// route finds the registrar serving a TLD: the tenant's choice, else the
// default, falling back to the first configured registrar that sells it.
func (s *Server) route(r *http.Request, tt store.TenantTLD) (serving, fallback string, sellers []string) {
	for _, name := range registrarNames(s.Registrars) {
		if p, err := s.Store.Price(r.Context(), name, tt.TLD); err == nil &&
			(p.Registration != nil || p.Transfer != nil) {
			sellers = append(sellers, name)
		}
	}
	serving = tt.Registrar
	if serving == "" {
		serving = s.Registrars.Default()
	}
	if !slices.Contains(sellers, serving) && len(sellers) > 0 {
		fallback = sellers[0]
	}
	return serving, fallback, sellers
}

func (s *Server) tldRows(r *http.Request, id identity) ([]tldRow, error) {
	tts, err := s.Store.TenantTLDs(r.Context(), id.Tenant.ID)
	if err != nil {
		return nil, err
	}
	rows := make([]tldRow, 0, len(tts))
	for _, tt := range tts {
		row := tldRow{TT: tt, Featured: slices.Contains(id.Tenant.Settings.FeaturedTLDs, tt.TLD),
			Markup: id.Tenant.Settings.Markup}
		if tt.Markup != nil {
			row.Markup = *tt.Markup
		}
		row.Serving, row.Fallback, row.Sellers = s.route(r, tt)
		o, err := s.Catalog.OfferAny(r.Context(), id.Tenant, id.User.Currency, tt)
		if err != nil && !errors.Is(err, catalog.ErrNotSold) {
			return nil, err
		}
		if err == nil {
			row.Offer = &o
			row.Privacy = privacyWord(o)
			row.BelowCost = belowCost(o)
			row.Requirements = catalog.TLDRequirements(o.Registrar, o.TLD)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func privacyWord(o catalog.Offer) string {
	switch {
	case o.Cost.Privacy == nil:
		return "registry decides"
	case *o.Cost.Privacy:
		return "yes"
	}
	return "no"
}

// belowCost reports a price under its cost (same currency only).
func belowCost(o catalog.Offer) bool {
	pairs := [][2]*money.Money{{o.Registration, o.Cost.Registration}, {o.Renewal, o.Cost.Renewal},
		{o.Transfer, o.Cost.Transfer}, {o.Restoration, o.Cost.Restoration}}
	for _, p := range pairs {
		if p[0] != nil && p[1] != nil && p[0].Currency == p[1].Currency && p[0].Amount < p[1].Amount {
			return true
		}
	}
	return false
}

func (s *Server) adminTLDsPage(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	rows, err := s.tldRows(r, id)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	synced, err := s.priceSyncs(r)
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_tlds", pageData{Title: "TLDs and markups",
		Data: tldsPage{Rows: rows, Synced: synced}})
}

// tldsPage is the TLD table and when each registrar's prices were read.
type tldsPage struct {
	Rows   []tldRow
	Synced []priceSync
}

// priceSync is when one registrar's price list was last stored.
type priceSync struct {
	Registrar string
	At        time.Time
	Never     bool
}

func (s *Server) priceSyncs(r *http.Request) ([]priceSync, error) {
	var out []priceSync
	for _, name := range registrarNames(s.Registrars) {
		at, ok, err := s.Store.PricesSyncedAt(r.Context(), name)
		if err != nil {
			return nil, err
		}
		out = append(out, priceSync{Registrar: name, At: at.UTC(), Never: !ok})
	}
	return out, nil
}

// tldForm reads the TLD row form into the body PUT /api/v1/tlds/{tld}
// takes, so both go through applyTLD.
func tldForm(r *http.Request, currency string) (putTLDBody, error) {
	var body putTLDBody
	enabled, featured := r.PostFormValue("enabled") == "true", r.PostFormValue("featured") == "true"
	body.Enabled, body.Featured = &enabled, &featured
	if reg := r.PostFormValue("registrar"); reg != "" {
		body.Registrar = &reg
	}
	if r.PostFormValue("default_markup") == "true" {
		return body, nil
	}
	pct := strings.TrimSpace(r.PostFormValue("percent"))
	fixed, err := money.Parse(orZero(r.PostFormValue("fixed")), currency)
	if err != nil {
		return body, validate.Invalid("markup.fixed.amount", "%s", err.Error())
	}
	body.Markup = &store.Markup{Percent: orZero(pct), Fixed: fixed}
	return body, nil
}

func orZero(s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return "0"
	}
	return s
}

func (s *Server) adminTLDSubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	tt, err := s.Store.TenantTLD(r.Context(), id.Tenant.ID, strings.Trim(chi.URLParam(r, "tld"), ". "))
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	body, err := tldForm(r, id.Tenant.Settings.Markup.Fixed.Currency)
	if body.Markup == nil {
		tt.Markup = nil // back to the tenant's default markup
	}
	if err == nil {
		err = s.applyTLD(r, id, &tt, body)
	}
	if err != nil {
		s.flash(r, "."+tt.TLD+" was not changed: "+pageMessage(err))
	} else {
		s.flash(r, "."+tt.TLD+" was saved.")
	}
	http.Redirect(w, r, "/admin/tlds#tld-"+tt.TLD, http.StatusSeeOther)
}

// settingsData is the tenant settings form.
type settingsData struct {
	Settings store.Settings
	Types    []string
}

func (s *Server) adminSettingsPage(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	s.render(w, r, http.StatusOK, "admin_settings", pageData{Title: "Tenant settings",
		Data: settingsData{Settings: id.Tenant.Settings, Types: allRecordTypes}})
}

// settingsForm reads the form over the current settings.
func settingsForm(r *http.Request, st store.Settings) (store.Settings, error) {
	f := r.PostFormValue
	st.DefaultIP, st.MailHost, st.SPF = strings.TrimSpace(f("default_ip")),
		strings.TrimSpace(f("mail_host")), strings.TrimSpace(f("spf"))
	_ = r.ParseForm()
	st.AllowedRecordTypes = append([]string{}, r.PostForm["allowed_record_types"]...)
	st.FeaturedTLDs = strings.Fields(strings.NewReplacer(",", " ", ".", "").Replace(strings.ToLower(f("featured_tlds"))))
	st.Rounding, st.Premium = f("rounding"), f("premium")
	st.ClientSelfService = store.SelfService{TransferLock: f("self_lock") == "true",
		AuthCode: f("self_auth_code") == "true", Nameservers: f("self_nameservers") == "true"}
	for _, b := range []struct {
		name string
		to   *uint32
	}{{"ttl_min", &st.TTL.Min}, {"ttl_max", &st.TTL.Max}, {"ttl_default", &st.TTL.Default}} {
		n, err := strconv.ParseUint(orZero(f(b.name)), 10, 32)
		if err != nil {
			return st, validate.Invalid("ttl", "%s must be a whole number of seconds", b.name)
		}
		*b.to = uint32(n)
	}
	fixed, err := money.Parse(orZero(f("markup_fixed")), st.Markup.Fixed.Currency)
	if err != nil {
		return st, validate.Invalid("markup.fixed.amount", "%s", err.Error())
	}
	st.Markup = store.Markup{Percent: orZero(f("markup_percent")), Fixed: fixed}
	return st, nil
}

func (s *Server) adminSettingsSubmit(w http.ResponseWriter, r *http.Request) {
	id := mustIdentity(r)
	st, err := settingsForm(r, id.Tenant.Settings)
	if err == nil {
		err = checkSettings(&st)
	}
	if fe, ok := validate.As(err); ok {
		s.render(w, r, http.StatusUnprocessableEntity, "admin_settings", pageData{Title: "Tenant settings",
			Errors: map[string]string{fe.Field: fe.Message},
			Data:   settingsData{Settings: st, Types: allRecordTypes}})
		return
	}
	if err == nil {
		err = s.Store.UpdateSettings(r.Context(), id.Tenant.ID, st)
	}
	if err != nil {
		s.pageFail(w, r, err)
		return
	}
	_ = s.Store.Audit(r.Context(), id.Tenant.ID, id.User.Email, "settings", id.Tenant.ID, "")
	s.flash(r, "The settings were saved.")
	http.Redirect(w, r, "/admin/settings", http.StatusSeeOther)
}
