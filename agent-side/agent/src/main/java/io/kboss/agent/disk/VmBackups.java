package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.BackupOutcome;
import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.domain.CancelToken;

/**
 * Backups of a VM's disks into qcow2 files on secondary storage.
 *
 * <p>Contract:
 * <ul>
 *   <li>A running VM is backed up with one libvirt push job over all requested disks (crash
 *       consistent across disks; with {@code quiesce} the guest is frozen only while the job
 *       starts). A stopped VM is read with qemu-img / qemu-nbd; the files look the same.</li>
 *   <li>Files are written as {@code <target>.part} and renamed when every disk is complete. An
 *       incremental's backing path is its parent's path relative to its own folder.</li>
 *   <li>Every backup creates checkpoint {@link BackupRequest#checkpointName()}; keep
 *       {@link BackupOutcome#checkpointXml()} with the backup and pass it back for the next
 *       incremental, so the chain survives a domain that lost its checkpoint metadata.</li>
 *   <li>When an incremental is impossible (the bitmap is gone) a full is taken and
 *       {@link BackupOutcome#fullReason()} says why: start a new chain with it.</li>
 *   <li>On failure a {@link DiskOperationException} says what failed and whether the VM's disks
 *       and checkpoints are consistent; no partial file is left and the VM keeps running.</li>
 * </ul>
 * Blocking; call it from a job thread. Thread-safe for different VMs.
 */
public interface VmBackups {
    BackupOutcome backup(BackupRequest request, ProgressListener progress, CancelToken cancel);
}
