package io.kboss.plugin.backup.kboss.domain.retention;

import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A schedule's {@code maxbackups} (OpenNebula's KEEP_LAST): keep the newest N BackedUp backups the
 * schedule took, across all its chains, and delete the older ones by merging them forward
 * ({@link ChainPruner}), so that every kept increment stays restorable; an expired full whose increments
 * are kept is merged into the first kept one, which becomes the full. Failed and Error attempts neither
 * count nor expire (they are not backups a user can restore). A value below 1 keeps everything. Backups
 * left Removed by a deletion that stopped half way are always pruned again, so the next plan finishes them.
 */
public final class RetentionPolicy {
    private static final Comparator<ChainLink> NEWEST_FIRST = Comparator.comparing(ChainLink::takenAt)
            .thenComparingLong(ChainLink::backupId).reversed();

    private RetentionPolicy() {
    }

    /**
     * @param scheduleChains every chain of the schedule still holding backups (isolated backups of the
     *                       schedule are chains of one)
     */
    public static RetentionPlan plan(List<BackupChain> scheduleChains, int maxBackups) {
        List<ChainLink> restorable = new ArrayList<>();
        for (BackupChain chain : scheduleChains) {
            chain.links().stream().filter(l -> l.status() == BackupStatus.BACKED_UP).forEach(restorable::add);
        }
        restorable.sort(NEWEST_FIRST);
        Set<Long> expired = new HashSet<>();
        List<Long> expiredOldestFirst = new ArrayList<>();
        for (int i = restorable.size() - 1; maxBackups >= 1 && i >= maxBackups; i--) {
            expired.add(restorable.get(i).backupId());
            expiredOldestFirst.add(restorable.get(i).backupId());
        }
        List<PrunePlan> plans = new ArrayList<>();
        List<BackupChain> deferred = new ArrayList<>();
        List<Long> planned = new ArrayList<>();
        for (BackupChain chain : scheduleChains) {
            Set<Long> doomed = new HashSet<>();
            chain.links().stream().map(ChainLink::backupId).filter(expired::contains).forEach(doomed::add);
            // Removed links are an earlier deletion that stopped half way: finished with the rest, even
            // when nothing new expired in their chain (or the schedule now keeps everything).
            boolean unfinished = chain.links().stream().anyMatch(l -> l.status() == BackupStatus.REMOVED);
            if (doomed.isEmpty() && !unfinished) {
                continue;
            }
            if (chain.links().stream().anyMatch(l -> l.status().isBusy())) {
                // Never rewrite files an agent is reading or writing; the next run deletes them.
                deferred.add(chain);
                continue;
            }
            plans.add(ChainPruner.prune(chain, doomed));
            planned.addAll(doomed);
        }
        expiredOldestFirst.retainAll(planned);
        return new RetentionPlan(expiredOldestFirst, plans, deferred);
    }
}
