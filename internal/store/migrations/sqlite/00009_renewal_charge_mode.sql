-- +goose Up
-- Whether a renewal's current charge attempt was made with the client in
-- the portal (on session): a retry of the attempt must send the same
-- parameters under its idempotency key.
ALTER TABLE renewals ADD COLUMN charge_on_session BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE renewals DROP COLUMN charge_on_session;
