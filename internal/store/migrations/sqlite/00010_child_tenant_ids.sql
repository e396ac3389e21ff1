-- +goose Up
-- Item history and invoice lines carry their tenant like every other row
-- of tenant data, copied from the item or invoice they belong to.
ALTER TABLE order_item_history ADD COLUMN tenant_id TEXT NOT NULL DEFAULT '';
UPDATE order_item_history SET tenant_id =
    (SELECT tenant_id FROM order_items WHERE order_items.id = order_item_history.item_id);
ALTER TABLE invoice_lines ADD COLUMN tenant_id TEXT NOT NULL DEFAULT '';
UPDATE invoice_lines SET tenant_id =
    (SELECT tenant_id FROM invoices WHERE invoices.id = invoice_lines.invoice_id);

-- +goose Down
ALTER TABLE invoice_lines DROP COLUMN tenant_id;
ALTER TABLE order_item_history DROP COLUMN tenant_id;
