-- +goose Up
-- Sandbox registry and sandbox payment gateway state (SPEC 2.1). Only the
-- in-product fakes use these tables; they stay empty with real providers.

CREATE TABLE sandbox_registry_domains (
    domain      TEXT PRIMARY KEY,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    auto_renew  BOOLEAN NOT NULL DEFAULT FALSE,
    locked      BOOLEAN NOT NULL DEFAULT FALSE,
    privacy     BOOLEAN NOT NULL DEFAULT FALSE,
    nameservers TEXT NOT NULL DEFAULT '',
    auth_code   TEXT NOT NULL
);

CREATE TABLE sandbox_registry_operations (
    id           TEXT PRIMARY KEY,
    domain       TEXT NOT NULL,
    type         TEXT NOT NULL,
    status       TEXT NOT NULL,
    message      TEXT NOT NULL DEFAULT '',
    years        INTEGER NOT NULL DEFAULT 0,
    privacy      BOOLEAN NOT NULL DEFAULT FALSE,
    nameservers  TEXT NOT NULL DEFAULT '',
    submitted_at TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    completes_at TIMESTAMPTZ NULL,
    fail         BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE INDEX sandbox_registry_operations_domain
    ON sandbox_registry_operations (domain, type, submitted_at);

-- At most one registration or transfer in flight per name.
CREATE UNIQUE INDEX sandbox_registry_operations_pending
    ON sandbox_registry_operations (domain)
    WHERE type IN ('register', 'transfer_in') AND status NOT IN ('succeeded', 'failed');

CREATE TABLE sandbox_payments (
    id              TEXT PRIMARY KEY,
    idempotency_key TEXT UNIQUE NULL,
    status          TEXT NOT NULL,
    currency        TEXT NOT NULL,
    authorized      BIGINT NOT NULL,
    captured        BIGINT NOT NULL DEFAULT 0,
    refunded        BIGINT NOT NULL DEFAULT 0,
    card_last4      TEXT NOT NULL DEFAULT '',
    behaviour       TEXT NOT NULL DEFAULT 'ok',
    customer        TEXT NOT NULL DEFAULT '',
    payment_method  TEXT NOT NULL DEFAULT '',
    expires_at      TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE sandbox_payment_methods (
    id         TEXT PRIMARY KEY,
    customer   TEXT NOT NULL,
    behaviour  TEXT NOT NULL,
    card_last4 TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE sandbox_payment_requests (
    key           TEXT PRIMARY KEY,
    request_hash  TEXT NOT NULL,
    response_json TEXT NOT NULL
);

-- +goose Down
DROP TABLE sandbox_payment_requests;
DROP TABLE sandbox_payment_methods;
DROP TABLE sandbox_payments;
DROP TABLE sandbox_registry_operations;
DROP TABLE sandbox_registry_domains;
