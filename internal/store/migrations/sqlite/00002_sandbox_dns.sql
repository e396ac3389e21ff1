-- +goose Up
-- Sandbox DNS host (SPEC 2.1): hosted zones, their record sets and the
-- change batches applied to them. Only the in-product DNS host uses these
-- tables; they stay empty with Route 53.

CREATE TABLE sandbox_dns_zones (
    id          TEXT PRIMARY KEY,
    domain      TEXT NOT NULL UNIQUE,
    caller_ref  TEXT NOT NULL UNIQUE,
    nameservers TEXT NOT NULL,
    serial      BIGINT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE sandbox_dns_records (
    zone_id    TEXT NOT NULL REFERENCES sandbox_dns_zones (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    type       TEXT NOT NULL,
    ttl        BIGINT NOT NULL,
    value_json TEXT NOT NULL,
    PRIMARY KEY (zone_id, name, type)
);

CREATE TABLE sandbox_dns_changes (
    id           TEXT PRIMARY KEY,
    zone_id      TEXT NOT NULL REFERENCES sandbox_dns_zones (id) ON DELETE CASCADE,
    submitted_at TIMESTAMP NOT NULL
);

CREATE INDEX sandbox_dns_changes_zone ON sandbox_dns_changes (zone_id, submitted_at);

-- +goose Down
DROP TABLE sandbox_dns_changes;
DROP TABLE sandbox_dns_records;
DROP TABLE sandbox_dns_zones;
