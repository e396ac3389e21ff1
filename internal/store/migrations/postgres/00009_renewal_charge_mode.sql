-- +goose Up
-- Whether a renewal's current charge attempt was made with the client in
-- the portal (on session): a retry of the attempt must send the same
-- parameters under its idempotency key. Webhooks find a renewal by its
-- charge.
ALTER TABLE renewals ADD COLUMN charge_on_session BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX renewals_payment ON renewals (payment_id);

-- +goose Down
DROP INDEX renewals_payment;
ALTER TABLE renewals DROP COLUMN charge_on_session;
