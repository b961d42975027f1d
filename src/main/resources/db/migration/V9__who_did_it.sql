-- Who did it (security.md): the caller behind each line of an order's history (the bearer
-- token's upn or sub, 'payment-service' for the signed webhook, 'system' for background work),
-- and who uploaded each import. Rows written before this have none.
ALTER TABLE order_history ADD COLUMN actor VARCHAR(255);
ALTER TABLE order_imports ADD COLUMN uploaded_by VARCHAR(255);
