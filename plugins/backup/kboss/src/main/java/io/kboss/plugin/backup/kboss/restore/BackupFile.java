package io.kboss.plugin.backup.kboss.restore;

/** One volume's file in one backup, relative to the image store's root. */
public record BackupFile(long backupId, long volumeId, String device, String path) {
}
