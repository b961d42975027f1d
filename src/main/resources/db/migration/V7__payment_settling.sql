-- A charge whose outcome is not final (no answer in time, 5xx, a reset connection, an open
-- breaker) is settled in the background: the order stays PAYMENT_PROCESSING and is looked at
-- again at next_payment_check_at (capped exponential backoff, payment_attempts so far) until the
-- Payment Service gives a business answer or the give-up time has passed. Unset: the order was
-- just created (or imported) and is looked at a grace period after its last change.
ALTER TABLE orders ADD COLUMN payment_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN next_payment_check_at TIMESTAMPTZ;
CREATE INDEX orders_payment_processing_idx ON orders (next_payment_check_at, updated_at)
    WHERE status = 'PAYMENT_PROCESSING';

-- The order an Idempotency-Key created, written in the order's own transaction: a repeat of the
-- key answers that order whatever happened after the commit (a crash, a failed answer).
ALTER TABLE idempotency_keys ADD COLUMN order_id BIGINT;
