// Package fuzz holds the product's fuzz tests over the parsers that take
// outside input: DNS record input, zone-file import, WHMCS exports and money
// amounts. Each runs its seed corpus in go test; run one longer with, for
// example,
//
//	go test ./internal/fuzz -run '^$' -fuzz '^FuzzZoneImport$' -fuzztime 60s
package fuzz
