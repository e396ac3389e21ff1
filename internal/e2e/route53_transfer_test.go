package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/app"
	"github.com/proecommerce/domains/internal/apptest"
	"github.com/proecommerce/domains/internal/awsfake"
)

// r53tCode is the auth code every scenario sends; it must reach
// TransferDomain and nothing else.
const r53tCode = "Xq7-auth-Code!9"

// r53tExpiry is the expiry the registry reports after a transfer: the old
// expiry plus the year the transfer adds, which the product must read
// rather than compute.
var r53tExpiry = time.Date(2028, 5, 17, 14, 30, 0, 0, time.UTC)

// r53tPoll is how often the saga looks at a transfer in these tests.
const r53tPoll = 50 * time.Millisecond

// r53tStart runs the product against the fake like r53Start, on the
// database given (a fresh one when empty), and returns a stop function
// that ends it early.
//
// Limitation: the product polls a Route 53 transfer at most once an hour
// (app.buildSaga) and no variable changes that, so the saga's interval is
// set here before any job runs.
func r53tStart(t *testing.T, fake *awsfake.Fake, dbURL string) (*apptest.Harness, func()) {
	t.Helper()
	var h *apptest.Harness
	var stop func()
	r53WithEnv(t, fake, func() {
		h, stop = apptest.StartStoppable(t, apptest.Options{Env: r53Env, DatabaseURL: dbURL},
			func(a *app.App) { a.Saga.TransferPollInterval = r53tPoll })
	})
	return h, stop
}

// r53tStep is one scripted answer of the fake and what the client must
// see while the operation gives it.
type r53tStep struct {
	awsfake.Step
	// State is the transfer state of the API; Detail, when set, a word
	// the detail must hold; Note a word of the history entry it adds.
	State, Detail, Note string
}

// r53tSequence walks a transfer through every status and flag Route 53
// Domains reports on a transfer in while it runs. The flags that ask the
// registrant to act read action_required with a detail saying what to do;
// those that wait on the registrar itself read in_progress; each flag is
// named in the history.
var r53tSequence = []r53tStep{
	{Step: awsfake.Step{Status: awsfake.StatusSubmitted}, State: "submitted", Note: "submitted"},
	{Step: awsfake.Step{Status: awsfake.StatusInProgress}, State: "in_progress", Note: "in_progress"},
	{Step: awsfake.Step{Status: awsfake.StatusInProgress, Flag: awsfake.FlagPendingCustomerAction},
		State: "action_required", Detail: "approve", Note: awsfake.FlagPendingCustomerAction},
	{Step: awsfake.Step{Status: awsfake.StatusInProgress, Flag: awsfake.FlagPendingPayment},
		State: "in_progress", Note: awsfake.FlagPendingPayment},
	{Step: awsfake.Step{Status: awsfake.StatusInProgress, Flag: awsfake.FlagPendingAuthorization},
		State: "action_required", Detail: "authorisation link", Note: awsfake.FlagPendingAuthorization},
	{Step: awsfake.Step{Status: awsfake.StatusInProgress, Flag: awsfake.FlagPendingSupportCase},
		State: "in_progress", Note: awsfake.FlagPendingSupportCase},
	{Step: awsfake.Step{Status: awsfake.StatusInProgress, Flag: awsfake.FlagPendingAuthorization,
		Message: "Open the link in the e-mail sent to the registrant to authorize the transfer"},
		State: "action_required", Detail: "Open the link in the e-mail", Note: "to authorize the transfer"},
}

// r53tFlagChange goes from one flag that asks the registrant to act
// straight to another: the second must be shown and recorded too.
var r53tFlagChange = []r53tStep{
	{Step: awsfake.Step{Status: awsfake.StatusSubmitted}, State: "submitted", Note: "submitted"},
	{Step: awsfake.Step{Status: awsfake.StatusInProgress, Flag: awsfake.FlagPendingCustomerAction},
		State: "action_required", Detail: "approve", Note: awsfake.FlagPendingCustomerAction},
	{Step: awsfake.Step{Status: awsfake.StatusInProgress, Flag: awsfake.FlagPendingAuthorization},
		State: "action_required", Note: awsfake.FlagPendingAuthorization},
}

