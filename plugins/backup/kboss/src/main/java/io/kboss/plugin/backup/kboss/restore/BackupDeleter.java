package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.ChildMerge;
import io.kboss.agent.contract.DeleteBackupCommand;
import io.kboss.agent.contract.DeleteResult;
import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.AgentChannels;
import io.kboss.plugin.backup.kboss.backup.BackupAdmitter;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.DeleteQueue;
import io.kboss.plugin.backup.kboss.backup.Sleeper;
import io.kboss.plugin.backup.kboss.backup.Transactions;
import io.kboss.plugin.backup.kboss.backup.VmRecord;
import io.kboss.plugin.backup.kboss.backup.VmRepository;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.retention.DeletePlan;
import io.kboss.plugin.backup.kboss.domain.retention.DeletePlanner;
import io.kboss.plugin.backup.kboss.domain.retention.DeletionOutcome;
import io.kboss.plugin.backup.kboss.domain.retention.PlanStep;
import io.kboss.plugin.backup.kboss.domain.retention.PrunePlan;
import io.kboss.server.api.ApiErrorCode;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.Caller;
import io.kboss.server.api.CsErrorCode;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.transaction.support.TransactionOperations;

/**
 * deleteBackup: runs {@link DeletePlanner}'s plan. The request marks the doomed backups Removed
 * (hidden at once, nothing new builds on them) under the VM's row lock and takes the VM for DELETE;
 * the job then has the agent merge each run of deleted backups into the surviving child, remove the
 * deleted files, and marks them Expunged, giving the freed bytes back to the image store. A request
 * that never ran (Allocated, Queued; forced only) has no files: it is dropped and its VM released.
 * A step that fails stops the plan: the backups stay Removed, and pruning the chain again (the next
 * delete in it, retention, or {@link RemovedBackupSweep}) finishes them, as the planner prunes Removed
 * links with the rest. Each step's result is applied in its own transaction (freed bytes once per
 * agent job, {@code backup_delete_step}), and a step that an earlier deletion already ran on the agent
 * is taken from the agent's journal rather than run again ({@link DeleteSteps}).
 */
public class BackupDeleter {
    static final String BUSY_DELETE = "DELETE";
    private static final String BUSY_BACKUP = "BACKUP";

    private final RestoreRepository repository;
    private final DeleteRepository deletes;
    private final BackupRepository backups;
    private final VmRepository vms;
    private final AgentChannels agents;
    private final AgentJobRunner runner;
    private final Settings settings;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Supplier<String> requestIds;
    private final DeleteSteps steps;
    private final DeleteQueue queue;
    private final BackupAdmitter admitter;
    private final Sleeper sleeper;
    private final Duration queuePoll;
    private final Supplier<Long> serverId;

    /**
     * @param serverId this management server's {@code mshost} id (null when unknown), recorded on each
     *     deletion so a surviving server can tell one whose server died
     */
    public BackupDeleter(RestoreRepository repository, DeleteRepository deletes, BackupRepository backups,
            VmRepository vms, AgentChannels agents, AgentJobRunner runner, Settings settings, TransactionOperations tx,
            Clock clock, Supplier<String> requestIds, DeleteQueue queue, BackupAdmitter admitter, Sleeper sleeper,
            Duration queuePoll, Supplier<Long> serverId) {
        this.repository = repository;
        this.deletes = deletes;
        this.backups = backups;
        this.vms = vms;
        this.agents = agents;
        this.runner = runner;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
        this.requestIds = requestIds;
        this.steps = new DeleteSteps(deletes, backups, agents, runner, settings, clock, sleeper);
        this.queue = queue;
        this.admitter = admitter;
        this.sleeper = sleeper;
        this.queuePoll = queuePoll;
        this.serverId = serverId;
    }

    /**
     * An accepted deletion: the doomed backups are Removed.
     *
     * @param chainLinks the backup's chain as it was planned on, oldest first (empty without a chain)
     * @param holdsVm    whether the deletion took the VM (a request that never ran does not)
     * @param queueId    its {@code backup_delete} row, through which it waits in admission; null when it
     *                   does not hold the VM (nothing of it is on a store)
     */
    public record Deletion(StoredBackup backup, DeletePlan plan, List<ChainLink> chainLinks, boolean holdsVm,
            String requestId, Long queueId) {
    }

