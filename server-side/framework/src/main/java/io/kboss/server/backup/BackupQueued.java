package io.kboss.server.backup;

/**
 * A backup a provider stored and queued.
 *
 * @param backupId      the provider's row id (schedules' firings refer to it; never shown)
 * @param backupUuid    what the API calls it
 * @param operationUuid its BACKUP operation, of which createBackup's job is a view
 */
public record BackupQueued(long backupId, String backupUuid, String operationUuid) {
}
