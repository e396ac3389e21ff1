package e2e

import (
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/registrar/opensrs/opensrstest"
)

// osrsNow is the OpenSRS fake's clock in the transfer flow.
var osrsNow = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

func TestOpenSRSTransferEndToEnd(t *testing.T) {
	for _, target := range apptest.Targets(t) {
		t.Run(target.Name, func(t *testing.T) { osrsTransferFlow(t, target.URL) })
	}
}

// osrsTransferFlow: a name CHECK_TRANSFER calls locked is refused before
// payment; a transfer is charged when SW_REGISTER (reg_type transfer)
// accepts it, asks the client to act while the owner must approve, and
// completes with the registrar's expiry; a cancelled one is refunded.
func osrsTransferFlow(t *testing.T, databaseURL string) {
	fake := opensrstest.New(t, opensrstest.Config{Taken: []string{"moving-in.ca", "stuck-in.ca"},
		Now: func() time.Time { return osrsNow }})
	t.Setenv("OPENSRS_USERNAME", opensrstest.Username)
	t.Setenv("OPENSRS_API_KEY", opensrstest.APIKey)
	t.Setenv("PROECOMMERCE_OPENSRS_API_URL", fake.URL)
	t.Setenv("OPENSRS_PRICE_TLDS", "shop,ca")
	h := xferStart(t, "opensrs", databaseURL)
	c := signUp(t, h, "ada@example.com")

	xferRefusedBeforePayment(t, h, c, "locked-name.ca", "locked")
	if n := len(fake.Calls("SW_REGISTER")); n != 0 {
		t.Fatalf("SW_REGISTER sent %d times for a refused transfer", n)
	}

	good := xferAccepted(t, h, c, placeTransfer(t, c, "moving-in.ca", "auth-good-1"))
	sent := fake.Calls("SW_REGISTER")[0]
	if sent.Text("reg_type") != "transfer" || sent.Text("auth_info") != "auth-good-1" || sent.Text("domain") != "moving-in.ca" {
		t.Errorf("SW_REGISTER attributes %v", sent)
	}
	xferShows(t, h, c, good, "action_required", "approve")
	fake.SetTransferStatus("moving-in.ca", "pending_registry")
	xferShows(t, h, c, good, "in_progress", "registry")
	fake.SetTransferStatus("moving-in.ca", "completed")
	good = xferSettled(t, h, c, good)
	xferCompleted(t, c, good, "opensrs", osrsNow.AddDate(1, 0, 0))

	bad := xferAccepted(t, h, c, placeTransfer(t, c, "stuck-in.ca", "auth-wrong"))
	fake.CancelTransfer("stuck-in.ca", "the losing registrar refused the auth code")
	bad = xferSettled(t, h, c, bad)
	xferRefunded(t, h, c, bad, "refused the auth code")

	xferGateway(t, h, 2, good.Items[0].Amount.Amount+bad.Items[0].Amount.Amount, bad.Items[0].Amount.Amount)
	transfers := 0
	for _, a := range fake.Calls("SW_REGISTER") {
		if a.Text("reg_type") == "transfer" {
			transfers++
		}
	}
	if transfers != 2 {
		t.Errorf("%d transfer requests sent, want one per transfer", transfers)
	}
}