func TestRoute53TransferEndToEnd(t *testing.T) {
	t.Run("every status and flag shown, captured once, active with the registry's expiry", func(t *testing.T) {
		t.Parallel()
		r53tWalk(t, "moving-in.com", r53tSequence)
	})

	// A flag that changes while the status and message stay the same must
	// still reach the client (see the report: saga.noteTransfer compares
	// state and detail only).
	t.Run("a change of flag alone is shown", func(t *testing.T) {
		t.Parallel()
		r53tWalk(t, "flag-change.com", r53tFlagChange)
	})

	for _, end := range []string{awsfake.StatusFailed, awsfake.StatusError} {
		t.Run("transfer ending "+end+" refunded in full", func(t *testing.T) {
			t.Parallel()
			const domain = "stuck-here.com"
			why := "The losing registrar rejected the transfer of " + domain
			fake := awsfake.New(t, awsfake.Config{Taken: []string{domain}})
			fake.ScriptTransfer(domain, awsfake.Step{Status: awsfake.StatusSubmitted},
				awsfake.Step{Status: awsfake.StatusInProgress, Flag: awsfake.FlagPendingCustomerAction},
				awsfake.Step{Status: end, Message: why})
			h, _ := r53tStart(t, fake, "")
			c := signUp(t, h, "grace@example.com")

			o := placeTransfer(t, c, domain, r53tCode)
			o = r53tAccepted(t, h, c, o)
			fake.Advance(domain)
			o = r53tShows(t, h, c, o, r53tStep{State: "action_required", Note: awsfake.FlagPendingCustomerAction})
			fake.Advance(domain)
			o = r53tSettled(t, h, c, o)

			r53tRefunded(t, h, c, fake, o, why)
		})
	}

	t.Run("untransferable refused before payment", func(t *testing.T) {
		t.Parallel()
		fake := awsfake.New(t, awsfake.Config{})
		h, _ := r53tStart(t, fake, "")
		c := signUp(t, h, "linus@example.com")

		before := sandboxPayments(t, h)
		var e apiError
		st := c.Do("POST", "/api/v1/orders", transferBody("held-elsewhere.com", r53tCode), &e)
		if st != 409 || e.Error.Code != "not_transferable" || e.Error.Field != "items.0.domain" ||
			e.Error.Message == "" {
			t.Fatalf("untransferable: %d %+v", st, e)
		}
		if strings.Contains(e.Error.Message, r53tCode) {
			t.Errorf("the auth code is in the answer: %q", e.Error.Message)
		}
		if after := sandboxPayments(t, h); after != before {
			t.Errorf("a refused transfer reached the gateway (%d payments, was %d)", after, before)
		}
		if fake.Calls("CheckDomainTransferability") == 0 || fake.Calls("TransferDomain") != 0 {
			t.Errorf("calls %v", fake.CallLog())
		}
	})

	t.Run("restart in the middle resumes polling the stored operation", func(t *testing.T) {
		t.Parallel()
		r53tRestart(t)
	})
}

// r53tWalk orders a transfer of the domain, walks it through the steps,
// checking each is shown, then completes it.
func r53tWalk(t *testing.T, domain string, seq []r53tStep) {
	fake := awsfake.New(t, awsfake.Config{Taken: []string{domain}})
	fake.ScriptTransfer(domain, r53tScript(seq, awsfake.Step{Status: awsfake.StatusSuccessful})...)
	fake.SetTransferExpiry(domain, r53tExpiry)
	h, _ := r53tStart(t, fake, "")
	c := signUp(t, h, "ada@example.com")

	o := placeTransfer(t, c, domain, r53tCode)
	o = r53tAccepted(t, h, c, o)
	for i, step := range seq {
		if i > 0 {
			fake.Advance(domain)
		}
		o = r53tShows(t, h, c, o, step)
	}
	fake.Advance(domain)
	o = r53tSettled(t, h, c, o)

	r53tCompleted(t, h, c, fake, o)
}

// r53tRestart orders a transfer, stops the product once the operation id
// is stored, moves the transfer on while nothing runs, and starts a new
// process on the same database: it must follow the stored operation, not
// send a second TransferDomain, and charge once.
func r53tRestart(t *testing.T) {
	const domain = "moving-later.com"
	fake := awsfake.New(t, awsfake.Config{Taken: []string{domain}})
	fake.ScriptTransfer(domain, awsfake.Step{Status: awsfake.StatusSubmitted},
		awsfake.Step{Status: awsfake.StatusInProgress, Flag: awsfake.FlagPendingCustomerAction},
		awsfake.Step{Status: awsfake.StatusSuccessful})
	fake.SetTransferExpiry(domain, r53tExpiry)
	dbURL := filepath.Join(t.TempDir(), "proecommerce.db")

	first, stop := r53tStart(t, fake, dbURL)
	c := signUp(t, first, "ada@example.com")
	o := placeTransfer(t, c, domain, r53tCode)
	o = r53tAccepted(t, first, c, o)
	stop()

	ops := r53tTransferOps(t, fake, domain)
	readsBefore := ops[0].Reads
	fake.Advance(domain)

	second, _ := r53tStart(t, fake, dbURL)
	c = second.TokenClient("ada@example.com")
	o = r53tShows(t, second, c, o, r53tStep{State: "action_required", Detail: "approve",
		Note: awsfake.FlagPendingCustomerAction})
	fake.Advance(domain)
	o = r53tSettled(t, second, c, o)

	r53tCompleted(t, second, c, fake, o)
	ops = r53tTransferOps(t, fake, domain)
	if ops[0].Reads <= readsBefore || fake.Calls("GetOperationDetail") != ops[0].Reads ||
		fake.Calls("ListOperations") != 0 {
		t.Errorf("operation %s read %d times (%d before the restart), %d reads in all: the new process "+
			"did not follow the stored id; calls %v", ops[0].ID, ops[0].Reads, readsBefore,
			fake.Calls("GetOperationDetail"), fake.CallLog())
	}
}

