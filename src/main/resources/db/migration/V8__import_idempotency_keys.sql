-- The Idempotency-Key of POST /api/v1/orders/batch: a repeat with the same key and body answers the
-- import the key made, the same key with another body is refused. The key belongs to its import
-- for the import's whole life; batches sent without a key have none.
ALTER TABLE order_imports ADD COLUMN idempotency_key VARCHAR(255);
CREATE UNIQUE INDEX order_imports_idempotency_key_idx ON order_imports (idempotency_key)
    WHERE idempotency_key IS NOT NULL;
