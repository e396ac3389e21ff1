-- +goose Up
-- A payment made later of an order's open invoice (its capture was refused
-- after the domains were delivered) names that invoice; its attempts are
-- counted per invoice for their idempotency keys.
ALTER TABLE payments ADD COLUMN invoice_id TEXT NOT NULL DEFAULT '';
CREATE INDEX payments_invoice ON payments (invoice_id);

-- +goose Down
DROP INDEX payments_invoice;
ALTER TABLE payments DROP COLUMN invoice_id;