    public Deletion request(Caller caller, String backupUuid, boolean forced) throws ApiException {
        return Transactions.run(tx, () -> {
            StoredBackup seen = repository.find(backupUuid).orElseThrow(() -> ApiException.invalidParameter(
                    "No backup with id " + backupUuid + " exists; list them with listBackups"));
            if (!caller.mayAccess(seen.accountId(), seen.domainPath())) {
                throw ApiException.permissionDenied("Backup " + backupUuid + " belongs to another account; you may "
                        + "delete only your own account's backups");
            }
            VmRecord vm = vms.byIdForUpdate(seen.vmId());
            StoredBackup b = repository.byIdForUpdate(seen.id());
            DeletePlan plan;
            List<ChainLink> links = List.of();
            try {
                if (b.chainId() == null) {
                    plan = DeletePlanner.planStandalone(b.id(), b.status(), forced);
                } else {
                    var chain = deletes.chain(b.chainId(), b.chainKey());
                    links = chain.links();
                    plan = DeletePlanner.plan(chain, b.id(), forced);
                }
            } catch (IllegalStateException e) {
                // Refused states and busy chains: the planner says which state and what to do.
                throw ApiException.invalidParameter(capitalized(e.getMessage().replace("backup " + b.id(),
                        "backup " + b.uuid())));
            }
            boolean neverRan = b.status() == BackupStatus.ALLOCATED || b.status() == BackupStatus.QUEUED;
            Instant now = clock.instant();
            if (!neverRan && !vms.takeBusy(vm.id(), BUSY_DELETE, now)) {
                throw new ApiException(ApiErrorCode.INTERNAL_ERROR, CsErrorCode.CONCURRENT_OPERATION, "Cannot delete "
                        + "backup " + backupUuid + " now: a " + vm.busyOperation().toLowerCase() + " of VM " + vm.name()
                        + " is in progress; only one backup, restore or delete runs per VM at a time, retry when it "
                        + "has finished");
            }
            String requestId = requestIds.get();
            markRemoved(plan.steps(), now, requestId);
            Long queueId = null;
            if (neverRan) {
                vms.releaseBusy(vm.id(), BUSY_BACKUP); // the queued request held the VM
            } else {
                queueId = queue.insertQueued(vm.id(), deletes.hostOf(b.id()), requestId, serverId.get(), now);
            }
            return new Deletion(b, plan, links, !neverRan, requestId, queueId);
        });
    }

    /**
     * What retention prunes from one chain now: the chain's links as planned on, oldest first, and the
     * plan ({@link io.kboss.plugin.backup.kboss.domain.retention.RetentionPolicy} made it).
     */
    public record ChainPrune(List<ChainLink> chainLinks, PrunePlan plan) {
        public ChainPrune {
            chainLinks = List.copyOf(chainLinks);
            if (plan.outcomes().isEmpty()) {
                throw new IllegalArgumentException("a chain prune deletes at least one backup: " + plan.steps());
            }
        }
    }

    /** Another operation holds the VM, so retention cannot delete now; nothing was changed. */
    public static final class VmBusyException extends Exception {
        private static final long serialVersionUID = 1L;

        VmBusyException(String message) {
            super(message);
        }
    }

    /**
     * Retention's request: the same as {@link #request} for deleteBackup, for a prune that retention
     * plans. Under the VM's row lock, {@code planner} plans on the chains as they are now (so two
     * servers' retention passes cannot both plan the same backups), the VM is taken for DELETE and the
     * doomed backups are marked Removed. {@link #run} then carries the deletion out.
     *
     * @param planner called under the lock; empty when nothing is to be pruned
     * @return the deletion to run, or empty when the planner had nothing to prune (the VM is not taken)
     * @throws VmBusyException when a backup, restore or delete of the VM is in progress
     */
    public Optional<Deletion> requestPrune(long vmId, Supplier<Optional<ChainPrune>> planner) throws VmBusyException {
        try {
            return tx.execute(s -> {
                VmRecord vm = vms.byIdForUpdate(vmId);
                Optional<ChainPrune> prune = planner.get();
                if (prune.isEmpty()) {
                    return Optional.<Deletion>empty();
                }
                Instant now = clock.instant();
                if (!vms.takeBusy(vm.id(), BUSY_DELETE, now)) {
                    String holder = vm.busyOperation() == null
                            ? "another operation"
                            : "a " + vm.busyOperation().toLowerCase();
                    throw new BusyInside(holder + " of VM " + vm.name() + " is in progress");
                }
                PrunePlan plan = prune.get().plan();
                String requestId = requestIds.get();
                markRemoved(plan.steps(), now, requestId);
                StoredBackup first = repository.byId(plan.outcomes().get(0).backupId());
                long queueId = queue.insertQueued(vm.id(), deletes.hostOf(first.id()), requestId, serverId.get(), now);
                return Optional.of(new Deletion(first, new DeletePlan(first.id(), false, plan),
                        prune.get().chainLinks(), true, requestId, queueId));
            });
        } catch (BusyInside e) {
            throw new VmBusyException(e.getMessage());
        }
    }

