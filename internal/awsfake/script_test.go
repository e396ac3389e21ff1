package awsfake

import (
	"context"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

// TestScriptedTransfer drives a transfer through a script with the real
// adapter: each step is answered, with its StatusFlag, until Advance, and
// SUCCESSFUL brings the domain in with the expiry set.
func TestScriptedTransfer(t *testing.T) {
	f := New(t, Config{Taken: []string{"moving.com"}})
	expires := time.Date(2028, 5, 17, 14, 30, 0, 0, time.UTC)
	f.ScriptTransfer("moving.com", Step{Status: StatusSubmitted},
		Step{Status: StatusInProgress, Flag: FlagPendingAuthorization, Message: "authorize it"},
		Step{Status: StatusSuccessful})
	f.SetTransferExpiry("moving.com", expires)
	reg, _ := adapters(t, f)
	ctx := context.Background()

	op, err := reg.TransferIn(ctx, registrar.TransferRequest{Domain: "moving.com", AuthCode: "code-1",
		Years: 1, Contact: contact})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		status  registrar.OperationStatus
		flag    string
		message string
	}{
		{registrar.OpSubmitted, "", ""},
		{registrar.OpActionRequired, FlagPendingAuthorization, "authorize it"},
		{registrar.OpSucceeded, "", ""},
	}
	for i, w := range want {
		if i > 0 {
			f.Advance("moving.com")
		}
		for range 2 {
			got, err := reg.Operation(ctx, op.ID)
			if err != nil || got.Status != w.status || got.Flag != w.flag || got.Message != w.message {
				t.Fatalf("step %d: %+v (%v), want %+v", i, got, err, w)
			}
		}
	}

	d, ok := f.Domain("moving.com")
	ops := f.Operations()
	if !ok || !d.Expires.Equal(expires) || len(ops) != 1 || ops[0].AuthCode != "code-1" || ops[0].Reads != 6 {
		t.Errorf("domain %+v (%v), operations %+v", d, ok, ops)
	}
}

// TestScriptedFailure: FAILED and ERROR end the transfer without the
// domain, and a new transfer is no longer a duplicate.
func TestScriptedFailure(t *testing.T) {
	for _, end := range []string{StatusFailed, StatusError} {
		f := New(t, Config{Taken: []string{"stuck.com"}})
		f.ScriptTransfer("stuck.com", Step{Status: StatusInProgress}, Step{Status: end, Message: "rejected"})
		reg, _ := adapters(t, f)
		ctx := context.Background()

		op, err := reg.TransferIn(ctx, registrar.TransferRequest{Domain: "stuck.com", AuthCode: "c",
			Years: 1, Contact: contact})
		if err != nil {
			t.Fatal(err)
		}
		f.Advance("stuck.com")
		got, err := reg.Operation(ctx, op.ID)
		if err != nil || got.Status != registrar.OpFailed || got.Message != "rejected" {
			t.Errorf("%s: %+v (%v)", end, got, err)
		}
		if _, ok := f.Domain("stuck.com"); ok {
			t.Errorf("%s: the domain came in", end)
		}
		if _, err := reg.TransferIn(ctx, registrar.TransferRequest{Domain: "stuck.com", AuthCode: "c2",
			Years: 1, Contact: contact}); err != nil {
			t.Errorf("%s: a new transfer after the end: %v", end, err)
		}
	}
}
