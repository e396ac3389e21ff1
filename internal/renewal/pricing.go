package renewal

import (
	"errors"
	"fmt"

	"github.com/proecommerce/domains/internal/catalog"
	"github.com/proecommerce/domains/internal/money"
)

// Invoice line kinds, as the JSON API names them.
const (
	KindRenewal     = "renewal"
	KindRestoration = "restoration"
)

// ErrLost is returned for a domain past every renewal window: it is never billed.
var ErrLost = errors.New("renewal: the domain is past its restoration window")

// ErrNoPrice is returned when the TLD has no price for the renewal needed.
var ErrNoPrice = errors.New("renewal: no price for this renewal")

// Price returns the invoice line kind and the yearly price of renewing in
// a phase, from the tenant's offer for the TLD: the renewal price up to the
// end of the late-renewal window, then the restoration price.
func Price(ph Phase, o catalog.Offer) (string, money.Money, error) {
	switch ph {
	case PhaseRenew, PhaseLate:
		if o.Renewal == nil {
			return "", money.Money{}, fmt.Errorf(".%s renewal: %w", o.TLD, ErrNoPrice)
		}
		return KindRenewal, *o.Renewal, nil
	case PhaseRestore:
		if o.Restoration == nil {
			return "", money.Money{}, fmt.Errorf(".%s restoration: %w", o.TLD, ErrNoPrice)
		}
		return KindRestoration, *o.Restoration, nil
	default:
		return "", money.Money{}, ErrLost
	}
}
