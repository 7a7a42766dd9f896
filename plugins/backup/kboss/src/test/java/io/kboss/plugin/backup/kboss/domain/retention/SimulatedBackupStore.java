package io.kboss.plugin.backup.kboss.domain.retention;

import io.kboss.plugin.backup.kboss.domain.chain.BackupChain;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupTransitions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Backup files as qcow2 behaves for our purpose: each file holds the clusters written since its backing
 * file, and reading resolves through the backing chain. Applies plan steps the way the agent will, so a
 * test can check that what a restore would read is unchanged and that no file points at a removed one.
 */
final class SimulatedBackupStore {
    record File(Long backing, Map<Integer, Integer> clusters) {
    }

    final Map<Long, File> files = new HashMap<>();
    /** Run rebases as an agent that deletes one backup at a time into its child does. */
    final boolean oneAtATime;

    SimulatedBackupStore(boolean oneAtATime) {
        this.oneAtATime = oneAtATime;
    }

    final Map<Long, BackupStatus> statuses = new HashMap<>();

    void write(long id, Long backing, Map<Integer, Integer> clusters, BackupStatus status) {
        files.put(id, new File(backing, Map.copyOf(clusters)));
        statuses.put(id, status);
    }

    /** What a restore of {@code id} reads; throws if a file of its chain is gone. */
    Map<Integer, Integer> read(long id) {
        File f = files.get(id);
        if (f == null) {
            throw new AssertionError("backup " + id + " has no file: its chain is broken");
        }
        Map<Integer, Integer> view = f.backing() == null ? new HashMap<>() : new HashMap<>(read(f.backing()));
        view.putAll(f.clusters());
        return view;
    }

    void apply(List<PlanStep> steps) {
        steps.forEach(this::apply);
    }

    void apply(PlanStep step) {
        if (step instanceof PlanStep.MarkStatus m) {
            BackupStatus next = BackupTransitions.next(statuses.get(m.backupId()), m.event());
            if (next != m.to()) {
                throw new AssertionError(m + " but the lifecycle says " + next);
            }
            statuses.put(m.backupId(), next);
        } else if (step instanceof PlanStep.Rebase r && oneAtATime) {
            for (long absorbed : r.absorbedNewestFirst()) {
                File child = files.get(r.survivor());
                if (child.backing() == null || child.backing() != absorbed) {
                    throw new AssertionError("backup " + r.survivor() + " does not back onto " + absorbed
                            + " but onto " + child.backing() + ": a one-at-a-time delete would refuse");
                }
                rebase(r.survivor(), files.get(absorbed).backing());
                files.remove(absorbed);
            }
            if (!Objects.equals(files.get(r.survivor()).backing(),
                    r.newParent().isPresent() ? r.newParent().getAsLong() : null)) {
                throw new AssertionError("one-at-a-time deletes left " + r.survivor() + " on the wrong parent");
            }
        } else if (step instanceof PlanStep.Rebase r) {
            rebase(r.survivor(), r.newParent().isPresent() ? r.newParent().getAsLong() : null);
        } else if (step instanceof PlanStep.RemoveFiles rm) {
            files.remove(rm.backupId());
        }
    }

    /** qemu-img rebase in safe mode: keep the content, store only what differs from the new backing. */
    private void rebase(long survivor, Long newParent) {
        Map<Integer, Integer> content = read(survivor);
        Map<Integer, Integer> under = newParent != null ? read(newParent) : Map.of();
        Map<Integer, Integer> delta = new HashMap<>();
        content.forEach((k, v) -> {
            if (!v.equals(under.get(k))) {
                delta.put(k, v);
            }
        });
        if (!content.keySet().containsAll(under.keySet())) {
            throw new AssertionError("new backing of " + survivor + " has clusters the survivor never had");
        }
        files.put(survivor, new File(newParent, delta));
    }

    /** The store's view of a chain, for re-planning after an interruption. */
    BackupChain current(BackupChain chain) {
        BackupChain out = chain;
        for (ChainLink l : chain.links()) {
            out = out.withLink(l.withStatus(statuses.get(l.backupId())));
        }
        return out;
    }
}
