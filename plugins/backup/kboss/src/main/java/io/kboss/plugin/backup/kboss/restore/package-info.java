/**
 * Restores: restoreBackup (the RESTORE kind) and restoreVolumeFromBackupAndAttachToVM (VOLUME_RESTORE).
 *
 * <ul>
 * <li>{@link io.kboss.plugin.backup.kboss.restore.RestoreRequests} checks the call under the VM's row lock
 *     and queues the operation (quick restore, the volume, the new file's path and the new volume's uuid in
 *     its payload). The backup stays BackedUp while it waits; listBackups shows {@code restorestatus}.</li>
 * <li>{@link io.kboss.plugin.backup.kboss.restore.RestoreOperation}: the backup goes Restoring, the agent
 *     flattens each disk's chain into the VM's disks (RestoreBackupCommand) or quick-restores (overlays,
 *     start, consolidation); the end moves the backup back to BackedUp and ends the VM's chains
 *     (ChainEnd.RESTORE).</li>
 * <li>{@link io.kboss.plugin.backup.kboss.restore.VolumeRestoreOperation}: one volume's chain into a new file
 *     beside the VM's disks, attached by the agent, then registered through the VM inventory; a failed
 *     attach registers nothing.</li>
 * </ul>
 */
package io.kboss.plugin.backup.kboss.restore;
