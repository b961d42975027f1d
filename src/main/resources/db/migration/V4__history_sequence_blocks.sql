-- History entries take their ids in blocks of 50 like orders and items (JPA allocationSize 50),
-- instead of one database round trip per entry. EclipseLink reads nextval as the last id of a
-- block, so the next value is set 50 past the highest id in use.
ALTER SEQUENCE order_history_id_seq INCREMENT BY 50;
SELECT setval('order_history_id_seq', (SELECT COALESCE(MAX(id), 0) FROM order_history) + 50, false);
