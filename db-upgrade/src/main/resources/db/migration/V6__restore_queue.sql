-- A restore from its request to its end (restoreBackup). It waits in admission like a backup
-- (state Queued: it counts against no limit yet, the backup stays BackedUp, the VM is already
-- taken for RESTORE) and is Running once admitted (the backup is Restoring and holds a slot).
-- The row is deleted in the transaction that ends the restore. request_id is the agent request id,
-- kept so a surviving management server can find the agent's job of a restore whose server died.
CREATE TABLE backup_restore (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    backup_id   BIGINT UNSIGNED NOT NULL,
    vm_id       BIGINT UNSIGNED NOT NULL,
    host_id     BIGINT UNSIGNED NOT NULL,
    quick       TINYINT(1)      NOT NULL DEFAULT 0,
    request_id  CHAR(36)        NOT NULL,
    state       VARCHAR(16)     NOT NULL,
    created     DATETIME(3)     NOT NULL,
    started     DATETIME(3)     NULL,
    PRIMARY KEY (id),
    -- One restore per VM: the VM lock already says so; the key makes a second row impossible.
    UNIQUE KEY uk_backup_restore_vm (vm_id),
    UNIQUE KEY uk_backup_restore_request (request_id),
    KEY i_backup_restore_state (state),
    CONSTRAINT fk_backup_restore_backup FOREIGN KEY (backup_id) REFERENCES backup (id),
    CONSTRAINT fk_backup_restore_vm FOREIGN KEY (vm_id) REFERENCES vm_instance (id),
    CONSTRAINT fk_backup_restore_host FOREIGN KEY (host_id) REFERENCES host (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
