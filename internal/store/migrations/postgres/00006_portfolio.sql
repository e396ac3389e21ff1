-- +goose Up
-- Portfolio sync and WHMCS import (SPEC 11).
-- renewal_*: an imported domain renews at its imported recurring amount and
-- period (SPEC 10) until the operator resets it (NULL amount: list price).
-- source_status: the status the domain had where it came from (WHMCS's
-- "Transferred Away" beside our "gone").
-- registrar_auto_renew: the registrar-side setting last read by a sync;
-- auto_renew stays the product's own (client's) setting.
-- registrar_seen_at: when a sync last found the domain in its registrar's
-- list; an active domain not seen by a complete sync is gone.
-- match_reason: why the domain was linked to its client.
-- import_ref: the source row that last wrote the domain ("whmcs:53").
ALTER TABLE domains ADD COLUMN renewal_amount BIGINT;
ALTER TABLE domains ADD COLUMN renewal_currency TEXT NOT NULL DEFAULT '';
ALTER TABLE domains ADD COLUMN renewal_years INTEGER NOT NULL DEFAULT 0;
ALTER TABLE domains ADD COLUMN source_status TEXT NOT NULL DEFAULT '';
ALTER TABLE domains ADD COLUMN next_due_at TIMESTAMP;
ALTER TABLE domains ADD COLUMN registrar_auto_renew BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE domains ADD COLUMN registrar_seen_at TIMESTAMP;
ALTER TABLE domains ADD COLUMN match_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE domains ADD COLUMN import_ref TEXT NOT NULL DEFAULT '';
CREATE INDEX domains_name ON domains (name);
CREATE INDEX domains_registrar_seen ON domains (registrar, status, registrar_seen_at);
CREATE INDEX order_items_domain ON order_items (tenant_id, domain);

-- Names we hold for a client besides orders: hosting services and WHMCS
-- import rows. source says where the name came from ("whmcs:domain:53",
-- "hosting").
CREATE TABLE client_services (
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    client_id  TEXT NOT NULL REFERENCES users(id),
    name       TEXT NOT NULL,
    source     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (tenant_id, name, client_id, source)
);

-- Which record a WHMCS row became, so a second import changes nothing.
CREATE TABLE whmcs_imports (
    tenant_id TEXT NOT NULL REFERENCES tenants(id),
    kind      TEXT NOT NULL,
    whmcs_id  TEXT NOT NULL,
    local_id  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, kind, whmcs_id)
);

-- +goose Down
DROP TABLE whmcs_imports;
DROP TABLE client_services;
DROP INDEX order_items_domain;
DROP INDEX domains_registrar_seen;
DROP INDEX domains_name;
ALTER TABLE domains DROP COLUMN import_ref;
ALTER TABLE domains DROP COLUMN match_reason;
ALTER TABLE domains DROP COLUMN registrar_seen_at;
ALTER TABLE domains DROP COLUMN registrar_auto_renew;
ALTER TABLE domains DROP COLUMN next_due_at;
ALTER TABLE domains DROP COLUMN source_status;
ALTER TABLE domains DROP COLUMN renewal_years;
ALTER TABLE domains DROP COLUMN renewal_currency;
ALTER TABLE domains DROP COLUMN renewal_amount;
