package stripegw

import (
	"testing"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/payment/stripe/stripefake"
)

// The gateway's flows are tested against the shared stateful fake; these
// names keep the tests short.
type (
	fakeStripe = stripefake.Fake
	fakeCall   = stripefake.Call
	fakeFault  = stripefake.Fault
)

const (
	fakeSecretKey  = stripefake.SecretKey
	pmVisa         = stripefake.PMVisa
	pmDeclined     = stripefake.PMDeclined
	pmInsufficient = stripefake.PMInsufficientFunds
	pmAuthRequired = stripefake.PMAuthenticationRequired
)

func newFakeStripe(t *testing.T, clk *clock.Fake) *fakeStripe {
	t.Helper()
	return stripefake.NewWithClock(t, clk)
}
