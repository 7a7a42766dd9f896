-- Deletes that survive their management server (deleteBackup, retention, the Removed sweep).
-- backup.delete_request_id: the agent request id of the deletion that marked the backup Removed.
-- The agent request id of each of its steps is derived from it, so a surviving server can find in
-- the agent's journal a step that ran after its server died, and apply its result instead of
-- running it again.
ALTER TABLE backup ADD COLUMN delete_request_id CHAR(36) NULL;

-- The delete steps whose result (freed bytes, the survivor's new size and parent) is in the rows.
-- Inserted in the transaction that applies the result, so a result is applied once even when a
-- surviving server finds the same finished agent job again.
CREATE TABLE backup_delete_step (
    request_id  VARCHAR(160)    NOT NULL,
    backup_id   BIGINT UNSIGNED NOT NULL,
    applied     DATETIME(3)     NOT NULL,
    PRIMARY KEY (request_id),
    KEY i_backup_delete_step_backup (backup_id),
    CONSTRAINT fk_backup_delete_step_backup FOREIGN KEY (backup_id) REFERENCES backup (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
