package io.kboss.server.backup;

/**
 * What restoreVolumeFromBackupAndAttachToVM asks: one backed-up volume, restored into a new volume
 * attached to a VM.
 */
public record RestoreVolume(String backupUuid, String volumeUuid, String vmUuid) {
}
