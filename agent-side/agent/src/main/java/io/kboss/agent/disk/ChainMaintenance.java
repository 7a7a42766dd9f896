package io.kboss.agent.disk;

import java.nio.file.Path;

/**
 * Keeps chains of backup files valid when backups are deleted, and ends a VM's chain.
 *
 * <p>Deleting a backup that has a child never breaks the child: the child is first rebased (in
 * safe mode, copying what it needs) onto the deleted backup's own parent, or made standalone when
 * the deleted backup was the full; only then is the file removed. A crash in between leaves the
 * child valid either way (it still points at the old parent, which still exists), so the call can
 * simply be repeated.
 */
public interface ChainMaintenance {

    /** What a delete did: whether a child was rewritten, and the bytes reclaimed on the store. */
    record DeleteOutcome(boolean childMerged, long reclaimedBytes) {
    }

    /**
     * Deletes {@code backup}. {@code child} is the backup whose backing file it is, or null when it
     * is the newest of its chain. Fails, deleting nothing, when {@code child} does not point at
     * {@code backup}.
     */
    DeleteOutcome deleteBackup(Path backup, Path child);

    /**
     * Ends the VM's chain: deletes every checkpoint and the bitmaps behind them, so the next backup
     * is a full and no stale bitmap costs the VM anything. Works on running and stopped VMs.
     */
    void finishChain(String vmName);
}