    /** Carries "VM busy" out of the transaction callback, which rolls back on it. */
    private static final class BusyInside extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BusyInside(String message) {
            super(message, null, false, false);
        }
    }

    private void markRemoved(List<PlanStep> steps, Instant now, String requestId) {
        for (PlanStep step : steps) {
            if (step instanceof PlanStep.MarkStatus m && m.event() == BackupEvent.REMOVED) {
                BackupStatus from = repository.byId(m.backupId()).status();
                backups.transition(m.backupId(), from, BackupEvent.REMOVED, null, now);
                deletes.markRemovedAt(m.backupId(), now, requestId);
            }
        }
    }

    /**
     * Waits for a slot in admission, then runs the plan's disk steps and the final marks; returns what
     * became of each backup. The VM is released and the {@code backup_delete} row gone at the end,
     * whatever happened.
     */
    public List<DeletionOutcome> run(Deletion d) throws InterruptedException, ApiException {
        StoredBackup b = d.backup();
        String failure = null;
        try {
            failure = waitForSlot(d);
            if (failure == null) {
                runSteps(d);
            }
        } catch (DeleteSteps.StepFailed e) {
            failure = e.getMessage();
        } finally {
            tx.executeWithoutResult(s -> {
                if (b.chainId() != null) {
                    deletes.renumber(b.chainId());
                }
                // Whoever deletes the row ends the deletion; a recovering server that already did has
                // released the VM itself.
                boolean ours = d.queueId() == null || queue.delete(d.queueId());
                if (d.holdsVm() && ours) {
                    vms.releaseBusy(b.vmId(), BUSY_DELETE);
                }
            });
        }
        if (failure != null) {
            throw ApiException.internal("Deleting backup " + b.uuid() + " stopped: " + failure + ". The deleted "
                    + "backups stay Removed (hidden); the sweep of Removed backups (every backup.removed.sweep.interval "
                    + "seconds) or the next deleteBackup in the same chain finishes them once the cause is fixed",
                    null);
        }
        return d.plan().outcomes();
    }

    private void runSteps(Deletion d) throws InterruptedException, DeleteSteps.StepFailed {
        for (PlanStep step : d.plan().steps()) {
            if (step instanceof PlanStep.Rebase r) {
                merge(d, r);
            } else if (step instanceof PlanStep.RemoveFiles rf) {
                remove(d, rf.backupId());
            } else if (step instanceof PlanStep.MarkStatus m && m.event() == BackupEvent.EXPUNGED) {
                tx.executeWithoutResult(s -> {
                    backups.transition(m.backupId(), BackupStatus.REMOVED, BackupEvent.EXPUNGED, null,
                            clock.instant());
                    deletes.leaveChain(m.backupId());
                });
            }
        }
    }

    /**
     * Waits until admission lets the deletion's merges run under backup.max.concurrent.operations and
     * .per.host, as a backup or restore waits; null once admitted, else why it did not start (it waited
     * past kboss.timeout, or another server ended it). Nothing was done on the store then.
     */
    private String waitForSlot(Deletion d) throws InterruptedException {
        if (d.queueId() == null) {
            return null; // a request that never ran: no files, nothing to admit
        }
        StoredBackup b = d.backup();
        Duration timeout = Duration.ofSeconds(settings.value(KbossSettings.TIMEOUT, ScopeChain.zone(b.zoneId())));
        Instant giveUp = clock.instant().plus(timeout);
        BackupAdmitter.Attempt attempt;
        while (!(attempt = admitter.tryAdmitDelete(d.queueId())).admitted()) {
            if (queue.byId(d.queueId()).isEmpty()) {
                return "it ended while it was queued (" + attempt.waitReason() + ")";
            }
            if (clock.instant().isAfter(giveUp)) {
                return "it waited in the queue longer than kboss.timeout (" + timeout.toSeconds() + " s) and did not "
                        + "start (last: " + attempt.waitReason() + "); nothing was merged or removed";
            }
            sleeper.sleep(queuePoll);
        }
        return null;
    }

    /**
     * Merges the absorbed backups into the survivor, newest first: each agent delete folds one
     * backup into the survivor and re-points the survivor at that backup's own parent.
     */
    private void merge(Deletion d, PlanStep.Rebase r) throws InterruptedException, DeleteSteps.StepFailed {
        Map<Long, Long> parentOf = new HashMap<>();
        for (int i = 1; i < d.chainLinks().size(); i++) {
            parentOf.put(d.chainLinks().get(i).backupId(), d.chainLinks().get(i - 1).backupId());
        }
        Map<Long, String> survivorFiles = byVolume(r.survivor());
        for (long absorbed : r.absorbedNewestFirst()) {
            Long parent = parentOf.get(absorbed);
            Map<Long, String> parentFiles = parent == null ? Map.of() : byVolume(parent);
            DeleteBackupCommand c = command(d, absorbed, "merge-into-" + r.survivor());
            for (BackupFile f : repository.files(absorbed)) {
                String child = survivorFiles.get(f.volumeId());
                if (child != null) {
                    ChildMerge m = new ChildMerge();
                    m.deletedPath = f.path();
                    m.childPath = child;
                    m.newBackingPath = parentFiles.get(f.volumeId());
                    c.merges.add(m);
                }
            }
            DeleteSteps.StepResult result = steps.execute(d, absorbed, c, "merging backup " + uuidOf(absorbed)
                    + " into backup " + uuidOf(r.survivor()));
            // The survivor now stands on the absorbed backup's own parent (the next to absorb, the
            // plan's new parent, or nothing: then it is a full backup), and holds the absorbed data.
            // Both are idempotent; the freed bytes are given back once per agent job.
            tx.executeWithoutResult(s -> {
                applyFreedBytes(d, absorbed, result);
                deletes.repoint(r.survivor(), parent);
                if (result.agentResult() != null) {
                    result.agentResult().mergedChildSizes
                            .forEach((path, size) -> deletes.recordMergedSize(r.survivor(), path, size));
                }
            });
        }
    }

    private void remove(Deletion d, long backupId) throws InterruptedException, DeleteSteps.StepFailed {
        DeleteBackupCommand c = command(d, backupId, "remove");
        if (c.paths.isEmpty()) {
            return; // a request that never ran has no files
        }
        DeleteSteps.StepResult result = steps.execute(d, backupId, c, "removing the files of backup "
                + uuidOf(backupId));
        tx.executeWithoutResult(s -> applyFreedBytes(d, backupId, result));
    }

    /** Gives the step's freed bytes back to the store, unless this agent job's result was applied before. */
    private void applyFreedBytes(Deletion d, long backupId, DeleteSteps.StepResult result) {
        if (result.agentResult() == null || result.agentRequestId() == null) {
            return;
        }
        if (!deletes.markStepApplied(result.agentRequestId(), backupId, clock.instant())) {
            return;
        }
        long freed = bytesFreed(result.agentResult());
        Long store = d.backup().imageStoreId();
        if (store != null && freed > 0) {
            deletes.releaseStoreUsage(store, freed);
        }
    }

    private static long bytesFreed(DeleteResult result) {
        return result == null ? 0 : Math.max(0, result.bytesFreed);
    }

    private DeleteBackupCommand command(Deletion d, long backupId, String what) {
        DeleteBackupCommand c = new DeleteBackupCommand();
        String uuid = uuidOf(backupId);
        c.requestId = DeleteSteps.stepRequestId(d.requestId(), what, uuid);
        c.backupUuid = uuid;
        c.paths = repository.files(backupId).stream().map(BackupFile::path).collect(Collectors.toList());
        return c;
    }

    private Map<Long, String> byVolume(long backupId) {
        return repository.files(backupId).stream().collect(Collectors.toMap(BackupFile::volumeId, BackupFile::path));
    }

    /** A backup's uuid, as the API names it (also in a deletion's answer). */
    public String uuidOf(long backupId) {
        return repository.byId(backupId).uuid();
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
