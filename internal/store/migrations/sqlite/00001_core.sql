-- +goose Up
CREATE TABLE tenants (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    is_default  BOOLEAN NOT NULL DEFAULT FALSE,
    settings    TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id),
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'client')),
    password_hash TEXT NOT NULL,
    currency      TEXT NOT NULL,
    payment_customer TEXT NOT NULL DEFAULT '',
    payment_method   TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, email)
);
CREATE INDEX users_email ON users (email);

CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    user_id     TEXT NOT NULL REFERENCES users(id),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry REAL NOT NULL
);
CREATE INDEX sessions_expiry_idx ON sessions (expiry);

CREATE TABLE tld_prices (
    registrar          TEXT NOT NULL,
    tld                TEXT NOT NULL,
    currency           TEXT NOT NULL,
    registration       BIGINT,
    renewal            BIGINT,
    transfer           BIGINT,
    restoration        BIGINT,
    min_years          INTEGER NOT NULL,
    max_years          INTEGER NOT NULL,
    privacy            BOOLEAN,
    privacy_reason     TEXT NOT NULL DEFAULT '',
    transfer_lock      BOOLEAN NOT NULL DEFAULT FALSE,
    auth_code_required BOOLEAN NOT NULL DEFAULT TRUE,
    late_renew_days    INTEGER NOT NULL DEFAULT 0,
    restore_days       INTEGER NOT NULL DEFAULT 0,
    renew_until_day    INTEGER,
    source             TEXT NOT NULL DEFAULT '',
    updated_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (registrar, tld)
);

CREATE TABLE tenant_tlds (
    tenant_id       TEXT NOT NULL REFERENCES tenants(id),
    tld             TEXT NOT NULL,
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    registrar       TEXT NOT NULL DEFAULT '',
    markup_percent  TEXT,
    markup_fixed    BIGINT,
    markup_currency TEXT,
    PRIMARY KEY (tenant_id, tld)
);

CREATE TABLE orders (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    client_id   TEXT NOT NULL REFERENCES users(id),
    status      TEXT NOT NULL,
    currency    TEXT NOT NULL,
    total       BIGINT NOT NULL,
    contact     TEXT NOT NULL,
    error       TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX orders_tenant_client ON orders (tenant_id, client_id, created_at);
CREATE INDEX orders_status ON orders (status);

CREATE TABLE payments (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants(id),
    order_id        TEXT NOT NULL REFERENCES orders(id),
    purpose         TEXT NOT NULL,
    gateway         TEXT NOT NULL,
    provider_id     TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    currency        TEXT NOT NULL,
    amount          BIGINT NOT NULL,
    authorized      BIGINT NOT NULL DEFAULT 0,
    captured        BIGINT NOT NULL DEFAULT 0,
    refunded        BIGINT NOT NULL DEFAULT 0,
    expires_at      TIMESTAMP,
    error           TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX payments_order ON payments (order_id);

CREATE TABLE order_items (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id),
    order_id      TEXT NOT NULL REFERENCES orders(id),
    position      INTEGER NOT NULL,
    type          TEXT NOT NULL,
    domain        TEXT NOT NULL,
    registrar     TEXT NOT NULL,
    years         INTEGER NOT NULL,
    amount        BIGINT NOT NULL,
    currency      TEXT NOT NULL,
    premium       BOOLEAN NOT NULL DEFAULT FALSE,
    state         TEXT NOT NULL,
    error         TEXT NOT NULL DEFAULT '',
    payment_id    TEXT REFERENCES payments(id),
    operation_id  TEXT NOT NULL DEFAULT '',
    submitted_at  TIMESTAMP,
    auth_code     TEXT NOT NULL DEFAULT '',
    transfer_state  TEXT NOT NULL DEFAULT '',
    transfer_detail TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX order_items_order ON order_items (order_id, position);
CREATE INDEX order_items_state ON order_items (state);

CREATE TABLE order_item_history (
    id       TEXT PRIMARY KEY,
    item_id  TEXT NOT NULL REFERENCES order_items(id),
    state    TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT '',
    at       TIMESTAMP NOT NULL
);
CREATE INDEX order_item_history_item ON order_item_history (item_id, at);

CREATE TABLE domains (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id),
    client_id     TEXT REFERENCES users(id),
    name          TEXT NOT NULL,
    tld           TEXT NOT NULL,
    status        TEXT NOT NULL,
    registrar     TEXT NOT NULL,
    expires_at    TIMESTAMP,
    auto_renew    BOOLEAN NOT NULL DEFAULT TRUE,
    locked        BOOLEAN NOT NULL DEFAULT FALSE,
    privacy       BOOLEAN NOT NULL DEFAULT FALSE,
    nameservers   TEXT NOT NULL DEFAULT '[]',
    needs_review  BOOLEAN NOT NULL DEFAULT FALSE,
    review_note   TEXT NOT NULL DEFAULT '',
    dns_host      TEXT NOT NULL DEFAULT '',
    zone_id       TEXT NOT NULL DEFAULT '',
    order_item_id TEXT,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX domains_client ON domains (tenant_id, client_id, name);
CREATE INDEX domains_expiry ON domains (status, expires_at);

CREATE TABLE dns_changes (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL REFERENCES tenants(id),
    domain_id    TEXT NOT NULL REFERENCES domains(id),
    change_id    TEXT NOT NULL,
    status       TEXT NOT NULL,
    plan         TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL
);
CREATE INDEX dns_changes_domain ON dns_changes (domain_id, submitted_at);

CREATE TABLE invoices (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    client_id   TEXT NOT NULL REFERENCES users(id),
    order_id    TEXT REFERENCES orders(id),
    status      TEXT NOT NULL,
    currency    TEXT NOT NULL,
    total       BIGINT NOT NULL,
    due_at      TIMESTAMP NOT NULL,
    paid_at     TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX invoices_client ON invoices (tenant_id, client_id, created_at);

CREATE TABLE invoice_lines (
    id          TEXT PRIMARY KEY,
    invoice_id  TEXT NOT NULL REFERENCES invoices(id),
    domain      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    period_from TIMESTAMP NOT NULL,
    period_to   TIMESTAMP NOT NULL,
    amount      BIGINT NOT NULL,
    currency    TEXT NOT NULL,
    unique_key  TEXT UNIQUE
);
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id);

CREATE TABLE audit_log (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    at         TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, at);

CREATE TABLE outbox (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at    TIMESTAMP
);

-- +goose Down
DROP TABLE outbox;
DROP TABLE audit_log;
DROP TABLE invoice_lines;
DROP TABLE invoices;
DROP TABLE dns_changes;
DROP TABLE domains;
DROP TABLE order_item_history;
DROP TABLE order_items;
DROP TABLE payments;
DROP TABLE orders;
DROP TABLE tenant_tlds;
DROP TABLE tld_prices;
DROP TABLE sessions;
DROP TABLE api_tokens;
DROP TABLE users;
DROP TABLE tenants;
