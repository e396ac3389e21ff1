package sandbox

import (
	"context"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/registrar"
	"github.com/proecommerce/domains/internal/sqldb"
)

// start is the fake clock's first reading.
var start = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

type bundle struct {
	r   *Registrar
	clk *clock.Fake
	db  *sqldb.DB
	ctx context.Context
}

func setup(t *testing.T, db *sqldb.DB, opts Options) bundle {
	t.Helper()
	clk := clock.NewFake(start)
	r, err := New(db, clk, opts)
	if err != nil {
		t.Fatal(err)
	}
	return bundle{r: r, clk: clk, db: db, ctx: context.Background()}
}

// register registers domain and lets the registry complete it.
func (b bundle) register(t *testing.T, domain string, years int) registrar.Operation {
	t.Helper()
	op, err := b.r.Register(b.ctx, registrar.RegisterRequest{Domain: domain, Years: years})
	if err != nil {
		t.Fatalf("register %s: %v", domain, err)
	}
	b.clk.Advance(b.r.opts.RegisterDelay)
	op, err = b.r.Operation(b.ctx, op.ID)
	if err != nil || op.Status != registrar.OpSucceeded {
		t.Fatalf("register %s: %+v, %v", domain, op, err)
	}
	return op
}

// wantKind fails unless err is a registrar error of kind k on field.
func wantKind(t *testing.T, err error, k registrar.Kind, field string) {
	t.Helper()
	e, ok := err.(*registrar.Error)
	if !ok {
		t.Fatalf("error = %v (%T), want a registrar error of kind %s", err, err, k)
	}
	if e.Kind != k || e.Field != field {
		t.Fatalf("error = %v (kind %s, field %q), want kind %s field %q", err, e.Kind, e.Field, k, field)
	}
}

// wantOp fails unless the operation has the status and message.
func wantOp(t *testing.T, op registrar.Operation, status registrar.OperationStatus, msg string) {
	t.Helper()
	if op.Status != status || op.Message != msg {
		t.Fatalf("operation = %s %q, want %s %q", op.Status, op.Message, status, msg)
	}
}

func (b bundle) op(t *testing.T, id string) registrar.Operation {
	t.Helper()
	op, err := b.r.Operation(b.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return op
}

func (b bundle) detail(t *testing.T, domain string) registrar.DomainDetail {
	t.Helper()
	d, err := b.r.DomainDetail(b.ctx, domain)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
