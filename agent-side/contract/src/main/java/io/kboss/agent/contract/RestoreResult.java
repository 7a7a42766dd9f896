package io.kboss.agent.contract;

import java.util.ArrayList;
import java.util.List;

public class RestoreResult {
    /** The volumes written, absolute paths on the host. */
    public List<String> restoredPaths = new ArrayList<>();
    /** For quick restore: when the VM started (epoch ms), so the server can report time-to-running. */
    public long vmStartedAtMillis;
    /** For quick restore: true once no disk has a backing file on the store. */
    public boolean consolidated;
    /**
     * For quick restore: the VM stopped before consolidation ended; its disks still read through
     * the backups. Send the quick restore again with {@code resumeConsolidation}, or restore anew.
     */
    public boolean vmStoppedDuringConsolidation;
    /**
     * For quick restore: the volumes the VM used before, as the restore set them aside (renamed to
     * {@code <overlay>.replaced-volume} once the VM ran on its overlays). Deleted by the agent itself
     * once the VM runs on its consolidated disks; listed here whether deleted or not.
     */
    public List<String> replacedPaths = new ArrayList<>();
    /** For quick restore: the set-aside volumes the agent deleted after consolidation. */
    public List<String> removedReplacedPaths = new ArrayList<>();
    /** For quick restore: bytes of host storage those deletions freed (allocated size, not virtual). */
    public long replacedBytesFreed;
    /** For quick restore: why set-aside volumes were kept, or null when none was. */
    public String replacedKeptReason;
    /**
     * For quick-restore-volume: the VM's device the restored volume is attached as (vdb, ...), set
     * as soon as it is attached; null before, and after a failure detached it again.
     */
    public String attachedDevice;
    /**
     * For quick-restore-volume: the VM stopped during the block pull, so the rest of the backup's data
     * was copied with qemu-img while it was stopped (the VM sees the disk at its next start).
     */
    public boolean consolidatedOffline;
    /** For create-vm-from-backup: the new VM's uuid and name (also when its consolidation failed). */
    public String newVmUuid;
    public String newVmName;
}
