-- Backup offerings, shaped like CloudStack's backup_offering / backup_offering_details tables.
-- The common columns are the ones every provider has (CloudStack's BackupOffering); the kboss
-- options (compress, compressionlibrary, validate, validationsteps, allowquickrestore,
-- allowextractfile, backupchainsize) are name/value details, as CloudStack stores offering
-- details, so another provider's offerings fit the same tables without a schema change.
-- Written and read by io.kboss.plugin.backup.kboss.offering.jdbc.JdbcBackupOfferingRepository.

CREATE TABLE backup_offering (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    uuid                CHAR(36)        NOT NULL,
    name                VARCHAR(255)    NOT NULL,
    description         VARCHAR(1024)   NOT NULL,
    zone_id             BIGINT UNSIGNED NOT NULL,
    provider            VARCHAR(64)     NOT NULL,
    -- The provider-side id of an imported offering; kboss offerings are not imported and use their uuid.
    external_id         VARCHAR(255)    NOT NULL,
    user_driven_backups TINYINT(1)      NOT NULL DEFAULT 0,
    -- NULL for a public offering, else the domain (and its subdomains) it is dedicated to.
    domain_id           BIGINT UNSIGNED NULL,
    created             DATETIME(3)     NOT NULL,
    removed             DATETIME(3)     NULL,
    -- The name while the offering is live, NULL once removed. The unique key on it makes "name
    -- unique among a zone's live offerings" hold under concurrent creates (NULLs never collide).
    live_name           VARCHAR(255)    AS (IF(removed IS NULL, name, NULL)) STORED,
    PRIMARY KEY (id),
    UNIQUE KEY uk_backup_offering_uuid (uuid),
    UNIQUE KEY uk_backup_offering_zone_live_name (zone_id, live_name),
    KEY i_backup_offering_domain (domain_id),
    KEY i_backup_offering_removed_created (removed, created),
    CONSTRAINT fk_backup_offering_zone FOREIGN KEY (zone_id) REFERENCES zone (id),
    CONSTRAINT fk_backup_offering_domain FOREIGN KEY (domain_id) REFERENCES domain (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE backup_offering_details (
    id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    backup_offering_id  BIGINT UNSIGNED NOT NULL,
    name                VARCHAR(255)    NOT NULL,
    value               VARCHAR(1024)   NOT NULL,
    -- Whether the detail is shown to users (CloudStack's display flag); all kboss options are.
    display             TINYINT(1)      NOT NULL DEFAULT 1,
    PRIMARY KEY (id),
    UNIQUE KEY uk_backup_offering_details_name (backup_offering_id, name),
    CONSTRAINT fk_backup_offering_details_offering FOREIGN KEY (backup_offering_id)
        REFERENCES backup_offering (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
