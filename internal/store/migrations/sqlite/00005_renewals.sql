-- +goose Up
-- Renewals (SPEC 10): the monthly invoicing runs, the state of each renewal
-- invoice through charge and registrar renewal, the reminders sent, and a
-- client's decision not to renew a domain.

CREATE TABLE renewal_runs (
    run_on      TIMESTAMP PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('run', 'baseline')),
    invoiced    INTEGER NOT NULL DEFAULT 0,
    finished_at TIMESTAMP NOT NULL
);

CREATE TABLE renewals (
    invoice_id      TEXT PRIMARY KEY REFERENCES invoices(id),
    tenant_id       TEXT NOT NULL REFERENCES tenants(id),
    client_id       TEXT NOT NULL REFERENCES users(id),
    domain_id       TEXT NOT NULL REFERENCES domains(id),
    domain          TEXT NOT NULL,
    registrar       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    years           INTEGER NOT NULL,
    period_from     TIMESTAMP NOT NULL,
    period_to       TIMESTAMP NOT NULL,
    currency        TEXT NOT NULL,
    amount          BIGINT NOT NULL,
    due_at          TIMESTAMP NOT NULL,
    state           TEXT NOT NULL,
    charge_attempt  INTEGER NOT NULL DEFAULT 0,
    renew_attempt   INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    payment_id      TEXT NOT NULL DEFAULT '',
    expiry_before   TIMESTAMP,
    operation_id    TEXT NOT NULL DEFAULT '',
    new_expiry      TIMESTAMP,
    error           TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (domain_id, period_from)
);
CREATE INDEX renewals_work ON renewals (state, next_attempt_at);
CREATE INDEX renewals_client ON renewals (tenant_id, client_id, period_from);

CREATE TABLE renewal_reminders (
    domain_id   TEXT NOT NULL REFERENCES domains(id),
    period_from TIMESTAMP NOT NULL,
    kind        TEXT NOT NULL,
    tenant_id   TEXT NOT NULL,
    to_addr     TEXT NOT NULL,
    outbox_id   TEXT NOT NULL,
    sent_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (domain_id, period_from, kind)
);

CREATE TABLE renewal_cancellations (
    domain_id    TEXT PRIMARY KEY REFERENCES domains(id),
    tenant_id    TEXT NOT NULL,
    actor        TEXT NOT NULL,
    cancelled_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE renewal_cancellations;
DROP TABLE renewal_reminders;
DROP TABLE renewals;
DROP TABLE renewal_runs;
