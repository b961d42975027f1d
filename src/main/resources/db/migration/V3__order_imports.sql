-- Bulk import (bulk-import.md; lifts DD-LIM-001, -002, -006): one row per upload, the orders it
-- made point back to it with the customer's order number and the source lines.
CREATE TABLE order_imports (
    id              BIGSERIAL    PRIMARY KEY,
    source          VARCHAR(10)  NOT NULL CHECK (source IN ('csv', 'json')),
    file_name       VARCHAR(255),
    sha256          CHAR(64)     NOT NULL UNIQUE,
    charset         VARCHAR(40)  NOT NULL,
    storage_path    TEXT         NOT NULL,
    status          VARCHAR(25)  NOT NULL
        CHECK (status IN ('queued', 'running', 'completed', 'completed_with_errors', 'failed',
                          'stopped')),
    total_rows      INTEGER,
    processed_rows  INTEGER      NOT NULL DEFAULT 0,
    orders_rejected INTEGER      NOT NULL DEFAULT 0,
    warnings        TEXT,
    error           TEXT,
    job_execution   BIGINT,
    created_at      TIMESTAMPTZ  NOT NULL,
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    version         BIGINT       NOT NULL DEFAULT 0
);

ALTER TABLE orders
    ADD COLUMN import_id    BIGINT REFERENCES order_imports (id),
    ADD COLUMN order_ref    VARCHAR(64),
    ADD COLUMN source_lines VARCHAR(40);

CREATE INDEX orders_import_idx ON orders (import_id, id);
-- The same order number of the same customer is imported once, whichever import sends it.
CREATE UNIQUE INDEX orders_customer_ref_idx ON orders (customer_email, order_ref)
    WHERE order_ref IS NOT NULL;

CREATE TABLE import_errors (
    id          BIGSERIAL    PRIMARY KEY,
    import_id   BIGINT       NOT NULL REFERENCES order_imports (id) ON DELETE CASCADE,
    line        BIGINT       NOT NULL,
    order_ref   VARCHAR(255),
    column_name VARCHAR(64),
    message     TEXT         NOT NULL
);

CREATE INDEX import_errors_import_idx ON import_errors (import_id, line);
