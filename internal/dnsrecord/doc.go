// Package dnsrecord turns what clients type into DNS record sets a DNS host
// accepts, and back: record names and values in the API's presentation form,
// validation with miekg/dns, set-level change plans, BIND zone files and the
// default records of a new zone. It does no I/O.
package dnsrecord