func r53tScript(seq []r53tStep, last awsfake.Step) []awsfake.Step {
	steps := make([]awsfake.Step, 0, len(seq)+1)
	for _, s := range seq {
		steps = append(steps, s.Step)
	}
	return append(steps, last)
}

// r53tAccepted waits until the operation id is stored and the transfer's
// payment captured, which happens when the registrar accepts.
func r53tAccepted(t *testing.T, h *apptest.Harness, c *apptest.Client, o transferOrder) transferOrder {
	t.Helper()
	h.Eventually(30*time.Second, "the operation id stored and the payment captured", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return r53tNotes(o, "operation op-") == 1 && o.Payments[0].Status == "captured"
	})
	it, p := o.Items[0], o.Payments[0]
	if it.State != "transferring" || p.Captured != it.Amount || p.Refunded.Amount != 0 {
		t.Fatalf("at acceptance: item %s, payment %+v, amount %+v", it.State, p, it.Amount)
	}
	return o
}

// r53tShows waits until the order and the domain page both show the step.
func r53tShows(t *testing.T, h *apptest.Harness, c *apptest.Client, o transferOrder, step r53tStep) transferOrder {
	t.Helper()
	domain := o.Items[0].Domain
	var d domainView
	h.Eventually(30*time.Second, "the domain to show "+step.State+" "+step.Flag, func() bool {
		c.Do("GET", "/api/v1/domains/"+domain, nil, &d)
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		// The domain and the order are read one after the other, so both
		// must have caught up with the step before they are compared.
		it := o.Items[0]
		return d.Transfer != nil && d.Transfer.State == step.State &&
			strings.Contains(d.Transfer.Detail, step.Detail) && r53tNotes(o, step.Note) > 0 &&
			it.Transfer != nil && *it.Transfer == *d.Transfer
	}, func() string { return fmt.Sprintf("transfer %+v, history %+v", d.Transfer, o.Items[0].History) })

	it := o.Items[0]
	if d.Status != "transferring" || it.State != "transferring" || it.Transfer == nil || *it.Transfer != *d.Transfer {
		t.Errorf("%s %s: domain %s %+v, item %s %+v", step.Status, step.Flag, d.Status, d.Transfer, it.State, it.Transfer)
	}
	if step.State == "action_required" && len(d.Transfer.Detail) < 20 {
		t.Errorf("%s: detail %q does not tell the client what to do", step.Flag, d.Transfer.Detail)
	}
	return o
}

// r53tSettled waits for the order to end.
func r53tSettled(t *testing.T, h *apptest.Harness, c *apptest.Client, o transferOrder) transferOrder {
	t.Helper()
	h.Eventually(30*time.Second, "the transfer to end", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status != "open" && o.Items[0].State != "transferring"
	})
	return o
}

// r53tNotes counts the item's history entries that hold the word.
func r53tNotes(o transferOrder, word string) int {
	n := 0
	for _, e := range o.Items[0].History {
		if strings.Contains(e.Note, word) {
			n++
		}
	}
	return n
}

