-- extractBackupFile on NFS image stores (issue 13): the management server does not mount an NFS store, so
-- it streams the copy from, and has housekeeping delete it through, the agent of the host that wrote it
-- (read-extract, delete-extract). NULL on rows written before: their copies are on local-folder stores,
-- which the server reads itself. Written and read by io.kboss.plugin.backup.kboss.filerestore.
ALTER TABLE backup_file_extraction
    ADD COLUMN host_id BIGINT UNSIGNED NULL AFTER image_store_id;
