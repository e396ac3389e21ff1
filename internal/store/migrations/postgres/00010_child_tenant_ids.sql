-- +goose Up
-- Item history and invoice lines carry their tenant like every other row
-- of tenant data, copied from the item or invoice they belong to.
ALTER TABLE order_item_history ADD COLUMN tenant_id TEXT NOT NULL DEFAULT '';
UPDATE order_item_history h SET tenant_id = i.tenant_id FROM order_items i WHERE i.id = h.item_id;
ALTER TABLE order_item_history ALTER COLUMN tenant_id DROP DEFAULT;
ALTER TABLE order_item_history ADD CONSTRAINT order_item_history_tenant
    FOREIGN KEY (tenant_id) REFERENCES tenants(id);
ALTER TABLE invoice_lines ADD COLUMN tenant_id TEXT NOT NULL DEFAULT '';
UPDATE invoice_lines l SET tenant_id = v.tenant_id FROM invoices v WHERE v.id = l.invoice_id;
ALTER TABLE invoice_lines ALTER COLUMN tenant_id DROP DEFAULT;
ALTER TABLE invoice_lines ADD CONSTRAINT invoice_lines_tenant
    FOREIGN KEY (tenant_id) REFERENCES tenants(id);

-- +goose Down
ALTER TABLE invoice_lines DROP COLUMN tenant_id;
ALTER TABLE order_item_history DROP COLUMN tenant_id;
