-- Set while a paid order's refund for a cancellation is in flight (DELETE or PUT cancelled): the
-- order stays PAID until the Payment Service confirms the refund, and meanwhile it must not be
-- shipped. Cleared when the order is cancelled or the refund is given up. A claim left behind by
-- a crash is settled by the payment reconciliation from the Payment Service's record.
ALTER TABLE orders ADD COLUMN cancellation_started_at TIMESTAMPTZ;
CREATE INDEX orders_cancellation_started_at ON orders (cancellation_started_at)
    WHERE cancellation_started_at IS NOT NULL;
