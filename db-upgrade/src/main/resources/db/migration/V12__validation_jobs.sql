-- Validation jobs (issue 10): what a backup's validation found and when, and the hash of its files
-- that the periodic check compares. validation_status (V3) holds NotValidated, Validating, Valid,
-- NotValid or UnableToValidate; every change of it goes through ValidationTransitions. Written and
-- read by io.kboss.plugin.backup.kboss.validation; listBackups shows them.

ALTER TABLE backup
    -- When the backup was last booted and checked (a validation that ended Valid, NotValid or
    -- UnableToValidate); NULL until then.
    ADD COLUMN validated            DATETIME(3)   NULL AFTER validation_status,
    -- When the files' hash was last taken and compared; the next check is due
    -- backup.validation.interval hours later. NULL until the first hash.
    ADD COLUMN validation_checked   DATETIME(3)   NULL AFTER validated,
    -- Why the backup is NotValid or UnableToValidate: the step that did not pass and what it found,
    -- or the hash that differed. NULL when Valid or not yet validated.
    ADD COLUMN validation_reason    VARCHAR(4096) NULL AFTER validation_checked,
    -- SHA-256 over the files' hashes (hash-backup), taken after the first Valid; NULL before.
    ADD COLUMN validation_hash      CHAR(64)      NULL AFTER validation_reason,
    -- The screenshot beside the backup, relative to the store root; NULL when none was taken.
    ADD COLUMN validation_screenshot VARCHAR(1024) NULL AFTER validation_hash,
    -- The periodic check finds Valid backups whose last check is oldest.
    ADD KEY i_backup_validation_checked (validation_status, validation_checked);

-- A VM's details (CloudStack's VM settings, "user_vm_details"): name/value pairs set with
-- updateVirtualMachine's details map. Validation reads its backupValidation* details here. Written and
-- read by io.kboss.server.host (the framework's VM commands and the VmInventory port).
CREATE TABLE vm_instance_details (
    id      BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    vm_id   BIGINT UNSIGNED NOT NULL,
    name    VARCHAR(255)    NOT NULL,
    value   VARCHAR(5120)   NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_vm_instance_details (vm_id, name),
    CONSTRAINT fk_vm_instance_details_vm FOREIGN KEY (vm_id) REFERENCES vm_instance (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
