-- Issue 12 items 3, 4 and 7: a backup's name and description (CloudStack's BackupResponse, set on
-- createBackup), and how backups choose among a zone's image stores.

ALTER TABLE backup
    -- CloudStack's backup name: createBackup's name, else <VM name>-<yyyyMMddHHmmss> of the request.
    ADD COLUMN name                 VARCHAR(255)    NULL AFTER uuid,
    ADD COLUMN description          TEXT            NULL AFTER name,
    -- listBackups imagestoreid and deleteImageStore's refusal count a store's backups.
    ADD KEY i_backup_image_store_status (image_store_id, status);

UPDATE backup b JOIN vm_instance v ON v.id = b.vm_id
   SET b.name = CONCAT(v.name, '-', DATE_FORMAT(b.created, '%Y%m%d%H%i%s'))
 WHERE b.name IS NULL;

ALTER TABLE image_store
    -- updateImageStore readonly=true (CloudStack's image_store.readonly): no new backup is written to it;
    -- restores, deletes and validations of the backups on it go on.
    ADD COLUMN readonly             TINYINT(1)      NOT NULL DEFAULT 0 AFTER state,
    -- Dedicated to backups: when a zone has Ready, writable stores so marked, new backups go only there.
    ADD COLUMN backups_only         TINYINT(1)      NOT NULL DEFAULT 0 AFTER readonly,
    -- What the last get-store-capacity of a host of the zone found (statfs: free is what the agent may
    -- use), when, and the store's used_bytes at that moment: the free space now is estimated as
    -- free_bytes - (used_bytes - used_bytes_at_check), so backups written since count at once.
    ADD COLUMN free_bytes           BIGINT UNSIGNED NULL AFTER used_bytes,
    ADD COLUMN used_bytes_at_check  BIGINT UNSIGNED NULL AFTER free_bytes,
    ADD COLUMN capacity_checked     DATETIME(3)     NULL AFTER used_bytes_at_check;
