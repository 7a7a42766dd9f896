package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.BackupRequest;
import io.kboss.agent.disk.domain.DiskOperationException;
import io.kboss.agent.disk.domain.NotEnoughSpaceException;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Whether a backup fits on its store, asked before anything is written (no file, no checkpoint),
 * so a full store refuses a backup cleanly instead of failing it half-written.
 *
 * <p>The estimate per disk is what the backup will copy: for a full of a stopped VM, the size
 * {@code qemu-img measure} gives for the disk as a standalone qcow2 (its data across the whole
 * backing chain, with qcow2's own tables); for a full of a running VM, the host space of the disk's
 * chain (its tables on disk lag behind QEMU, so measure would undercount; a template shared by
 * the chain's base makes this an overestimate); for an incremental, the bytes its bitmap marks
 * dirty (libvirt asks QEMU for a running VM; qemu-nbd reads a stopped one's). Each disk adds
 * {@link #METADATA_ALLOWANCE} for the file's header and tables. The estimate is not a promise: a
 * guest that writes fast during a long full can still outgrow it, and then the backup fails as it
 * always did, with its partial files removed.
 */
final class BackupSpace {
    /** Header, refcount and L1/L2 tables of a backup file of moderate size, per disk. */
    static final long METADATA_ALLOWANCE = 1L << 20;

    private BackupSpace() {
    }

    /**
     * @param estimate bytes each disk's file will take, by target device
     * @throws NotEnoughSpaceException when the store has less free space than the estimate needs
     */
    static void require(BackupRequest req, boolean incremental, Map<String, Long> estimate) {
        long required = estimate.values().stream().mapToLong(Long::longValue).sum()
                + METADATA_ALLOWANCE * estimate.size();
        long free;
        try {
            free = req.storeSpace().freeBytes();
        } catch (IOException e) {
            throw new DiskOperationException("cannot read the free space of the backup store (" + e.getMessage()
                    + "); nothing was backed up. Check that the store answers", e, true);
        }
        if (free >= required) {
            return;
        }
        String perDisk = estimate.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " bytes")
                .collect(Collectors.joining(", "));
        throw new NotEnoughSpaceException("the backup store has " + free + " bytes free but this "
                + (incremental ? "incremental" : "full") + " backup of VM " + req.vmName() + " needs about "
                + required + " (" + (incremental ? "dirty data" : "disk data") + ": " + perDisk + ", plus "
                + METADATA_ALLOWANCE + " bytes of tables per disk); nothing was written and no checkpoint was made."
                + " Free space on the store, or back up to another store", required, free);
    }
}
