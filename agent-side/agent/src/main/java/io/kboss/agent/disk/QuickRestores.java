package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.QuickRestoreListener;
import io.kboss.agent.disk.domain.QuickRestoreOutcome;
import io.kboss.agent.domain.CancelToken;
import java.nio.file.Path;
import java.util.Map;

/**
 * Quick restore: the VM runs again within seconds, on qcow2 overlays (on primary storage, beside
 * its volumes) whose backing files are the backup chains on secondary storage, given by absolute
 * path. Block pull then copies the chain into each overlay while the VM runs; when it ends no
 * backing file remains and the backups can go away.
 *
 * <p>If the VM stops during consolidation the overlays keep their backing files: the result says
 * VM_STOPPED, and {@link #resumeConsolidation} (which starts the VM again) finishes the job; a new
 * restore also works. The replaced volumes are set aside (renamed after their overlay, see
 * {@link ReplacedVolumes}) once the VM runs; {@link ReplacedVolumes} deletes them after consolidation.
 */
public interface QuickRestores {

    /**
     * Restores a stopped VM from the newest backup file of each disk's chain
     * ({@code vda -> .../b7.qcow2}), starts it, consolidates, and returns when consolidation ended
     * or stopped. {@link QuickRestoreListener#vmStarted()} fires as soon as the VM runs.
     */
    QuickRestoreOutcome quickRestore(String vmName, Map<String, Path> newestBackupByDisk, QuickRestoreListener listener,
            CancelToken cancel);

    /** Starts the VM if needed and pulls every disk that still has a backing file. */
    QuickRestoreOutcome resumeConsolidation(String vmName, QuickRestoreListener listener, CancelToken cancel);
}
