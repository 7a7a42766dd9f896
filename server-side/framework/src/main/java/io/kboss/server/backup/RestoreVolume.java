package io.kboss.server.backup;

/**
 * What restoreVolumeFromBackupAndAttachToVM asks: one backed-up volume, restored into a new volume
 * attached to a VM.
 *
 * @param quick    CloudStack's quickrestore: attach the volume at once over the backup and consolidate it
 *                 while the VM runs (a stopped VM: restored in full, then attached)
 * @param hostUuid with quick, the host to run on (root administrators only); ignored without it, as in
 *                 CloudStack; null when not given
 */
public record RestoreVolume(String backupUuid, String volumeUuid, String vmUuid, boolean quick, String hostUuid) {
}
