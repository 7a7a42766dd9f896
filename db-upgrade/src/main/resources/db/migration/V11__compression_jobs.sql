-- V11: backups compressed after they are taken (COMPRESSION operations on the operation queue).
--
-- backup.compression_status (V3) moves Uncompressed -> Compressing -> FinalizingCompression ->
-- Compressed, or CompressionError after the last attempt; the columns below keep what listBackups
-- shows beside it. Written by io.kboss.plugin.backup.kboss.compression.
ALTER TABLE backup
    -- The backup's size on the store before it was compressed (set when the compression ends).
    ADD COLUMN uncompressed_size      BIGINT UNSIGNED NULL AFTER size,
    -- zstd or zlib: the offering's library when the compression was queued.
    ADD COLUMN compression_library    VARCHAR(8)      NULL AFTER compression_status,
    -- The running compression's progress as the agent reports it (bytes of the files copied and
    -- compared); NULL when none runs.
    ADD COLUMN compression_bytes_done  BIGINT UNSIGNED NULL AFTER compression_library,
    ADD COLUMN compression_bytes_total BIGINT UNSIGNED NULL AFTER compression_bytes_done,
    -- Why the last compression attempt failed (CompressionError says it was the last one).
    ADD COLUMN compression_error      VARCHAR(4096)   NULL AFTER compression_bytes_total;

-- The compression kinds' limit group (the framework also inserts it at start-up).
INSERT IGNORE INTO operation_limit_group (name) VALUES ('compression');
