package io.kboss.db;

import java.time.Instant;

/**
 * One row of {@code kboss_schema_version}: a script that was run against this database.
 *
 * @param success false when the script failed part-way; the database then needs a repair by hand
 * @param error what failed, for a failed script; null otherwise
 */
public record AppliedVersion(int version, String description, String checksum, Instant appliedAt,
        long executionMs, boolean success, String error) {
}
