/**
 * Deleting backups: deleteBackup, a schedule's retention and the sweep of Removed backups, all DELETE
 * operations told apart by their origin (API, RETENTION, SWEEP) and run by one handler,
 * {@link io.kboss.plugin.backup.kboss.delete.DeleteOperation}.
 *
 * <ul>
 * <li>{@link io.kboss.plugin.backup.kboss.delete.BackupDeleter} (deleteBackup): the domain's DeletePlanner
 *     plans under the VM's row lock; doomed backups go Removed at once (hidden) and the DELETE operation is
 *     queued. A forced delete of a request that never ran cancels its queued BACKUP operation and
 *     Expunges it at once.</li>
 * <li>{@link io.kboss.plugin.backup.kboss.delete.DeleteSteps} carries a plan out on the agent: merge into
 *     the surviving child, remove files, Expunge, give the store its space back. Each step's agent
 *     request id is derived from the operation's uuid and journaled ({@code backup_delete_step}), so a
 *     step an earlier, stopped run already did is taken from the agent's journal, not run twice.</li>
 * <li>{@link io.kboss.plugin.backup.kboss.delete.Retention}: after a scheduled backup, queues the
 *     schedule's pruning (maxbackups, read through the framework's BackupSchedules); its run prunes
 *     one chain at a time with the same steps.</li>
 * <li>{@link io.kboss.plugin.backup.kboss.delete.RemovedBackupSweep}: a housekeeping task of the queue;
 *     every {@code backup.removed.sweep.interval} seconds it queues a DELETE for each chain with backups
 *     Removed longer than that, finishing deletions that stopped half way.</li>
 * </ul>
 */
package io.kboss.plugin.backup.kboss.delete;
