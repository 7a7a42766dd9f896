/**
 * Restore and delete of kboss backups through the API.
 *
 * <ul>
 * <li>{@link io.kboss.plugin.backup.kboss.restore.BackupRestorer} (restoreBackup): under the VM's row lock
 *     the VM is taken for RESTORE and the backup moved to Restoring; the agent flattens each disk's chain
 *     into the VM's disks (RestoreBackupCommand) or quick-restores (overlays, start, consolidation); the
 *     end moves the backup back to BackedUp, ends the VM's chains (ChainEnd.RESTORE) and releases it.</li>
 * <li>{@link io.kboss.plugin.backup.kboss.restore.VolumeRestorer} (restoreVolumeFromBackupAndAttachToVM):
 *     one volume's chain into a new file beside the VM's disks, attached to the VM by the agent and then
 *     registered in {@code volume}; a failed attach registers nothing. Queued in {@code backup_restore}
 *     and admitted like restoreBackup; {@link io.kboss.plugin.backup.kboss.restore.VolumeRestoreRecovery}
 *     finishes one whose server died.</li>
 * <li>{@link io.kboss.plugin.backup.kboss.restore.BackupDeleter} (deleteBackup): DeletePlanner's plan; doomed
 *     backups Removed at once, merged into their surviving child by the agent's delete-backup job, files
 *     removed, Expunged (leaving the chain), image_store.used_bytes reduced by what the agent freed, the survivor's
 *     size set to what the agent measured after the merge. Retention uses the same deleter
 *     ({@code requestPrune}, then {@code run}) for the prunes it plans. Each agent step is run by
 *     {@link io.kboss.plugin.backup.kboss.restore.DeleteSteps}, which takes a step an earlier, stopped
 *     deletion already ran from the agent's journal.</li>
 * <li>{@link io.kboss.plugin.backup.kboss.restore.RemovedBackupSweep}: every backup.removed.sweep.interval
 *     seconds, finishes the backups that deletions which stopped half way left Removed.</li>
 * </ul>
 */
package io.kboss.plugin.backup.kboss.restore;
