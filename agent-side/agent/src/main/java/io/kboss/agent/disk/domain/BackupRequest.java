package io.kboss.agent.disk.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One backup of the listed disks of a VM, taken in one job so the disks are crash-consistent with
 * each other.
 *
 * @param vmName libvirt domain name
 * @param checkpointName name of the checkpoint (and dirty bitmap) this backup creates; the next
 *     incremental starts from it. Use the backup's uuid.
 * @param previousCheckpoint checkpoint of the parent backup for an incremental, null for a full
 * @param previousCheckpointXml what {@link BackupOutcome#checkpointXml()} returned for the parent
 *     backup; used to redefine the checkpoint when libvirt lost its metadata. May be null.
 * @param disks one entry per disk; for an incremental every entry names its parent backup file
 * @param quiesce whether to freeze guest filesystems around the job start
 * @param timeout bound on the whole operation
 * @param storeSpace the free space of the store the files go to: a backup whose estimated size
 *     (a full: the data the disks hold; an incremental: what the bitmaps mark dirty) does not fit
 *     is refused before anything is written
 */
public record BackupRequest(String vmName, String checkpointName, String previousCheckpoint,
        String previousCheckpointXml, List<BackupTarget> disks, QuiesceMode quiesce, Duration timeout,
        StoreSpace storeSpace) {

    public BackupRequest {
        Objects.requireNonNull(vmName, "vmName");
        Objects.requireNonNull(checkpointName, "checkpointName");
        Objects.requireNonNull(quiesce, "quiesce");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(storeSpace, "storeSpace");
        disks = List.copyOf(disks);
        if (disks.isEmpty()) {
            throw new IllegalArgumentException("a backup of VM " + vmName + " needs at least one disk");
        }
        if (!checkpointName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("checkpoint name " + checkpointName
                    + " may only hold letters, digits, '.', '_' and '-'");
        }
        boolean incremental = previousCheckpoint != null;
        for (BackupTarget d : disks) {
            if (incremental != (d.parentBackup() != null)) {
                throw new IllegalArgumentException("disk " + d.disk() + ": an incremental needs a parent backup"
                        + " file for every disk and a full needs none");
            }
        }
    }

    public boolean incremental() {
        return previousCheckpoint != null;
    }
}
