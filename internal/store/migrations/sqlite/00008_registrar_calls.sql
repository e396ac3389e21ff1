-- +goose Up
-- Calls made to a rate-limited registrar account, by every process, so
-- that the processes together stay under the account's limits. Rows older
-- than the longest window are deleted as calls are counted.
CREATE TABLE registrar_calls (
    account TEXT      NOT NULL,
    at      TIMESTAMP NOT NULL
);
CREATE INDEX registrar_calls_account_at ON registrar_calls (account, at);

-- One row per account, locked while a call is counted (PostgreSQL; SQLite
-- transactions already run one at a time).
CREATE TABLE registrar_call_locks (
    account TEXT PRIMARY KEY
);

-- +goose Down
DROP TABLE registrar_call_locks;
DROP TABLE registrar_calls;
