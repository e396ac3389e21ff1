-- +goose Up
-- Keyset pages of the admin domain list stay on an index for each filter:
-- every index ends in name, the sort and cursor column.
CREATE INDEX domains_admin_status ON domains (tenant_id, status, name);
CREATE INDEX domains_admin_registrar ON domains (tenant_id, registrar, name);
CREATE INDEX domains_admin_tld ON domains (tenant_id, tld, name);
CREATE INDEX domains_admin_expiry ON domains (tenant_id, expires_at);
CREATE INDEX order_items_tenant_state ON order_items (tenant_id, state, updated_at);
CREATE INDEX payments_tenant_status ON payments (tenant_id, status, expires_at);
CREATE INDEX audit_log_subject ON audit_log (tenant_id, subject, at);
CREATE INDEX outbox_tenant ON outbox (tenant_id, created_at);

-- Registrar operations on a domain's settings (privacy, lock, name
-- servers) that were still running when the request ended; a periodic job
-- reads them again and stores the state read back from the registrar.
CREATE TABLE domain_operations (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants(id),
    domain_id    TEXT NOT NULL REFERENCES domains(id),
    registrar    TEXT NOT NULL,
    operation_id TEXT NOT NULL,
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL,
    message      TEXT NOT NULL DEFAULT '',
    submitted_at TIMESTAMPTZ NOT NULL,
    checked_at   TIMESTAMPTZ
);
CREATE INDEX domain_operations_status ON domain_operations (status, submitted_at);
CREATE INDEX domain_operations_domain ON domain_operations (domain_id, submitted_at);

-- +goose Down
DROP TABLE domain_operations;
DROP INDEX outbox_tenant;
DROP INDEX audit_log_subject;
DROP INDEX payments_tenant_status;
DROP INDEX order_items_tenant_state;
DROP INDEX domains_admin_expiry;
DROP INDEX domains_admin_tld;
DROP INDEX domains_admin_registrar;
DROP INDEX domains_admin_status;
