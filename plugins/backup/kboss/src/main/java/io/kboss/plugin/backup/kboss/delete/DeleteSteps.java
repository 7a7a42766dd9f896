package io.kboss.plugin.backup.kboss.delete;

import io.kboss.agent.contract.ChildMerge;
import io.kboss.agent.contract.DeleteBackupCommand;
import io.kboss.agent.contract.DeleteResult;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.plugin.backup.kboss.backup.BackupRecord;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.domain.chain.ChainLink;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupEvent;
import io.kboss.plugin.backup.kboss.domain.lifecycle.BackupStatus;
import io.kboss.plugin.backup.kboss.domain.retention.PlanStep;
import io.kboss.plugin.backup.kboss.domain.retention.PrunePlan;
import io.kboss.plugin.backup.kboss.operation.AgentJobs;
import io.kboss.plugin.backup.kboss.operation.Ports;
import io.kboss.plugin.backup.kboss.operation.StoreRefs;
import io.kboss.plugin.backup.kboss.restore.BackupFile;
import io.kboss.plugin.backup.kboss.restore.RestoreRepository;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.backup.AgentChannels;
import io.kboss.server.backup.ImageStores;
import io.kboss.server.operation.OperationContext;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Carries out one chain's prune plan: the agent merges each run of deleted backups into its surviving
 * child and removes the deleted files, then the deleted backups are marked Expunged and leave the chain.
 * Each step's result is applied in its own transaction, together with a row in
 * {@code backup_delete_step} (freed bytes count once per agent job).
 *
 * <p>A step is not run blind a second time. The failure this repairs: a management server dies while
 * the agent merges; the agent finishes, but the rows never hear of it. Each step's agent request id is
 * {@code <deletion>-<what>-<backup uuid>}, and every Removed backup keeps the id of the deletion that
 * removed it ({@code backup.delete_request_id}), so a later deletion (the same operation adopted by
 * another server, the next deleteBackup in the chain, retention, or the sweep of Removed backups) first
 * asks the agent's journal for a run of the same step under any deletion: one still running is followed
 * to its end, one that succeeded is taken as this step's result, and only when none ran, or it failed,
 * is the step run again. A step run again on files already merged is harmless: the agent accepts a child
 * that already stands on its new parent and deletes only files that are still there.
 *
 * <p>What this accepts: when the agent's journal no longer has the earlier run (its state folder was
 * wiped), the step runs again; a merge of several backups into one survivor that had finished all but
 * the bookkeeping then fails with the agent's "chain does not match" and the backups stay Removed.
 */
