package sandbox

import (
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/sqldb"
)

func TestCheckTransferability(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		b.register(t, "mine.com", 1)
		cases := []struct {
			domain, code string
			ok           bool
			reason       string
		}{
			{"locked-shop.com", "abc", false, "the domain is locked at its current registrar"},
			{"my-shop.com", "abc", true, ""}, // the sandbox does not model other registrars' holdings
			{"mine.com", "abc", false, "the domain is already in this account"},
			{"taken-shop.com", "", false, "an auth code is required to transfer this domain"},
			{"taken-shop.co.uk", "", true, ""}, // .uk moves by IPS tag, no auth code
			{"taken-shop.com", "abc", true, ""},
			{"google.com", "bad-code", true, ""},
		}
		for _, c := range cases {
			got, err := b.r.CheckTransferability(b.ctx, c.domain, c.code)
			if err != nil {
				t.Fatal(err)
			}
			if got.Transferable != c.ok || got.Reason != c.reason {
				t.Errorf("%s: got %+v, want %v %q", c.domain, got, c.ok, c.reason)
			}
		}
	})
}

func TestTransferIn(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		delay := 10 * time.Minute
		b := setup(t, db, Options{TransferDelay: delay})

		_, err := b.r.TransferIn(b.ctx, registrar.TransferRequest{Domain: "locked-a.com", AuthCode: "x"})
		wantKind(t, err, registrar.KindUnavailable, "domain")
		if err.Error() != "registrar unavailable (UNTRANSFERABLE): sandbox: "+reasonLocked {
			t.Errorf("error = %q", err)
		}

		bad, err := b.r.TransferIn(b.ctx, registrar.TransferRequest{Domain: "taken-a.com",
			AuthCode: "bad-code", Years: 1})
		if err != nil {
			t.Fatal(err)
		}
		good, err := b.r.TransferIn(b.ctx, registrar.TransferRequest{Domain: "taken-b.com",
			AuthCode: "s3cret", Privacy: true})
		if err != nil {
			t.Fatal(err)
		}
		wantOp(t, good, registrar.OpInProgress, msgPending)
		if good.Type != registrar.OpTransferIn {
			t.Errorf("type = %s", good.Type)
		}
		_, err = b.r.TransferIn(b.ctx, registrar.TransferRequest{Domain: "taken-b.com", AuthCode: "s3cret"})
		wantKind(t, err, registrar.KindDuplicate, "")

		b.clk.Advance(delay - time.Second)
		wantOp(t, b.op(t, bad.ID), registrar.OpInProgress, msgPending)
		wantOp(t, b.op(t, good.ID), registrar.OpInProgress, msgPending)

		b.clk.Advance(time.Second)
		wantOp(t, b.op(t, bad.ID), registrar.OpFailed, "the auth code was refused by the losing registrar")
		wantOp(t, b.op(t, good.ID), registrar.OpSucceeded, "")

		_, err = b.r.DomainDetail(b.ctx, "taken-a.com")
		wantKind(t, err, registrar.KindNotFound, "")
		d := b.detail(t, "taken-b.com")
		if want := start.Add(delay).AddDate(1, 0, 0); !d.Expires.Equal(want) || !d.Privacy {
			t.Errorf("transferred domain = %+v, want expiry %v (years 0 counts as 1)", d, want)
		}

		got, _ := b.r.CheckTransferability(b.ctx, "taken-b.com", "x")
		if got.Transferable {
			t.Errorf("a domain in the account is still transferable")
		}
	})
}

func TestTransferFailedByComplete(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, db *sqldb.DB) {
		b := setup(t, db, Options{})
		op, err := b.r.TransferIn(b.ctx, registrar.TransferRequest{Domain: "amazon.net", AuthCode: "x"})
		if err != nil {
			t.Fatal(err)
		}
		done, err := b.r.Complete(b.ctx, "amazon.net", true)
		if err != nil || done.ID != op.ID {
			t.Fatal(done, err)
		}
		wantOp(t, done, registrar.OpFailed, msgTransferRefused)
	})
}
