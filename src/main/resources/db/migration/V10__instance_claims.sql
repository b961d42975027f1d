-- Several instances on one database (issue 14): every background task claims its work here, with
-- the database's clock, so no work is done twice and a dead instance's claims run out.

-- Periodic tasks that one instance per period runs (the idempotency purge, the file retention).
CREATE TABLE background_tasks (
    task        VARCHAR(100) PRIMARY KEY,
    last_run_at TIMESTAMPTZ  NOT NULL,
    run_by      VARCHAR(255)
);

-- An import is owned by one instance at a time; its heartbeat keeps lease_until ahead. Imports
-- from before this migration have no owner: any instance takes them over.
ALTER TABLE order_imports
    ADD COLUMN owner       VARCHAR(255),
    ADD COLUMN lease_until TIMESTAMPTZ,
    -- its rows are all saved: every live instance charges its waiting orders
    ADD COLUMN charging    BOOLEAN NOT NULL DEFAULT false,
    -- counts kept by the import's steps and its orders' status changes (read in one row)
    ADD COLUMN orders_created        INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN orders_paid           INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN orders_payment_failed INTEGER NOT NULL DEFAULT 0;

UPDATE order_imports i
   SET orders_created = c.created, orders_paid = c.paid, orders_payment_failed = c.failed
  FROM (SELECT import_id,
               COUNT(*) AS created,
               COUNT(*) FILTER (WHERE status IN ('PAID', 'SHIPPED', 'DELIVERED')) AS paid,
               COUNT(*) FILTER (WHERE status = 'PENDING') AS failed
          FROM orders WHERE import_id IS NOT NULL GROUP BY import_id) c
 WHERE c.import_id = i.id;

CREATE INDEX order_imports_unfinished_idx ON order_imports (lease_until)
    WHERE status IN ('queued', 'running');

-- Claims on orders: a page of an import's orders being charged, or an order being settled.
ALTER TABLE orders
    ADD COLUMN claimed_by  VARCHAR(255),
    ADD COLUMN claim_until TIMESTAMPTZ;

-- An import's orders still waiting for their first charge (the charge claims' search).
CREATE INDEX orders_import_waiting_idx ON orders (import_id, id)
    WHERE status = 'PAYMENT_PROCESSING' AND next_payment_check_at IS NULL
      AND import_id IS NOT NULL;

-- Which instance's relay claimed an outbox row last (admin list).
ALTER TABLE outbox ADD COLUMN claimed_by VARCHAR(255);
