-- DD-ORDER-001 §3: orders and their line items. Money is exact (NUMERIC), times carry a zone.
-- Sequences step by 50 because the JPA entities preallocate ids in blocks of 50. EclipseLink reads
-- nextval as the last id of a block, so the first value is 50 and the first id handed out is 1.

CREATE SEQUENCE orders_id_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE order_items_id_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE orders (
    id             BIGINT         PRIMARY KEY,
    customer_email VARCHAR(254)   NOT NULL,
    customer_name  VARCHAR(200)   NOT NULL,
    status         VARCHAR(20)    NOT NULL
        CONSTRAINT orders_status_check CHECK (status IN
            ('PENDING', 'PAYMENT_PROCESSING', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
    total_amount   NUMERIC(19, 4) NOT NULL CHECK (total_amount >= 0),
    currency       CHAR(3)        NOT NULL DEFAULT 'JPY',
    created_at     TIMESTAMPTZ    NOT NULL,
    updated_at     TIMESTAMPTZ    NOT NULL,
    version        BIGINT         NOT NULL DEFAULT 0
);

CREATE INDEX orders_status_idx ON orders (status);

CREATE TABLE order_items (
    id           BIGINT         PRIMARY KEY,
    order_id     BIGINT         NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_name VARCHAR(200)   NOT NULL,
    quantity     INTEGER        NOT NULL CHECK (quantity >= 1),
    unit_price   NUMERIC(19, 4) NOT NULL CHECK (unit_price >= 0)
);

CREATE INDEX order_items_order_id_idx ON order_items (order_id);

-- Payment webhook events already handled, so a repeated event_id changes nothing.
CREATE TABLE processed_webhook_events (
    event_id    VARCHAR(255) PRIMARY KEY,
    order_id    BIGINT       NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status      VARCHAR(20)  NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL
);
