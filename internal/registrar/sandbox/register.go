package sandbox

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

// CheckAvailability answers for each name in order. A badly formed name is
// StatusInvalid; a TLD the sandbox does not sell fails the whole call with
// KindUnsupportedTLD, as a real registrar does.
func (r *Registrar) CheckAvailability(ctx context.Context,
	domains []string) ([]registrar.Availability, error) {
	out := make([]registrar.Availability, 0, len(domains))
	for _, d := range domains {
		a, err := r.availability(ctx, d)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// availability answers for one name.
func (r *Registrar) availability(ctx context.Context, domain string) (registrar.Availability, error) {
	n, err := r.parse(domain)
	if registrar.IsKind(err, registrar.KindInvalid) {
		return registrar.Availability{Domain: domain, Status: registrar.StatusInvalid, Raw: "INVALID"}, nil
	}
	if err != nil {
		return registrar.Availability{}, err
	}

	// Limitation: a name with a registration still in progress reads as
	// available; Register refuses it with KindDuplicate. Real registries
	// differ here too, and the search cache would hide the change anyway.
	held, err := domainExists(ctx, r.db, n.domain)
	if err != nil {
		return registrar.Availability{}, err
	}
	out := classify(n.label)
	a := registrar.Availability{Domain: n.domain, Status: registrar.StatusAvailable, Raw: "AVAILABLE"}
	switch {
	case held || out.registeredElsewhere():
		a.Status, a.Raw = registrar.StatusTaken, "UNAVAILABLE"
	case out == outPremium:
		// Only the registration is premium: the name renews at the TLD's
		// list price, so no premium renewal price is given and the
		// renewal quoted is the one renewal invoicing bills.
		reg := n.price.Registration.Times(10)
		a.Status, a.Raw = registrar.StatusPremium, "AVAILABLE_PREMIUM"
		a.PremiumRegistration = &reg
	}
	return a, nil
}

// Prices returns the embedded Route 53 price list.
func (r *Registrar) Prices(ctx context.Context) ([]registrar.TLDPrice, error) {
	out := make([]registrar.TLDPrice, len(r.list))
	copy(out, r.list)
	return out, nil
}

// Register starts a registration. Taken names are KindUnavailable,
// "reject-" names KindInvalid at once; a registration or transfer of the
// same name already in progress is KindDuplicate.
func (r *Registrar) Register(ctx context.Context, req registrar.RegisterRequest) (registrar.Operation, error) {
	n, err := r.parse(req.Domain)
	if err != nil {
		return registrar.Operation{}, err
	}
	if err := checkYears(n, req.Years); err != nil {
		return registrar.Operation{}, err
	}

	out := classify(n.label)
	if out == outReject {
		return registrar.Operation{}, &registrar.Error{Kind: registrar.KindInvalid, Field: "domain",
			Code: "REJECTED", Message: "sandbox: the registry refused to register " + n.domain}
	}
	a, err := r.availability(ctx, n.domain)
	if err != nil {
		return registrar.Operation{}, err
	}
	if a.Status == registrar.StatusTaken {
		return registrar.Operation{}, registrar.Errorf(registrar.KindUnavailable,
			"sandbox: %s is already registered", n.domain)
	}

	o := r.pendingOp(n.domain, registrar.OpRegister, req.Years, r.opts.RegisterDelay, out == outSlow)
	o.Fail = out == outFail
	o.Privacy = req.Privacy && allowsPrivacy(n)
	o.Nameservers = req.Nameservers
	if err := insertOp(ctx, r.db, o); err != nil {
		return registrar.Operation{}, err
	}

	r.log.Info("sandbox registration submitted", slog.String("operation_id", o.ID),
		slog.String("domain", o.Domain), slog.Int("years", o.Years))
	return o.toOperation(), nil
}

// pendingOp builds an in-progress operation that completes after delay, or
// only through Complete when manual is set.
func (r *Registrar) pendingOp(domain string, typ registrar.OperationType, years int,
	delay time.Duration, manual bool) opRow {
	now := r.now()
	o := opRow{
		ID:        "sbx-" + randomHex(10),
		Domain:    domain,
		Type:      typ,
		Status:    registrar.OpInProgress,
		Message:   msgPending,
		Years:     years,
		Submitted: now,
		Updated:   now,
	}
	if !manual {
		o.CompletesAt = sql.NullTime{Time: now.Add(delay), Valid: true}
	}
	return o
}

// checkYears applies the TLD's registration period limits.
func checkYears(n name, years int) error {
	lo, hi := max(n.price.MinYears, 1), n.price.MaxYears
	if hi == 0 {
		hi = 10
	}
	if years < lo || years > hi {
		return &registrar.Error{Kind: registrar.KindInvalid, Field: "years",
			Message: fmt.Sprintf("sandbox: .%s is sold for %d to %d years", n.price.TLD, lo, hi)}
	}
	return nil
}

// allowsPrivacy reports whether the TLD's registry offers WHOIS privacy
// (unknown counts as yes).
func allowsPrivacy(n name) bool { return n.price.Privacy == nil || *n.price.Privacy }
