-- Uploaded import files live in the database, so that every instance can read them and a file
-- outlives the instance that received it (issue 14). A file is a row and its bytes in chunks of
-- at most 1 MiB: written and read a chunk at a time, never whole in memory.
CREATE TABLE import_files (
    id         BIGSERIAL   PRIMARY KEY,
    bytes      BIGINT      NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE import_file_chunks (
    file_id BIGINT  NOT NULL REFERENCES import_files (id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    data    BYTEA   NOT NULL,
    PRIMARY KEY (file_id, seq)
);

-- Stored uncompressed: compressing each chunk on write and again on every read costs CPU for
-- a file that is read once or twice and removed after its retention.
ALTER TABLE import_file_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- An import's file; null once the retention removed it (or for an import kept on a disk before
-- this migration, then storage_path names the file).
ALTER TABLE order_imports
    ADD COLUMN file_id BIGINT REFERENCES import_files (id) ON DELETE SET NULL,
    ALTER COLUMN storage_path DROP NOT NULL;
