package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.disk.domain.RestoreOutcome;
import io.kboss.agent.disk.domain.VolumeRestore;
import io.kboss.agent.domain.CancelToken;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Full restores: a backup chain flattened into volumes on primary storage.
 *
 * <p>The chain is given by its newest file; qemu-img follows the relative backing paths down to
 * the full, so the whole chain must be readable where it lies. Each volume is written to a
 * temporary file beside it and renamed over it only when every volume of the restore is complete:
 * a failed or cancelled restore leaves all old volumes untouched and no temporary file. The result is byte-identical (as the guest sees
 * it) to the disk at backup time.
 */
public interface Restores {

    /**
     * Replaces the disks of a stopped VM. {@code newestBackupByDisk} maps a disk's target device
     * ({@code vda}) to the newest backup file of its chain. Fails, touching nothing, when the VM
     * runs. The VM's checkpoints are dropped: a restored disk has no bitmaps, the chain has ended.
     */
    RestoreOutcome restoreVm(String vmName, Map<String, Path> newestBackupByDisk, ProgressListener progress,
            CancelToken cancel);

    /** Writes the chain ending at {@code newestBackup} into {@code volume} (qcow2 or raw). */
    RestoreOutcome restoreVolume(Path newestBackup, Path volume, String format, ProgressListener progress,
            CancelToken cancel);

    /**
     * Writes each chain into its volume, all or nothing:
     * the disks of a VM libvirt no longer knows (a transient VM that stopped), or new volumes. A
     * volume any domain of the host names is refused, before the copy and again right before the
     * renames.
     */
    RestoreOutcome restoreVolumes(List<VolumeRestore> volumes, ProgressListener progress, CancelToken cancel);
}
