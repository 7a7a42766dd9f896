package io.kboss.agent.disk;

import io.kboss.agent.disk.domain.DeletionOutcome;
import io.kboss.agent.disk.domain.DeletionRequest;
import io.kboss.agent.disk.domain.ProgressListener;
import io.kboss.agent.domain.CancelToken;

/**
 * Keeps chains of backup files valid when backups are deleted, and ends a VM's chain.
 *
 * <p>Deleting a backup that has a child never breaks the child: the child is copied to
 * {@code <child>.merging}, the copy is rebased in safe mode (qemu-img copies what it needs of the
 * deleted file) onto the deleted backup's own parent — or made standalone when the deleted backup
 * was the full — and renamed over the child. Only then are the files deleted. A crash at any point
 * leaves the old child (plus a {@code .merging} file, which the caller journals as a leftover and
 * deletes at the next start) or the merged child with the deleted file still present; asking for
 * the same deletion again finishes the work, because a child that already points at its new
 * parent is only re-checked.
 */
public interface ChainMaintenance {

    /**
     * Merges every child of {@link DeletionRequest#merges()} and then deletes the files. The
     * child's current backing file is checked against the request first: if the caller's idea of
     * the chain is wrong ({@code CHAIN_MISMATCH}) or a needed parent is missing
     * ({@code MISSING_FILE}), nothing is touched. Reports each merge as a phase and bytes merged
     * as progress; a cancel stops it between or inside merges, leaving every child valid.
     */
    DeletionOutcome delete(DeletionRequest request, ProgressListener progress, CancelToken cancel);

    /**
     * Ends the VM's chain: deletes every checkpoint and the bitmaps behind them, so the next backup
     * is a full and no stale bitmap costs the VM anything. Works on running and stopped VMs.
     */
    void finishChain(String vmName);
}
