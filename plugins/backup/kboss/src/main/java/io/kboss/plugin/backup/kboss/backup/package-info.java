/**
 * Backup orchestration: a VM's backups from the API to the agent and back.
 *
 * <h2>Flow of createBackup</h2>
 * <ol>
 * <li>{@link io.kboss.plugin.backup.kboss.backup.BackupRequestService} checks the call under the VM's
 *     row lock, takes the VM ({@code vm_instance.busy_operation = 'BACKUP'}: one backup, restore or
 *     delete per VM; a second call gets 530/4300 naming what holds it) and stores the backup Queued.</li>
 * <li>{@link io.kboss.plugin.backup.kboss.backup.BackupJob} (the async job) asks
 *     {@link io.kboss.plugin.backup.kboss.backup.BackupAdmitter} for a slot until it gets one:
 *     admission runs under one lock row (V4 {@code backup_admission_lock}) with the domain's
 *     {@code Admission} and {@code ChainPolicy}, so limits hold across servers and the chain is
 *     decided when the backup starts.</li>
 * <li>{@link io.kboss.plugin.backup.kboss.backup.BackupExecutor} sends TakeBackupCommand (request id =
 *     backup uuid), follows the agent job with progress, and ends the backup BackedUp, Failed or
 *     Error (VM to BackupError) in one transaction that also releases the VM.</li>
 * <li>{@link io.kboss.plugin.backup.kboss.backup.BackupRecovery} finds backups whose job died with its
 *     server: Queued ones are Failed, BackingUp ones followed again; its {@code OrphanRepair}s do
 *     the same for restores and deletes (see {@code docs/recovery-and-limits.md}).</li>
 * </ol>
 *
 * <h2>Seams for restore, delete and schedules</h2>
 * <ul>
 * <li>Every backup status change goes through
 *     {@link io.kboss.plugin.backup.kboss.backup.BackupRepository#transition} (BackupTransitions,
 *     conditional on the status seen). Restoring backups count as running operations in admission;
 *     queued restores ({@link io.kboss.plugin.backup.kboss.backup.RestoreQueue}) and deletions
 *     ({@link io.kboss.plugin.backup.kboss.backup.DeleteQueue}) wait in the same queue, and admitted
 *     deletions count as running too.</li>
 * <li>Take the VM with {@link io.kboss.plugin.backup.kboss.backup.VmRepository#takeBusy} ("RESTORE",
 *     "DELETE") under its row lock and release it in the transaction that ends the work.</li>
 * <li>A restore ends the VM's chains: {@link io.kboss.plugin.backup.kboss.backup.ChainRepository#closeAll}
 *     with {@code ChainEnd.RESTORE}.</li>
 * <li>A schedule firing queues a backup with
 *     {@link io.kboss.plugin.backup.kboss.backup.BackupRepository#insertQueued} and its schedule id: the
 *     backup then grows that schedule's own chain ({@code ChainKey.schedule}), and BackupJob runs it.</li>
 * </ul>
 */
package io.kboss.plugin.backup.kboss.backup;
