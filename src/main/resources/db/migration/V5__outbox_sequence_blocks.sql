-- Outbox messages take their ids in blocks of 50 (JPA allocationSize 50) instead of an identity
-- read back after each insert, so the messages of a batch of changes are inserted in one batch.
-- EclipseLink reads nextval as the last id of a block, so the next value is set 50 past the
-- highest id in use.
ALTER SEQUENCE outbox_id_seq INCREMENT BY 50;
SELECT setval('outbox_id_seq', (SELECT COALESCE(MAX(id), 0) FROM outbox) + 50, false);
