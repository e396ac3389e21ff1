// Package registrar defines the contract every domain registrar adapter
// implements (availability, prices, registration, transfers, renewals and
// domain settings), the error kinds adapters map provider errors to, and the
// capability table that tells the rest of the product what an adapter can do.
package registrar

import (
	"context"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/money"
)

// Registrar is one registrar account. Domain names passed in and returned
// are lower-case A-labels without a trailing dot ("xn--bcher-kva.example").
//
// Every call that starts work at the registrar returns an Operation. Where
// the provider answers synchronously the operation is already terminal
// (StatusSucceeded); otherwise callers poll Operation(ctx, id).
//
// Registrars take no idempotency key: before retrying a call that may have
// reached the provider, callers look with FindOperations or DomainDetail.
type Registrar interface {
	// Name is the adapter's identifier: "sandbox", "route53", "namecheap", "opensrs".
	Name() string
	// Capabilities says what the adapter supports.
	Capabilities() Capabilities

	// CheckAvailability checks a batch of names and returns one result per
	// name, in the order given.
	CheckAvailability(ctx context.Context, domains []string) ([]Availability, error)
	// Prices returns the registrar's price list for every TLD it sells.
	Prices(ctx context.Context) ([]TLDPrice, error)

	// Register starts a registration.
	Register(ctx context.Context, req RegisterRequest) (Operation, error)
	// CheckTransferability asks whether a domain can be transferred in.
	CheckTransferability(ctx context.Context, domain, authCode string) (Transferability, error)
	// TransferIn starts an inbound transfer.
	TransferIn(ctx context.Context, req TransferRequest) (Operation, error)
	// Renew extends a registration. currentExpiryYear must be the year of
	// the expiry date the registrar holds now; it guards against a replayed
	// renewal.
	Renew(ctx context.Context, domain string, currentExpiryYear, years int) (Operation, error)

	// DomainDetail reads one domain held in the account. A domain the
	// account does not hold is an error of kind KindNotFound.
	DomainDetail(ctx context.Context, domain string) (DomainDetail, error)
	// ListDomains returns one page of the account's domains; an empty
	// cursor starts at the beginning and an empty NextCursor ends the list.
	ListDomains(ctx context.Context, cursor string) (DomainPage, error)

	// Operation reads the current state of an operation.
	Operation(ctx context.Context, id string) (Operation, error)
	// FindOperations lists operations of a type on a domain submitted at or
	// after since, newest first. It lets a caller that crashed after a call
	// find out whether the call reached the registrar.
	FindOperations(ctx context.Context, domain string, typ OperationType, since time.Time) ([]Operation, error)

	// SetPrivacy turns WHOIS privacy on or off for every contact type.
	SetPrivacy(ctx context.Context, domain string, enabled bool) (Operation, error)
	// SetAutoRenew turns registrar-side auto-renew on or off.
	SetAutoRenew(ctx context.Context, domain string, enabled bool) (Operation, error)
	// SetLock turns the transfer lock on or off.
	SetLock(ctx context.Context, domain string, locked bool) (Operation, error)
	// AuthCode retrieves the domain's transfer auth code.
	AuthCode(ctx context.Context, domain string) (string, error)
	// SetNameservers replaces the domain's name servers.
	SetNameservers(ctx context.Context, domain string, nameservers []string) (Operation, error)
}

// ContactType is the registrant type a registry sees in the contact:
// "company" when an organisation is given, else "person" (the words of
// the TLD facts; Route 53 sends COMPANY and PERSON).
func ContactType(c Contact) string {
	if strings.TrimSpace(c.Organization) != "" {
		return "company"
	}
	return "person"
}

// ContactChange names the contacts to replace; a nil one stays as it is.
type ContactChange struct {
	Registrant *Contact
	Admin      *Contact
	Tech       *Contact
	Billing    *Contact
}

// Empty reports whether the change replaces no contact.
func (c ContactChange) Empty() bool {
	return c.Registrant == nil && c.Admin == nil && c.Tech == nil && c.Billing == nil
}

// ContactUpdater is implemented by registrars that can replace a domain's
// contacts. The call changes contacts only: it never touches WHOIS
// privacy, which has its own call.
type ContactUpdater interface {
	UpdateContacts(ctx context.Context, domain string, change ContactChange) (Operation, error)
}

// Suggester is implemented by registrars that can suggest names.
type Suggester interface {
	Suggest(ctx context.Context, domain string, count int) ([]Availability, error)
}

// Capabilities lists what an adapter supports. A false field means the
// adapter cannot do it; Notes may give the reason shown to operators.
type Capabilities struct {
	Privacy        bool
	TransferLock   bool
	AuthCode       bool
	Suggestions    bool
	PremiumPricing bool
	TransferIn     bool
	Renew          bool
	// CreatesZoneOnRegister is true when a registration also creates a DNS
	// hosted zone at the DNS host (Route 53 does), so the product must find
	// that zone instead of creating a second one.
	CreatesZoneOnRegister bool
	Notes                 map[string]string
}

// AvailabilityStatus is the product's reading of a registry answer.
type AvailabilityStatus string

