package io.kboss.plugin.backup.kboss.domain.retention;

import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupTransitions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Takes a set of backups out of a chain without breaking the backups that stay: the policy is
 * <b>merge forward</b>. Each run of consecutive deleted backups followed by a surviving BackedUp one is
 * merged into that survivor, which is rebased onto the last survivor before the run, or becomes a full
 * backup when the run began at the chain's full. A run with no survivor after it has no dependants and
 * its files are simply removed. Space is reclaimed at once; no file is kept for the sake of others.
 *
 * <p>Order of the plan, chosen so that a crash at any point leaves every visible backup restorable:
 * first all deleted backups are marked Removed (hidden, no new dependants), then the survivors are
 * rebased (each atomically), then the deleted files are removed, then they are marked Expunged. Links
 * already in Removed (a plan interrupted earlier) are pruned again with the rest.
 */
public final class ChainPruner {

    private ChainPruner() {
    }

    /**
     * @param chain  the chain as it is now
     * @param doomed the ids of the backups to take out; each must be in the chain
     * @throws ChainBusyException if a backup of the chain is being written or read
     */
    public static PrunePlan prune(BackupChain chain, Set<Long> doomed) {
        Set<Long> inChain = chain.links().stream().map(ChainLink::backupId).collect(Collectors.toSet());
        for (Long id : doomed) {
            if (!inChain.contains(id)) {
                throw new IllegalArgumentException("backup " + id + " is not in the chain of " + chain.key()
                        + " starting at backup " + chain.full().backupId() + "; plan its deletion on its own chain");
            }
        }
        for (ChainLink link : chain.links()) {
            if (link.status().isBusy()) {
                long full = chain.full().backupId();
                throw new ChainBusyException(name -> "cannot prune the chain of " + chain.key() + " starting at backup "
                        + name.apply(full) + ": backup " + name.apply(link.backupId()) + " is " + link.status()
                        + "; retry when it has finished");
            }
            if (link.status() == BackupStatus.EXPUNGED) {
                throw new IllegalArgumentException("backup " + link.backupId() + " of the chain of " + chain.key()
                        + " is already Expunged and has no files; the chain passed in is out of date");
            }
        }
        Set<Long> all = new LinkedHashSet<>();
        for (ChainLink link : chain.links()) {
            if (doomed.contains(link.backupId()) || link.status() == BackupStatus.REMOVED) {
                all.add(link.backupId());
            }
        }

        List<PlanStep> marks = new ArrayList<>();
        List<PlanStep> rebases = new ArrayList<>();
        List<PlanStep> removals = new ArrayList<>();
        List<PlanStep> expunges = new ArrayList<>();
        List<DeletionOutcome> outcomes = new ArrayList<>();
        List<ChainLink> survivors = new ArrayList<>();

        OptionalLong lastSurvivor = OptionalLong.empty();
        List<Long> run = new ArrayList<>();
        for (ChainLink link : chain.links()) {
            if (all.contains(link.backupId())) {
                if (link.status() != BackupStatus.REMOVED) {
                    marks.add(mark(link.backupId(), link.status(), BackupEvent.REMOVED));
                }
                removals.add(new PlanStep.RemoveFiles(link.backupId()));
                expunges.add(mark(link.backupId(), BackupStatus.REMOVED, BackupEvent.EXPUNGED));
                run.add(link.backupId());
                continue;
            }
            if (!run.isEmpty()) {
                if (link.status() == BackupStatus.BACKED_UP) {
                    rebases.add(new PlanStep.Rebase(link.backupId(), lastSurvivor, run));
                    run.forEach(id -> outcomes.add(DeletionOutcome.mergedInto(id, link.backupId())));
                } else {
                    // A Failed or Error attempt is not restorable and nothing grows from it: not a dependant.
                    run.forEach(id -> outcomes.add(DeletionOutcome.nothingDepended(id)));
                }
                run = new ArrayList<>();
            }
            survivors.add(link);
            lastSurvivor = OptionalLong.of(link.backupId());
        }
        run.forEach(id -> outcomes.add(DeletionOutcome.nothingDepended(id)));

        List<PlanStep> steps = new ArrayList<>(marks);
        steps.addAll(rebases);
        steps.addAll(removals);
        steps.addAll(expunges);
        Optional<BackupChain> resulting = survivors.isEmpty()
                ? Optional.empty()
                : Optional.of(new BackupChain(chain.key(), survivors, chain.disks(), chain.end()));
        return new PrunePlan(steps, outcomes, resulting);
    }

    private static PlanStep.MarkStatus mark(long backupId, BackupStatus from, BackupEvent event) {
        return new PlanStep.MarkStatus(backupId, event, BackupTransitions.next(from, event));
    }
}
