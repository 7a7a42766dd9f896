-- File-level restore (issue 13 item 4): a file or folder copied out of a backup by the agent
-- (extract-backup-files) onto the backup's image store, and the download link that hands it to the
-- caller. Only the SHA-256 of the link's token is kept: the token itself is in the async job's answer
-- only. A row lives until its link expires (backup.file.restore.url.expiry); housekeeping then deletes
-- the copy and the row. Written and read by io.kboss.plugin.backup.kboss.filerestore.
CREATE TABLE backup_file_extraction (
    id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid           CHAR(36)        NOT NULL,
    token_sha256   CHAR(64)        NOT NULL,
    backup_id      BIGINT UNSIGNED NOT NULL,
    account_id     BIGINT UNSIGNED NOT NULL,
    image_store_id BIGINT UNSIGNED NOT NULL,
    -- The copy, relative to the store root: extracts/<uuid> (a file) or extracts/<uuid>.tar (a folder).
    relative_path  VARCHAR(1024)   NOT NULL,
    -- The name the browser saves it as: the file's own name, or the folder's name with .tar.
    file_name      VARCHAR(255)    NOT NULL,
    size_bytes     BIGINT UNSIGNED NOT NULL,
    created        DATETIME(3)     NOT NULL,
    expires        DATETIME(3)     NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uk_backup_file_extraction_uuid (uuid),
    UNIQUE KEY uk_backup_file_extraction_token (token_sha256),
    KEY i_backup_file_extraction_expires (expires),
    CONSTRAINT fk_backup_file_extraction_backup FOREIGN KEY (backup_id) REFERENCES backup (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