// Availability statuses, as the JSON API names them.
const (
	StatusAvailable AvailabilityStatus = "available"
	StatusTaken     AvailabilityStatus = "taken"
	StatusPremium   AvailabilityStatus = "premium"
	StatusReserved  AvailabilityStatus = "reserved"
	StatusInvalid   AvailabilityStatus = "invalid"
	StatusUnknown   AvailabilityStatus = "unknown"
)

// Availability is the answer for one name.
type Availability struct {
	Domain string
	Status AvailabilityStatus
	// Premium prices, set when the registry prices the name above the list
	// price and the registrar reports it.
	PremiumRegistration *money.Money
	PremiumRenewal      *money.Money
	// Raw is the provider's own value ("UNAVAILABLE_PREMIUM"), for logs.
	Raw string
}

// TLDPrice is the registrar's cost for one TLD, with facts that limit what
// can be ordered. A nil price means the operation is not sold.
type TLDPrice struct {
	TLD          string
	Currency     string
	Registration *money.Money
	Renewal      *money.Money
	Transfer     *money.Money
	Restoration  *money.Money
	MinYears     int
	MaxYears     int
	// Privacy is nil when unknown, else whether the TLD allows WHOIS privacy.
	Privacy       *bool
	PrivacyReason string
	TransferLock  bool
	// AuthCodeRequired is false for TLDs whose transfers use another
	// mechanism (an IPS tag for .uk).
	AuthCodeRequired bool
	// LateRenewDays and RestoreDays are the windows after expiry during
	// which the domain can be renewed late and then restored; zero when
	// unknown or not offered.
	LateRenewDays int
	RestoreDays   int
	// RenewUntilDay is the last day, counted from expiry (negative before
	// it), on which a normal renewal is accepted; nil when unknown.
	RenewUntilDay *int
	// Source says where the price came from, for the admin pages.
	Source string
}

// Contact is a WHOIS contact, validated before it reaches an adapter.
// Phone is in "+CC.NUMBER" form and Country is ISO 3166-1 alpha-2.
type Contact struct {
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	Organization string `json:"organization,omitempty"`
	Email        string `json:"email"`
	Phone        string `json:"phone"`
	Address1     string `json:"address1"`
	Address2     string `json:"address2,omitempty"`
	City         string `json:"city"`
	State        string `json:"state,omitempty"`
	PostalCode   string `json:"postal_code"`
	Country      string `json:"country"`
}

// RegisterRequest asks for a new registration. The same contact serves as
// registrant, admin, tech and billing contact.
type RegisterRequest struct {
	Domain      string
	Years       int
	Contact     Contact
	Privacy     bool
	Nameservers []string
	// PremiumPrice, when set, is the price the client accepted for a
	// premium name; adapters that need it pass it on.
	PremiumPrice *money.Money
}

// TransferRequest asks for an inbound transfer.
type TransferRequest struct {
	Domain      string
	AuthCode    string
	Years       int
	Contact     Contact
	Privacy     bool
	Nameservers []string
}

// Transferability is the answer of CheckTransferability.
type Transferability struct {
	Transferable bool
	// Reason explains a refusal in words a client understands.
	Reason string
	Raw    string
}

// OperationType names the kind of work an operation does.
type OperationType string

// Operation types.
const (
	OpRegister    OperationType = "register"
	OpTransferIn  OperationType = "transfer_in"
	OpRenew       OperationType = "renew"
	OpPrivacy     OperationType = "privacy"
	OpAutoRenew   OperationType = "auto_renew"
	OpLock        OperationType = "lock"
	OpNameservers OperationType = "nameservers"
	OpContacts    OperationType = "contacts"
)

// OperationStatus is the state of an operation.
type OperationStatus string

// Operation statuses. Succeeded and Failed are terminal.
const (
	OpSubmitted  OperationStatus = "submitted"
	OpInProgress OperationStatus = "in_progress"
	// OpActionRequired means the registrant must act (answer an e-mail,
	// approve a transfer) before the operation can go on.
	OpActionRequired OperationStatus = "action_required"
	OpSucceeded      OperationStatus = "succeeded"
	OpFailed         OperationStatus = "failed"
)

// Terminal reports whether the status is final.
func (s OperationStatus) Terminal() bool { return s == OpSucceeded || s == OpFailed }

// Operation is a unit of work at the registrar.
type Operation struct {
	ID        string
	Domain    string
	Type      OperationType
	Status    OperationStatus
	Message   string
	Submitted time.Time
	Updated   time.Time
	// Flag is the provider's hint about what blocks the operation
	// ("PENDING_CUSTOMER_ACTION"), if any.
	Flag string
}

// DomainDetail is what the registrar holds for one domain.
type DomainDetail struct {
	Domain      string
	Created     time.Time
	Expires     time.Time
	AutoRenew   bool
	Locked      bool
	Privacy     bool
	Nameservers []string
	// Statuses are EPP status codes ("clientTransferProhibited").
	Statuses []string
}

// DomainSummary is one row of ListDomains. Fields the registrar's list does
// not carry are zero and HasDetail is false; callers read DomainDetail.
type DomainSummary struct {
	Domain    string
	Expires   time.Time
	AutoRenew bool
	Locked    bool
	Privacy   bool
	HasDetail bool
}

// DomainPage is one page of ListDomains.
type DomainPage struct {
	Domains    []DomainSummary
	NextCursor string
}
