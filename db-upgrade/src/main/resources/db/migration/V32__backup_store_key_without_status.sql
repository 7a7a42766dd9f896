-- V32: backups ending at once no longer deadlock on their store's row (issue 8).
--
-- InnoDB checks a foreign key through one index of the child table, the first whose leading columns
-- are the key's. V16 added i_backup_image_store_status (image_store_id, status), and InnoDB then
-- dropped the index it had made for fk_backup_image_store and checked the key through V16's one. So
-- every change of a backup's status rewrote that index's entry and checked the key again, which takes
-- a SHARED lock on the store's image_store row until the commit. An ending backup changes its status
-- and then adds its bytes to image_store.used_bytes (an exclusive lock on that row): two backups of
-- one zone ending at once each held the shared lock and each waited for the other's to upgrade, and
-- MariaDB rolled one back. In the queue benchmark most backups of a burst ended FAILED that way.
--
-- The key is now checked through an index of image_store_id alone, so a status change touches no
-- image_store row; the store's backups are still found by that index (listBackups imagestoreid,
-- deleteImageStore's count), with their status read from the rows. Keep status (and every other
-- column that changes) out of any index that starts with image_store_id.
ALTER TABLE backup
    ADD KEY i_backup_image_store (image_store_id),
    DROP KEY i_backup_image_store_status;
