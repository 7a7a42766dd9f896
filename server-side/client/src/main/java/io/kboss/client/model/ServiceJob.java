package io.kboss.client.model;

import java.time.Instant;

/**
 * A compression or validation service job as listBackupServiceJobs shows it: its kind
 * ({@code type}), the backup, host and zone, its state, how many attempts were made, when it is
 * (next) scheduled, when it started and ended, and the last error.
 *
 * <p>Typed ahead of the server (issues 9 and 10 describe the command; the field names follow
 * upstream CloudStack's BackupServiceJobResponse where it has them): a field the server does not
 * send stays null.
 */
public record ServiceJob(String id, String backupId, String hostId, String zoneId, String type, String state,
        Integer attempts, Instant scheduledDate, Instant startDate, Instant removed, String error) {
}
