-- V7: deletes and volume restores as safe and as queued as backups and restores.

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

-- A deletion from its request to its end (deleteBackup, retention, the Removed sweep). It waits in
-- admission like a backup or restore (Queued: the VM already taken for DELETE, its backups already
-- Removed, nothing done on the store) and is Running once admitted: its merges then hold a slot under
-- backup.max.concurrent.operations and .per.host. The row is deleted in the transaction that ends the
-- deletion and releases the VM. msid is the management server running it, so a surviving server can
-- tell a deletion whose server died (retention and the sweep have no API job).
CREATE TABLE backup_delete (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    vm_id       BIGINT UNSIGNED NOT NULL,
    -- The host whose agent does the work; null only for a VM never placed (it has no files to merge).
    host_id     BIGINT UNSIGNED NULL,
    request_id  CHAR(36)        NOT NULL,
    state       VARCHAR(16)     NOT NULL,
    msid        BIGINT UNSIGNED NULL,
    created     DATETIME(3)     NOT NULL,
    started     DATETIME(3)     NULL,
    PRIMARY KEY (id),
    -- One operation per VM: the VM lock already says so; the key makes a second row impossible.
    UNIQUE KEY uk_backup_delete_vm (vm_id),
    UNIQUE KEY uk_backup_delete_request (request_id),
    KEY i_backup_delete_state (state),
    CONSTRAINT fk_backup_delete_vm FOREIGN KEY (vm_id) REFERENCES vm_instance (id),
    CONSTRAINT fk_backup_delete_host FOREIGN KEY (host_id) REFERENCES host (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- restoreVolumeFromBackupAndAttachToVM waits in admission like restoreBackup, in the same table: a
-- row with volume_id is a restore of that backed-up volume into a new file (destination_path,
-- registered as volume new_volume_uuid once attached) of VM vm_id, on vm_id's host. The columns let a
-- surviving server finish it: follow the agent job by request_id, attach, register.
ALTER TABLE backup_restore
    ADD COLUMN volume_id        BIGINT UNSIGNED NULL,
    ADD COLUMN destination_path VARCHAR(1024)   NULL,
    ADD COLUMN new_volume_uuid  CHAR(36)        NULL;
