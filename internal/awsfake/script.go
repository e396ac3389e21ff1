package awsfake

import (
	"slices"
	"time"
)

// Step is one answer of a scripted operation: the status GetOperationDetail
// reports, its StatusFlag and Message (either may be empty).
type Step struct {
	Status  string
	Flag    string
	Message string
}

// Status flags Route 53 Domains sets on an operation in progress.
const (
	FlagPendingAcceptance     = "PENDING_ACCEPTANCE"
	FlagPendingCustomerAction = "PENDING_CUSTOMER_ACTION"
	FlagPendingAuthorization  = "PENDING_AUTHORIZATION"
	FlagPendingPayment        = "PENDING_PAYMENT_VERIFICATION"
	FlagPendingSupportCase    = "PENDING_SUPPORT_CASE"
)

// ScriptTransfer makes the next TransferDomain of the domain follow the
// steps: its operation answers steps[0] from the start and moves on only
// when the test calls Advance, so a test sees every status as long as it
// likes. A SUCCESSFUL step brings the domain into the account, FAILED or
// ERROR ends the transfer; Config.CompleteAfter and Config.Refuse do not
// apply to a scripted operation.
func (f *Fake) ScriptTransfer(domain string, steps ...Step) {
	f.mu.Lock()
	defer f.mu.Unlock()

	if len(steps) == 0 {
		f.t.Fatalf("awsfake: script of %s has no steps", domain)
	}
	if f.scripts == nil {
		f.scripts = map[string][]Step{}
	}
	f.scripts[domain] = slices.Clone(steps)
}

// SetTransferExpiry sets the expiry a scripted transfer of the domain
// gives it on success, as the registry reports it (the old expiry plus
// the year the transfer adds); a year after completion when not set.
func (f *Fake) SetTransferExpiry(domain string, expires time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()

	if f.expiries == nil {
		f.expiries = map[string]time.Time{}
	}
	f.expiries[domain] = expires
}

// applyScript attaches the domain's script, if any, to a new transfer
// operation and answers its first step. The caller holds f.mu.
func (f *Fake) applyScript(op *operation) {
	steps, ok := f.scripts[op.Domain]
	if !ok {
		return
	}
	delete(f.scripts, op.Domain)
	op.script = steps
	f.enter(op, 0)
}

// Advance moves the scripted operation of the domain to its next step and
// returns that step. It fails the test when the domain has no scripted
// operation or the script is over.
func (f *Fake) Advance(domain string) Step {
	f.mu.Lock()
	defer f.mu.Unlock()

	for _, op := range slices.Backward(f.ops) {
		if op.Domain != domain || op.script == nil {
			continue
		}
		if op.at+1 >= len(op.script) {
			f.t.Fatalf("awsfake: the script of %s (%s) is over at %+v", domain, op.ID, op.script[op.at])
		}
		f.enter(op, op.at+1)
		return op.script[op.at]
	}
	f.t.Fatalf("awsfake: no scripted operation on %s", domain)
	return Step{}
}

// enter puts a scripted operation at step i. The caller holds f.mu.
func (f *Fake) enter(op *operation, i int) {
	s := op.script[i]
	op.at = i
	op.Status, op.Flag, op.Message, op.Updated = s.Status, s.Flag, s.Message, f.now()
	if s.Status != StatusSuccessful || op.done == nil {
		return
	}

	op.done(f)
	if exp, ok := f.expiries[op.Domain]; ok && f.domains[op.Domain] != nil {
		f.domains[op.Domain].Expires = exp.UTC().Truncate(time.Second)
	}
}

// open reports whether an operation with the status may still change.
func open(status string) bool {
	return status == StatusSubmitted || status == StatusInProgress
}
