/**
 * Taking backups: from the provider's takeBackup to the agent and back.
 *
 * <ol>
 * <li>{@link io.kboss.plugin.backup.kboss.backup.BackupRequestService} (createBackup or a schedule's
 *     firing, the VM's row locked by the framework) checks the offering, the VM's state, host, store and
 *     disks, stores the backup Queued and queues its BACKUP operation in the same transaction; a VM with
 *     a live operation is refused by the queue with 431 naming the VM and what holds it.</li>
 * <li>The queue admits it under the backup limits and a worker runs
 *     {@link io.kboss.plugin.backup.kboss.backup.BackupOperation}: it decides full or incremental (the
 *     domain's ChainPolicy, when the backup starts), sends TakeBackupCommand with the operation's uuid as
 *     request id, follows the agent job with progress, and ends the backup BackedUp, Failed or Error (VM
 *     to BackupError) in the queue's one ending transaction, which also answers createBackup's job. A
 *     scheduled backup that ended BackedUp queues its schedule's retention.</li>
 * <li>Adopted after its server died, the same handler finds the agent job by request id and follows
 *     it; one that never started is started.</li>
 * </ol>
 *
 * <p>Also here: {@link io.kboss.plugin.backup.kboss.backup.BackupListing} (listBackups, with the
 * restore in progress from the queue), {@link io.kboss.plugin.backup.kboss.backup.BackupRepository}
 * (the one read model of {@code backup}, {@link io.kboss.plugin.backup.kboss.backup.BackupRecord};
 * every status change through {@code transition}, conditional on the status seen),
 * {@link io.kboss.plugin.backup.kboss.backup.ChainRepository}, assignment to offerings
 * ({@link io.kboss.plugin.backup.kboss.backup.VmAssignmentService}) and finishBackupChain
 * ({@link io.kboss.plugin.backup.kboss.backup.ChainFinisher}, the plugin's own command).
 */
package io.kboss.plugin.backup.kboss.backup;
