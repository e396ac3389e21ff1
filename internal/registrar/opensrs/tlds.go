package opensrs

import (
	"sort"
)

// tldFact is what the adapter knows of a TLD beyond its price.
type tldFact struct {
	// privacy is nil when unknown.
	privacy       *bool
	privacyReason string
	minYears      int
	maxYears      int
	transferLock  bool
}

func ptr[T any](v T) *T { return &v }

// Limitation: these facts are our own reading of the registries' rules and
// of OpenSRS's TLD reference chart (opensrs.help/tlds); OpenSRS has no call
// that returns them, so they must be kept up to date by hand.
var tldFacts = map[string]tldFact{
	"ca": {privacy: ptr(false), privacyReason: "CIRA hides individuals' WHOIS data itself; " +
		"OpenSRS offers no privacy service for .ca", minYears: 1, maxYears: 10, transferLock: true},
	"us": {privacy: ptr(false), privacyReason: "the usTLD policy forbids WHOIS privacy",
		minYears: 1, maxYears: 10, transferLock: true},
	"eu": {privacy: ptr(false), privacyReason: "EURid publishes no personal data; " +
		"no privacy service is offered", minYears: 1, maxYears: 10, transferLock: false},
	"de": {privacy: ptr(false), privacyReason: "DENIC publishes no personal data; " +
		"no privacy service is offered", minYears: 1, maxYears: 1, transferLock: false},
	"fr": {privacy: ptr(false), privacyReason: "AFNIC hides individuals' data itself; " +
		"no privacy service is offered", minYears: 1, maxYears: 10, transferLock: true},
	"nl": {privacy: ptr(false), privacyReason: "SIDN hides personal data itself; " +
		"no privacy service is offered", minYears: 1, maxYears: 1, transferLock: false},
	"ai": {privacy: ptr(true), minYears: 2, maxYears: 10, transferLock: true},
}

// factsFor returns the known facts of a TLD, with gTLD defaults otherwise.
func factsFor(tld string) tldFact {
	if f, ok := tldFacts[tld]; ok {
		return f
	}
	if len(tld) == 2 {
		// A ccTLD we have no facts for: privacy unknown.
		return tldFact{minYears: 1, maxYears: 10, transferLock: true}
	}
	return tldFact{privacy: ptr(true), minYears: 1, maxYears: 10, transferLock: true}
}

func noPrivacyTLDs() []string {
	var out []string
	for tld, f := range tldFacts {
		if f.privacy != nil && !*f.privacy {
			out = append(out, tld)
		}
	}
	sort.Strings(out)
	return out
}
