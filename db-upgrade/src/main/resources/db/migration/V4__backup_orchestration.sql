-- What backup orchestration (io.kboss.plugin.backup.kboss.backup) needs beyond V3.

-- Why a backup is full although an incremental could have been asked for (FullReason name, or
-- the agent's words when it took a full because the parent's bitmap was gone).
ALTER TABLE backup ADD COLUMN full_reason VARCHAR(512) NULL;

-- What the caller asked (createBackup quiescevm); `quiesced` says what the agent achieved.
ALTER TABLE backup ADD COLUMN quiesce_requested TINYINT(1) NOT NULL DEFAULT 0;

-- One row, locked FOR UPDATE by the transaction that admits queued backups: admission reads what
-- runs, checks the cloud-wide and per-host limits and claims rows in one go, so two management
-- servers admitting at once are serialized and cannot both take the last slot.
CREATE TABLE backup_admission_lock (
    id          TINYINT UNSIGNED NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO backup_admission_lock (id) VALUES (1);
