package apptest

import (
	"bytes"
	"context"
	"slices"
	"sync"

	"github.com/proecommerce/domains/internal/registrar"
)

// Faults makes the registrars the saga calls fail transiently, the way
// real providers do: a registration or transfer is throttled a number of
// times before it gets through, or it reaches the registrar and its answer
// is lost (a timeout after the provider acted). It counts the calls that
// reached the registrar, so a test can check nothing was done twice. Pass
// Wrap as Extras.WrapRegistrar.
//
// Each failed call costs River's retry backoff (about 1 s after the first
// error of a job, 16 s after the second), so give a domain one fault.
type Faults struct {
	// Throttle maps a domain to how many Register or TransferIn calls
	// answer "throttled" before one gets through.
	Throttle map[string]int
	// LoseAnswer lists the domains whose first Register or TransferIn
	// reaches the registrar and then answers "provider down"; "*" is every
	// domain.
	LoseAnswer []string

	mu      sync.Mutex
	tries   map[string]int
	reached map[string]int
}

// Wrap puts the faults in front of r.
func (f *Faults) Wrap(r registrar.Registrar) registrar.Registrar {
	return &flaky{Registrar: r, f: f}
}

// Reached is how many calls of method ("Register", "TransferIn") for
// domain got through to the registrar.
func (f *Faults) Reached(method, domain string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reached[method+" "+domain]
}

// call runs one registrar call through the faults.
func (f *Faults) call(method, domain string, do func() error) error {
	if !f.admit(method, domain) {
		return &registrar.Error{Kind: registrar.KindThrottled, Code: "Throttled", Message: "rate exceeded (injected)"}
	}
	err := do()
	lose := slices.Contains(f.LoseAnswer, domain) || slices.Contains(f.LoseAnswer, "*")
	if err == nil && lose && f.Reached(method, domain) == 1 {
		return &registrar.Error{Kind: registrar.KindProviderDown, Code: "Timeout",
			Message: "no answer before the deadline (injected after the call was made)"}
	}
	return err
}

// admit says whether a call gets through, and counts it when it does.
func (f *Faults) admit(method, domain string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.tries == nil {
		f.tries, f.reached = map[string]int{}, map[string]int{}
	}
	key := method + " " + domain
	f.tries[key]++
	if f.tries[key] <= f.Throttle[domain] {
		return false
	}
	f.reached[key]++
	return true
}

type flaky struct {
	registrar.Registrar
	f *Faults
}

func (r *flaky) Register(ctx context.Context, req registrar.RegisterRequest) (registrar.Operation, error) {
	var op registrar.Operation
	err := r.f.call("Register", req.Domain, func() (err error) {
		op, err = r.Registrar.Register(ctx, req)
		return err
	})
	if err != nil {
		return registrar.Operation{}, err
	}
	return op, nil
}

func (r *flaky) TransferIn(ctx context.Context, req registrar.TransferRequest) (registrar.Operation, error) {
	var op registrar.Operation
	err := r.f.call("TransferIn", req.Domain, func() (err error) {
		op, err = r.Registrar.TransferIn(ctx, req)
		return err
	})
	if err != nil {
		return registrar.Operation{}, err
	}
	return op, nil
}

// LogBuffer collects log output from several goroutines.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
