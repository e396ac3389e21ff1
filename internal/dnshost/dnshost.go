// Package dnshost defines the contract of a DNS hosting provider (zones,
// record sets and atomic change batches) that every DNS adapter implements.
package dnshost

import (
	"context"
	"errors"
	"time"
)

// Host is a DNS hosting account.
//
// Names are fully qualified, lower-case A-labels with a trailing dot
// ("www.example.com."); the wildcard label is a literal "*". Values are
// record data in zone-file presentation form, exactly as a zone file holds
// it after the type ("10 mail.example.com." for MX, "\"v=spf1 -all\"" for
// TXT with its quoting and 255-octet string split).
type Host interface {
	// Name is the adapter's identifier: "sandbox" or "route53".
	Name() string
	// EnsureZone returns the hosted zone for the domain, creating it when
	// none exists. callerRef is a stable key for the creation request so a
	// retried call never creates a second zone.
	EnsureZone(ctx context.Context, domain, callerRef string) (Zone, error)
	// FindZone returns the hosted zone for the domain, or ErrZoneNotFound.
	FindZone(ctx context.Context, domain string) (Zone, error)
	// RecordSets lists every record set of the zone, NS and SOA included.
	RecordSets(ctx context.Context, zoneID string) ([]RecordSet, error)
	// Apply applies a batch of changes atomically: all or none.
	Apply(ctx context.Context, zoneID string, changes []Change) (ChangeInfo, error)
	// ChangeStatus reads the propagation status of a change.
	ChangeStatus(ctx context.Context, changeID string) (ChangeInfo, error)
}

// Zone is a hosted zone.
type Zone struct {
	ID          string
	Domain      string
	Nameservers []string
}

// RecordSet is every record of one name and type.
type RecordSet struct {
	Name   string   `json:"name"`
	Type   string   `json:"type"`
	TTL    uint32   `json:"ttl"`
	Values []string `json:"values"`
}

// Action is what a change does to a record set.
type Action string

// Change actions, as Route 53 names them.
const (
	// Create fails if the record set exists.
	Create Action = "CREATE"
	// Upsert creates or replaces the record set.
	Upsert Action = "UPSERT"
	// Delete removes the record set; its TTL and values must match exactly.
	Delete Action = "DELETE"
)

// Change is one action on one record set.
type Change struct {
	Action Action    `json:"action"`
	Set    RecordSet `json:"set"`
}

// ChangeStatus says whether a change has reached every name server.
type ChangeStatus string

// Change statuses, as the JSON API names them.
const (
	ChangePending ChangeStatus = "pending"
	ChangeInSync  ChangeStatus = "in_sync"
)

// ChangeInfo identifies an applied change.
type ChangeInfo struct {
	ID        string       `json:"id"`
	Status    ChangeStatus `json:"status"`
	Submitted time.Time    `json:"submitted_at"`
}

// Errors adapters return; wrap them with context.
var (
	// ErrZoneNotFound: no hosted zone for that domain or id.
	ErrZoneNotFound = errors.New("dns host: zone not found")
	// ErrInvalidChange: the host refused the batch (a DELETE that does not
	// match, a CREATE of an existing set, a CNAME beside other data).
	ErrInvalidChange = errors.New("dns host: invalid change")
	// ErrThrottled: slow down and retry.
	ErrThrottled = errors.New("dns host: throttled")
	// ErrProviderDown: the host failed or did not answer.
	ErrProviderDown = errors.New("dns host: provider unavailable")
)
