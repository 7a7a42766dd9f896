package io.kboss.server.backup;

/**
 * What restoreBackup asks.
 *
 * @param backupUuid the backup to restore its VM from
 * @param quick      start the VM at once on overlays over the backup
 * @param hostUuid   the host to restore on (root administrators only), or null for the VM's host
 */
public record RestoreBackup(String backupUuid, boolean quick, String hostUuid) {
}
