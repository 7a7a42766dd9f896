/**
 * The backup lifecycle: where a backup is in its life and where a VM's disks are, framework-free.
 *
 * <p>Rules:
 * <ul>
 * <li>Every status change of a backup goes through {@link io.kboss.plugin.backup.kboss.domain.lifecycle.BackupTransitions};
 * an event the current status does not accept throws
 * {@link io.kboss.plugin.backup.kboss.domain.lifecycle.IllegalTransitionException} naming the state and the event.</li>
 * <li>Allocated → Queued → BackingUp → BackedUp; a failure with the VM's disks untouched is Failed, a failure
 * that may have left them inconsistent is Error and puts the VM in BackupError.</li>
 * <li>BackedUp ⇄ Restoring (a restore leaves the backup as it was, whatever its outcome).</li>
 * <li>Deletion goes Removed (hidden, never restored or built upon) → Expunged (files gone). Delete starts from
 * BackedUp, Failed or Error; forced also drops Allocated and Queued requests. BackingUp and Restoring are never
 * deleted under a running agent.</li>
 * <li>Only BackedUp backups are restored.</li>
 * <li>A VM in BackupError takes no backup or restore until finishBackupChain normalizes it.</li>
 * </ul>
 */
package io.kboss.plugin.backup.kboss.domain.lifecycle;
