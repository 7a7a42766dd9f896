-- One row whose version moves with every committed change of what listBackupOfferings shows:
-- each create, update and delete of an offering (and the renaming of a deleted zone) increments
-- it in the same transaction. A management server keeps the live offerings in memory and reuses
-- them while this number is unchanged (io.kboss.plugin.backup.kboss.offering.jdbc.LiveOfferings),
-- so a list call costs one primary-key read instead of a count and an offset scan.
CREATE TABLE backup_offering_version (
    id          TINYINT UNSIGNED NOT NULL,
    version     BIGINT UNSIGNED  NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO backup_offering_version (id, version) VALUES (1, 0);