final class DeleteSteps {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteSteps.class);

    /** A step that did not end well; the deletion stops and its backups stay Removed. */
    static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
    }

    /**
     * One deletion as its steps need it.
     *
     * @param requestId the deletion's request id (its operation's uuid), which its steps' ids derive from
     * @param hostId    the host whose agent reaches the store; null for a VM never placed (no files)
     */
    record Deletion(String requestId, Long hostId, OperationContext context) {
    }

    /** What a step did on the agent: its agent request id and result (null when nothing ran). */
    private record StepResult(String agentRequestId, DeleteResult agentResult) {
        static final StepResult NOTHING = new StepResult(null, null);
    }

    private final BackupRepository backups;
    private final ImageStores stores;
    private final RestoreRepository files;
    private final DeleteRepository deletes;
    private final AgentChannels agents;
    private final AgentJobs jobs;
    private final TransactionOperations tx;
    private final Clock clock;
    private final Consumer<BackupRecord> survivorRewritten;

    /** @param survivorRewritten a survivor whose files a merge wrote anew (its compression starts over) */
    DeleteSteps(BackupRepository backups, Ports ports, RestoreRepository files, DeleteRepository deletes,
            Consumer<BackupRecord> survivorRewritten) {
        this.survivorRewritten = survivorRewritten;
        this.backups = backups;
        this.stores = ports.stores();
        this.files = files;
        this.deletes = deletes;
        this.agents = ports.agents();
        this.jobs = ports.jobs();
        this.tx = ports.tx();
        this.clock = ports.clock();
    }

    /** The agent request id of one step of a deletion. */
    static String stepRequestId(String deletionRequestId, String what, String backupUuid) {
        return deletionRequestId + "-" + what + "-" + backupUuid;
    }

    /**
     * Runs the plan's disk steps and final marks on the chain whose links (oldest first, as planned on)
     * are {@code links}.
     */
    void run(Deletion d, List<ChainLink> links, PrunePlan plan) throws InterruptedException, StepFailed {
        for (PlanStep step : plan.steps()) {
            if (step instanceof PlanStep.Rebase r) {
                merge(d, links, r);
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
     * Merges the absorbed backups into the survivor, newest first: each agent delete folds one backup
     * into the survivor and re-points the survivor at that backup's own parent.
     */
    private void merge(Deletion d, List<ChainLink> links, PlanStep.Rebase r) throws InterruptedException,
            StepFailed {
        Map<Long, Long> parentOf = new HashMap<>();
        for (int i = 1; i < links.size(); i++) {
            parentOf.put(links.get(i).backupId(), links.get(i - 1).backupId());
        }
        Map<Long, String> survivorFiles = byVolume(r.survivor());
        for (long absorbed : r.absorbedNewestFirst()) {
            Long parent = parentOf.get(absorbed);
            Map<Long, String> parentFiles = parent == null ? Map.of() : byVolume(parent);
            DeleteBackupCommand c = command(d, absorbed, "merge-into-" + r.survivor());
            for (BackupFile f : files.files(absorbed)) {
                String child = survivorFiles.get(f.volumeId());
                if (child != null) {
                    ChildMerge m = new ChildMerge();
                    m.deletedPath = f.path();
                    m.childPath = child;
                    m.newBackingPath = parentFiles.get(f.volumeId());
                    c.merges.add(m);
                }
            }
            StepResult result = execute(d, absorbed, c, "merging backup " + uuidOf(absorbed) + " into backup "
                    + uuidOf(r.survivor()));
            // The survivor now stands on the absorbed backup's own parent (the next to absorb, the plan's
            // new parent, or nothing: then it is a full backup), and holds the absorbed data. Both are
            // idempotent; the freed bytes are given back once per agent job.
            tx.executeWithoutResult(s -> {
                applyFreedBytes(absorbed, result);
                deletes.repoint(r.survivor(), parent);
                if (result.agentResult() != null) {
                    result.agentResult().mergedChildSizes
                            .forEach((path, size) -> deletes.recordMergedSize(r.survivor(), path, size,
                                    clock.instant()));
                    if (!result.agentResult().mergedChildren.isEmpty()) {
                        survivorRewritten.accept(backups.byId(r.survivor()));
                    }
                }
            });
        }
    }

    private void remove(Deletion d, long backupId) throws InterruptedException, StepFailed {
        DeleteBackupCommand c = command(d, backupId, "remove");
        if (c.paths.isEmpty()) {
            return; // a request that never ran has no files
        }
        StepResult result = execute(d, backupId, c, "removing the files of backup " + uuidOf(backupId));
        tx.executeWithoutResult(s -> applyFreedBytes(backupId, result));
    }

    /** Gives the step's freed bytes back to the store, unless this agent job's result was applied before. */
    private void applyFreedBytes(long backupId, StepResult result) {
        if (result.agentResult() == null || result.agentRequestId() == null) {
            return;
        }
        if (!deletes.markStepApplied(result.agentRequestId(), backupId, clock.instant())) {
            return;
        }
        long freed = Math.max(0, result.agentResult().bytesFreed);
        Long store = backups.byId(backupId).imageStoreId();
        if (store != null && freed > 0) {
            stores.releaseUsed(store, freed);
        }
    }

    private DeleteBackupCommand command(Deletion d, long backupId, String what) {
        DeleteBackupCommand c = new DeleteBackupCommand();
        String uuid = uuidOf(backupId);
        c.requestId = stepRequestId(d.requestId(), what, uuid);
        c.backupUuid = uuid;
        c.paths = files.files(backupId).stream().map(BackupFile::path).collect(Collectors.toList());
        return c;
    }

    /**
     * Runs step {@code c} of deletion {@code d} on backup {@code backupId}, or takes the result of an
     * earlier run of the same step.
     */
    private StepResult execute(Deletion d, long backupId, DeleteBackupCommand c, String what)
            throws InterruptedException, StepFailed {
        BackupRecord b = backups.byId(backupId);
        if (b.imageStoreId() == null || d.hostId() == null) {
            return StepResult.NOTHING;
        }
        c.store = StoreRefs.of(stores.byId(b.imageStoreId()));
        AgentChannel agent;
        try {
            agent = agents.forHost(d.hostId());
        } catch (RuntimeException e) {
            throw new StepFailed(what + " needs the agent of the VM's host, which has no channel: " + e.getMessage());
        }
        // A deletion adopted from a server that died needs no lookup: the agent answers a repeated start with
        // the job it has for the request id, running or finished.
        boolean removedEarlier = deletes.deleteRequestId(backupId).map(id -> !id.equals(d.requestId()))
                .orElse(false);
        if (removedEarlier) {
            String sameStep = c.requestId.substring(d.requestId().length());
            Optional<StepResult> earlier = earlierRun(agent, c.backupUuid, sameStep, d.context(), what);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        AgentJobs.Outcome o = jobs.run(agent, c, d.context(), job -> {
        });
        if (!o.succeeded()) {
            throw new StepFailed(what + " failed: " + o.failure());
        }
        return new StepResult(c.requestId, o.job().deleteResult);
    }

    /**
     * A run of the same step by an earlier deletion, as the agent's journal has it: followed to its end if
     * it still runs; empty when none ran, the last one failed, or the agent cannot list its jobs (the step
     * then runs again, and fails with the agent's own error if the agent is unreachable).
     */
    private Optional<StepResult> earlierRun(AgentChannel agent, String backupUuid, String sameStep,
            OperationContext ctx, String what) throws InterruptedException {
        List<JobInfo> runs;
        try {
            runs = jobs.journal(agent, false).stream()
                    .filter(j -> j.type == JobType.DELETE_BACKUP && backupUuid.equals(j.backupUuid)
                            && j.requestId != null && j.requestId.endsWith(sameStep))
                    .sorted(Comparator.comparingLong((JobInfo j) -> j.createdAtMillis).reversed())
                    .toList();
        } catch (AgentCallException | RuntimeException e) {
            LOG.warn("Could not ask the agent whether {} already ran ({}); running it", what, e.getMessage());
            return Optional.empty();
        }
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        JobInfo last = runs.get(0);
        if (!last.state.isFinal()) {
            LOG.info("{} is already running on the agent as job {} (request {}); following it", what, last.jobId,
                    last.requestId);
            AgentJobs.Outcome o = jobs.follow(agent, last, ctx, j -> {
            });
            if (o.succeeded()) {
                return Optional.of(new StepResult(last.requestId, o.job().deleteResult));
            }
            LOG.warn("The earlier run of {} did not succeed ({}); running it again", what, o.failure());
            return Optional.empty();
        }
        if (last.state == JobState.SUCCEEDED) {
            LOG.info("{} already ran on the agent as job {} (request {}); applying its result", what, last.jobId,
                    last.requestId);
            return Optional.of(new StepResult(last.requestId, last.deleteResult));
        }
        return Optional.empty();
    }

    private Map<Long, String> byVolume(long backupId) {
        return files.files(backupId).stream().collect(Collectors.toMap(BackupFile::volumeId, BackupFile::path));
    }

    /** A backup's uuid, as the API names it. */
    String uuidOf(long backupId) {
        return backups.byId(backupId).uuid();
    }
}
