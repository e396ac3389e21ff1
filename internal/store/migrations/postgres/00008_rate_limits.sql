-- +goose Up
-- Calls made to a provider account, counted by every process that shares
-- the database so that the account's published request rate holds for all
-- of them together. at is Unix time in microseconds.
CREATE TABLE rate_limit_accounts (
    account TEXT PRIMARY KEY
);
CREATE TABLE rate_limit_calls (
    account TEXT NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX rate_limit_calls_account_at ON rate_limit_calls (account, at);

-- +goose Down
DROP TABLE rate_limit_calls;
DROP TABLE rate_limit_accounts;
