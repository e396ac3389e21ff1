package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/proecommerce/domains/internal/store"
	"github.com/proecommerce/domains/internal/validate"
)

// maxBody bounds JSON request bodies.
const maxBody = 1 << 20

func (s *Server) apiRoutes(r chi.Router) {
	r.Get("/openapi.json", serveOpenAPI)
	r.Group(func(r chi.Router) {
		r.Use(s.apiAuth)

		r.Get("/availability", s.apiAvailability)
		r.With(adminOnly).Post("/clients", s.apiCreateClient)
		r.With(adminOnly).Get("/clients", s.apiListClients)

		r.Post("/orders", s.apiCreateOrder)
		r.Get("/orders", s.apiListOrders)
		r.Get("/orders/{id}", s.apiGetOrder)

		r.Get("/domains", s.apiListDomains)
		r.Get("/domains/{domain}", s.apiGetDomain)
		r.Get("/domains/{domain}/records", s.apiGetRecords)
		r.Put("/domains/{domain}/records", s.apiPutRecord)
		r.Delete("/domains/{domain}/records/{name}/{type}", s.apiDeleteRecord)
		r.Get("/domains/{domain}/zone", s.apiExportZone)
		r.Put("/domains/{domain}/zone", s.apiImportZone)
		r.Put("/domains/{domain}/auto-renew", s.apiSetAutoRenew)
		r.With(adminOnly).Put("/domains/{domain}/privacy", s.apiSetPrivacy)
		r.With(adminOnly).Put("/domains/{domain}/client", s.apiSetClient)

		r.Get("/invoices", s.apiListInvoices)
		r.Post("/invoices/{id}/pay", s.apiPayInvoice)

		r.Get("/tlds", s.apiListTLDs)
		r.With(adminOnly).Put("/tlds/{tld}", s.apiPutTLD)
		r.With(adminOnly).Get("/settings", s.apiGetSettings)
		r.With(adminOnly).Put("/settings", s.apiPutSettings)
	})
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		apiError(w, http.StatusNotFound, "not_found", "no such API path", "")
	})
	// A method the path does not take: 401 before anything else without
	// a valid token, as on every API path, then a JSON error.
	r.MethodNotAllowed(s.apiAuth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		apiError(w, http.StatusMethodNotAllowed, "method_not_allowed",
			r.Method+" is not a method of "+r.URL.Path, "")
	})).ServeHTTP)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

type apiErrorBody struct {
	Error apiErrorDetail `json:"error"`
}

type apiErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	OrderID string `json:"order_id,omitempty"`
}

func apiError(w http.ResponseWriter, status int, code, msg, field string) {
	writeJSON(w, status, apiErrorBody{Error: apiErrorDetail{Code: code, Message: msg, Field: field}})
}

// knownCodes are the error codes of the API contract; any other code from
// below (such as "required") is reported as "invalid".
var knownCodes = map[string]bool{"invalid": true, "unsupported_tld": true, "not_found": true,
	"conflict": true, "not_transferable": true, "payment_declined": true, "unavailable": true,
	"provider_error": true}

// statusOfCode maps our error codes to HTTP statuses.
func statusOfCode(code string) int {
	switch code {
	case "unavailable", "not_transferable", "conflict":
		return http.StatusConflict
	case "payment_declined":
		return http.StatusPaymentRequired
	case "provider_error":
		return http.StatusBadGateway
	case "not_found":
		return http.StatusNotFound
	}
	return http.StatusBadRequest
}

// apiFail writes the right answer for an error from the layers below.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	if fe, ok := validate.As(err); ok {
		code := fe.Code
		if !knownCodes[code] {
			code = "invalid"
		}
		apiError(w, statusOfCode(code), code, fe.Message, fe.Field)
		return
	}
	if errors.Is(err, store.ErrNotFound) {
		apiError(w, http.StatusNotFound, "not_found", "not found", "")
		return
	}
	if errors.Is(err, store.ErrConflict) {
		apiError(w, http.StatusConflict, "conflict", err.Error(), "")
		return
	}
	s.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	apiError(w, http.StatusBadGateway, "provider_error", "a provider or the database failed; try again", "")
}

// decodeJSON reads a JSON body strictly; errors name the field at fault
// as the API's dotted path ("items.1.years").
func decodeJSON(r *http.Request, v any) error {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return validate.Invalid("", "the body could not be read")
	}
	if len(raw) > maxBody {
		return validate.Invalid("", "the body is larger than %d bytes", maxBody)
	}

	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonFieldError(raw, v, err)
	}
	if dec.More() {
		return validate.Invalid("", "the body must hold one JSON object")
	}
	return nil
}

func jsonFieldError(raw []byte, v any, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) || strings.HasPrefix(err.Error(), "json: unknown field ") {
		if field, problem, ok := jsonProblem(raw, v); ok {
			return validate.Invalid(field, "%s", problem)
		}
	}
	if te != nil {
		return validate.Invalid(te.Field, "must be a %s", te.Type.String())
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return validate.Invalid(strings.Trim(f, `"`), "unknown field")
	}
	if errors.Is(err, io.EOF) {
		return validate.Invalid("", "the body is empty; send a JSON object")
	}
	return validate.Invalid("", "the body is not valid JSON: %s", msg)
}

func mustIdentity(r *http.Request) identity {
	id, ok := identityFrom(r.Context())
	if !ok {
		panic(fmt.Sprintf("web: %s %s reached a handler without identity", r.Method, r.URL.Path))
	}
	return id
}
