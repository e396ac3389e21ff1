package saga_test

import (
	"context"
	"errors"
	"sync"

	"github.com/proecommerce/domains/internal/dnshost"
	"github.com/proecommerce/domains/internal/money"
	"github.com/proecommerce/domains/internal/payment"
	"github.com/proecommerce/domains/internal/registrar"
)

// errDied stands for the process dying around an external call.
var errDied = errors.New("the process died")

// cutter kills "the process" once, at the first call named call: before
// the call reaches the provider, or right after the provider did the work
// (the answer is lost).
type cutter struct {
	mu    sync.Mutex
	call  string
	after bool
	fired bool
	// flag, when set, makes operations still running read as waiting for
	// the registrant, with that provider flag.
	flag string
}

func (c *cutter) setFlag(flag string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flag = flag
}

func (c *cutter) currentFlag() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.flag
}

func (c *cutter) arm(call string, after bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.call, c.after, c.fired = call, after, false
}

func (c *cutter) heal() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.call = ""
}

func (c *cutter) hasFired() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fired
}

func (c *cutter) around(name string, call func() error) error {
	c.mu.Lock()
	fire := !c.fired && c.call == name
	after := c.after
	if fire {
		c.fired = true
	}
	c.mu.Unlock()

	if fire && !after {
		return errDied
	}
	err := call()
	if fire {
		return errDied
	}
	return err
}

type cutRegistrar struct {
	registrar.Registrar
	c *cutter
}

func (r *cutRegistrar) Register(ctx context.Context, req registrar.RegisterRequest) (op registrar.Operation, err error) {
	err = r.c.around("Register", func() error { op, err = r.Registrar.Register(ctx, req); return err })
	return op, err
}

func (r *cutRegistrar) TransferIn(ctx context.Context, req registrar.TransferRequest) (op registrar.Operation, err error) {
	err = r.c.around("TransferIn", func() error { op, err = r.Registrar.TransferIn(ctx, req); return err })
	return op, err
}

func (r *cutRegistrar) Operation(ctx context.Context, id string) (op registrar.Operation, err error) {
	err = r.c.around("Operation", func() error { op, err = r.Registrar.Operation(ctx, id); return err })
	if flag := r.c.currentFlag(); err == nil && flag != "" && !op.Status.Terminal() {
		op.Status, op.Flag, op.Message = registrar.OpActionRequired, flag, ""
	}
	return op, err
}

func (r *cutRegistrar) DomainDetail(ctx context.Context, domain string) (d registrar.DomainDetail, err error) {
	err = r.c.around("DomainDetail", func() error { d, err = r.Registrar.DomainDetail(ctx, domain); return err })
	return d, err
}

func (r *cutRegistrar) SetNameservers(ctx context.Context, domain string, ns []string) (op registrar.Operation, err error) {
	err = r.c.around("SetNameservers", func() error {
		op, err = r.Registrar.SetNameservers(ctx, domain, ns)
		return err
	})
	return op, err
}

type cutDNS struct {
	dnshost.Host
	c *cutter
}

func (h *cutDNS) EnsureZone(ctx context.Context, domain, ref string) (z dnshost.Zone, err error) {
	err = h.c.around("EnsureZone", func() error { z, err = h.Host.EnsureZone(ctx, domain, ref); return err })
	return z, err
}

func (h *cutDNS) Apply(ctx context.Context, zoneID string, ch []dnshost.Change) (info dnshost.ChangeInfo, err error) {
	err = h.c.around("Apply", func() error { info, err = h.Host.Apply(ctx, zoneID, ch); return err })
	return info, err
}

type cutGateway struct {
	payment.Gateway
	c *cutter
}

func (g *cutGateway) Authorize(ctx context.Context, req payment.AuthorizeRequest) (a payment.Authorization, err error) {
	err = g.c.around("Authorize", func() error { a, err = g.Gateway.Authorize(ctx, req); return err })
	return a, err
}

func (g *cutGateway) Capture(ctx context.Context, id string, m money.Money, key string) (a payment.Authorization, err error) {
	err = g.c.around("Capture", func() error { a, err = g.Gateway.Capture(ctx, id, m, key); return err })
	return a, err
}

func (g *cutGateway) Void(ctx context.Context, id, key string) (a payment.Authorization, err error) {
	err = g.c.around("Void", func() error { a, err = g.Gateway.Void(ctx, id, key); return err })
	return a, err
}

func (g *cutGateway) Refund(ctx context.Context, id string, m money.Money, key string) (a payment.Authorization, err error) {
	err = g.c.around("Refund", func() error { a, err = g.Gateway.Refund(ctx, id, m, key); return err })
	return a, err
}

func (g *cutGateway) Get(ctx context.Context, id string) (a payment.Authorization, err error) {
	err = g.c.around("Get", func() error { a, err = g.Gateway.Get(ctx, id); return err })
	return a, err
}