func r53tCompleted(t *testing.T, h *apptest.Harness, c *apptest.Client, fake *awsfake.Fake, o transferOrder) {
	t.Helper()
	it, p := o.Items[0], o.Payments[0]
	if o.Status != "completed" || it.State != "completed" || it.Transfer == nil || it.Transfer.State != "completed" {
		t.Fatalf("completed transfer: order %s, item %s %+v", o.Status, it.State, it.Transfer)
	}
	if p.Status != "captured" || p.Captured != it.Amount || p.Refunded.Amount != 0 ||
		r53tNotes(o, "captured: the registrar accepted") != 1 {
		t.Errorf("payment %+v, history %+v: want one capture of %+v", p, it.History, it.Amount)
	}
	r53tGatewayHolds(t, h, it.Amount.Amount, 0)

	var d domainView
	if st := c.Do("GET", "/api/v1/domains/"+it.Domain, nil, &d); st != 200 || d.Status != "active" ||
		d.ExpiresAt == nil || d.Transfer == nil || d.Transfer.State != "completed" {
		t.Fatalf("transferred domain: %d %+v %+v", st, d, d.Transfer)
	}
	if exp, err := time.Parse(time.RFC3339, *d.ExpiresAt); err != nil || !exp.Equal(r53tExpiry) {
		t.Errorf("expiry %s (%v), the registry reports %s", *d.ExpiresAt, err, r53tExpiry)
	}

	ops := r53tTransferOps(t, fake, it.Domain)
	if ops[0].Status != awsfake.StatusSuccessful || ops[0].AuthCode != r53tCode {
		t.Errorf("operation at the fake %+v", ops[0])
	}
	r53tCodeErased(t, h, o)
}

func r53tRefunded(t *testing.T, h *apptest.Harness, c *apptest.Client, fake *awsfake.Fake, o transferOrder, why string) {
	t.Helper()
	it, p := o.Items[0], o.Payments[0]
	if o.Status != "failed" || it.State != "failed" || !strings.Contains(it.Error, why) {
		t.Fatalf("failed transfer: order %s, item %s %q", o.Status, it.State, it.Error)
	}
	if p.Status != "refunded" || p.Captured != it.Amount || p.Refunded != p.Captured {
		t.Errorf("payment %+v: want the capture of %+v refunded in full", p, it.Amount)
	}
	if r53tNotes(o, "captured: the registrar accepted") != 1 {
		t.Errorf("history %+v: want one capture", it.History)
	}
	r53tGatewayHolds(t, h, it.Amount.Amount, it.Amount.Amount)

	var d domainView
	if st := c.Do("GET", "/api/v1/domains/"+it.Domain, nil, &d); st != 200 || d.Status != "gone" ||
		d.Transfer == nil || d.Transfer.State != "failed" || !strings.Contains(d.Transfer.Detail, why) {
		t.Errorf("domain after a failed transfer: %d %+v %+v", st, d, d.Transfer)
	}
	if _, held := fake.Domain(it.Domain); held {
		t.Errorf("%s is in the account after a failed transfer", it.Domain)
	}
	r53tCodeErased(t, h, o)
}

// r53tGatewayHolds: the sandbox gateway holds one payment, captured and
// refunded by the amounts given (a second capture would show).
func r53tGatewayHolds(t *testing.T, h *apptest.Harness, captured, refunded int64) {
	t.Helper()
	var n int
	var c, r int64
	err := h.App.DB.QueryRow(context.Background(),
		`SELECT count(*), COALESCE(SUM(captured), 0), COALESCE(SUM(refunded), 0) FROM sandbox_payments`).Scan(&n, &c, &r)
	if err != nil || n != 1 || c != captured || r != refunded {
		t.Errorf("gateway: %d payments, captured %d, refunded %d (%v); want 1, %d, %d", n, c, r, err,
			captured, refunded)
	}
}

// r53tCodeErased: the auth code is gone from the database and from the
// history once the transfer was submitted.
func r53tCodeErased(t *testing.T, h *apptest.Harness, o transferOrder) {
	t.Helper()
	var code string
	err := h.App.DB.QueryRow(context.Background(), `SELECT auth_code FROM order_items WHERE id = ?`,
		o.Items[0].ID).Scan(&code)
	if err != nil || code != "" {
		t.Errorf("auth code column after submission: %q (%v)", code, err)
	}
	for _, e := range o.Items[0].History {
		if strings.Contains(e.Note, r53tCode) {
			t.Errorf("auth code in the history: %q", e.Note)
		}
	}
}

// r53tTransferOps returns the fake's transfer operations on the domain;
// there must be exactly one, started by exactly one TransferDomain.
func r53tTransferOps(t *testing.T, fake *awsfake.Fake, domain string) []awsfake.Operation {
	t.Helper()
	var ops []awsfake.Operation
	for _, op := range fake.Operations() {
		if op.Domain == domain && op.Type == awsfake.TypeTransferIn {
			ops = append(ops, op)
		}
	}
	if len(ops) != 1 || fake.Calls("TransferDomain") != 1 || fake.Accepted("TransferDomain") != 1 {
		t.Fatalf("transfer operations of %s: %+v; calls %v", domain, ops, fake.CallLog())
	}
	return ops
}
