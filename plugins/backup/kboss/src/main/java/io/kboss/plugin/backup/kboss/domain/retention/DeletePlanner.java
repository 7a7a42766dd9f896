package io.kboss.plugin.backup.kboss.domain.retention;

import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainKey;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.chain.DiskSet;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans deleteBackup. Without {@code forced}, a backup that live backups depend on is merged into the
 * next one ({@link ChainPruner}), so they stay restorable and the space is reclaimed. With
 * {@code forced}, the backup is deleted together with every backup taken on top of it in its chain (no
 * merge: fast, reclaims everything, the caller asked for it), and requests that never ran (Allocated,
 * Queued) may be dropped.
 */
public final class DeletePlanner {

    private DeletePlanner() {
    }

    /** Plans the deletion of a backup that belongs to {@code chain}. */
    public static DeletePlan plan(BackupChain chain, long backupId, boolean forced) {
        ChainLink target = chain.link(backupId).orElseThrow(() -> new IllegalArgumentException(
                "backup " + backupId + " is not in the chain of " + chain.key() + " starting at backup "
                        + chain.full().backupId()));
        refuseUnlessDeletable(backupId, target.status(), forced);
        Set<Long> doomed = new HashSet<>();
        doomed.add(backupId);
        List<Long> dependants = new ArrayList<>();
        if (forced) {
            boolean after = false;
            for (ChainLink link : chain.links()) {
                if (after) {
                    dependants.add(link.backupId());
                }
                after |= link.backupId() == backupId;
            }
            doomed.addAll(dependants);
        }
        PrunePlan pruned = ChainPruner.prune(chain, doomed);
        if (!dependants.isEmpty()) {
            List<DeletionOutcome> relabelled = new ArrayList<>();
            for (DeletionOutcome o : pruned.outcomes()) {
                relabelled
                        .add(dependants.contains(o.backupId()) ? DeletionOutcome.withForcedAncestor(o.backupId()) : o);
            }
            pruned = new PrunePlan(pruned.steps(), relabelled, pruned.resultingChain());
        }
        return new DeletePlan(backupId, forced, pruned);
    }

    /**
     * Plans the deletion of a backup in no chain: an isolated backup, or a request that never produced
     * files. Nothing can depend on it.
     */
    public static DeletePlan planStandalone(long backupId, BackupStatus status, boolean forced) {
        refuseUnlessDeletable(backupId, status, forced);
        // Planned as a chain of one, so the steps come from the same place as every other deletion.
        ChainLink self = new ChainLink(backupId, status, null, Instant.EPOCH);
        BackupChain alone = new BackupChain(ChainKey.manual(), List.of(self), DiskSet.of(), Optional.empty());
        return new DeletePlan(backupId, forced, ChainPruner.prune(alone, Set.of(backupId)));
    }

    private static void refuseUnlessDeletable(long backupId, BackupStatus status, boolean forced) {
        if (!status.allowsDelete(forced)) {
            List<String> allowed = Arrays.stream(BackupStatus.values()).filter(s -> s.allowsDelete(forced))
                    .map(BackupStatus::apiName).toList();
            String hint = !forced && status.allowsDelete(true)
                    ? "; use forced=true to drop a request that never ran"
                    : status.isBusy() ? "; wait until the running operation finishes" : "";
            throw new DeleteRefusedException(name -> "cannot delete backup " + name.apply(backupId) + " in state "
                    + status + (forced ? " with forced=true" : "") + ": deletion is allowed only in " + allowed + hint);
        }
    }
}
