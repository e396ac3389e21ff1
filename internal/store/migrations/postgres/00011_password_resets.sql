-- +goose Up
-- One-time password reset links. Only a hash of the token is kept, so the
-- table gives away no link that works.
CREATE TABLE password_resets (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    user_id    TEXT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX password_resets_user ON password_resets (user_id, created_at);

-- +goose Down
DROP INDEX password_resets_user;
DROP TABLE password_resets;
