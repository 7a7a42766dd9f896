-- V28: when a backup's size changed after it was taken (issue 11: an honest storage history).
--
-- A backup's `size` is what it occupies now: a compression shrinks it, a merge on delete grows the
-- survivor by the data it absorbed. listAccountStorageHistory counted each backup with its size now
-- from the day it was taken, so a merged survivor showed its merged size from its first day. Each
-- change is recorded here with its time and the sizes before and after it
-- (CompressionRepository.recordReplaced, DeleteRepository.recordMergedSize), and the history counts
-- a backup with the size it had at each moment. Backups changed before V28 have no rows: they are
-- counted with their size now, as before.
CREATE TABLE backup_size_change (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    backup_id    BIGINT UNSIGNED NOT NULL,
    -- When the new size was recorded (UTC, the server's clock).
    changed      DATETIME(3)     NOT NULL,
    size_before  BIGINT UNSIGNED NOT NULL,
    size_after   BIGINT UNSIGNED NOT NULL,
    -- COMPRESSION or MERGE.
    reason       VARCHAR(16)     NOT NULL,
    PRIMARY KEY (id),
    KEY i_backup_size_change_backup (backup_id, changed),
    CONSTRAINT fk_backup_size_change_backup FOREIGN KEY (backup_id) REFERENCES backup (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
