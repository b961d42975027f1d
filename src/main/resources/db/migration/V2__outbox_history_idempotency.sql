-- Transactional outbox: e-mails and refunds written in the transaction of the status change
-- that causes them, delivered afterwards by the relay (at least once; the peers deduplicate by
-- idempotency_key, so in effect exactly once).
CREATE TABLE outbox (
    id              BIGSERIAL    PRIMARY KEY,
    kind            VARCHAR(20)  NOT NULL CHECK (kind IN ('EMAIL', 'REFUND')),
    order_id        BIGINT       NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    idempotency_key VARCHAR(255) NOT NULL UNIQUE,
    payload         TEXT         NOT NULL,
    status          VARCHAR(10)  NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sent', 'dead')),
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    last_error      TEXT,
    created_at      TIMESTAMPTZ  NOT NULL,
    sent_at         TIMESTAMPTZ
);

CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_status_idx ON outbox (status, id);

-- Every status change of an order with the reason for it.
CREATE TABLE order_history (
    id          BIGSERIAL   PRIMARY KEY,
    order_id    BIGINT      NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    from_status VARCHAR(20),
    to_status   VARCHAR(20) NOT NULL,
    event       VARCHAR(30) NOT NULL,
    reason      TEXT,
    at          TIMESTAMPTZ NOT NULL
);

CREATE INDEX order_history_order_idx ON order_history (order_id, id);

-- Idempotency-Key of POST /api/v1/orders/: the first answer, replayed to repeats.
CREATE TABLE idempotency_keys (
    idempotency_key VARCHAR(255) PRIMARY KEY,
    request_hash    CHAR(64)     NOT NULL,
    response_status INTEGER,
    response_body   TEXT,
    location        TEXT,
    created_at      TIMESTAMPTZ  NOT NULL
);

CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
