package stripegw

import (
	"context"
	"errors"
	"log/slog"

	"github.com/proecommerce/domains/internal/payment"
)

// slogLevel rates a failed call: the provider being down or a refusal of
// the state is a warning the caller handles; anything else is an error.
func slogLevel(err error) slog.Level {
	if errors.Is(err, payment.ErrProviderDown) || errors.Is(err, payment.ErrInvalidState) ||
		errors.Is(err, payment.ErrNotFound) {
		return slog.LevelWarn
	}
	return slog.LevelError
}

// logFailure logs a failed call at the level it deserves: declines are
// business as usual.
func (g *Gateway) logFailure(ctx context.Context, op, key string, err error) {
	if d, ok := payment.IsDecline(err); ok {
		g.log.InfoContext(ctx, "stripe payment declined", "op", op, "decline_code", d.Code,
			"idempotency_key", key)
		return
	}
	level := slogLevel(err)
	g.log.Log(ctx, level, "stripe call failed", "op", op, "idempotency_key", key, "error", err.Error())
}
