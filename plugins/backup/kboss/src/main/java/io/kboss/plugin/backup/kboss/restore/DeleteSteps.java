package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.DeleteBackupCommand;
import io.kboss.agent.contract.DeleteResult;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.JobType;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.plugin.backup.kboss.KbossSettings;
import io.kboss.plugin.backup.kboss.backup.AgentChannels;
import io.kboss.plugin.backup.kboss.backup.AgentJobCalls;
import io.kboss.plugin.backup.kboss.backup.BackupRepository;
import io.kboss.plugin.backup.kboss.backup.Sleeper;
import io.kboss.server.settings.Settings;
import io.kboss.server.settings.domain.ScopeChain;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one agent step of a deletion (a merge into the survivor, or a removal of files) so that a step
 * which already ran is not run blind a second time.
 *
 * <p>The failure this repairs: a management server dies while the agent merges; the agent finishes,
 * but the rows never hear of it (the survivor's parent and size, the bytes freed). The backups stay
 * Removed, and a later deletion of the same backups (the next deleteBackup in the chain, retention,
 * or the Removed sweep) plans the same steps again. Each step's agent request id is
 * {@code <deletion request id>-<what>-<backup uuid>}, and every Removed backup keeps the id of the
 * deletion that removed it ({@code backup.delete_request_id}), so a later deletion first asks the
 * agent's journal for a run of the same step under any deletion: one still running is followed to its
 * end, one that succeeded is taken as this step's result (its result is applied, nothing is run), and
 * only when none ran or the earlier run failed is the step run again under the new deletion's id. A
 * step run again on files already merged is harmless: the agent accepts a child that already stands on
 * its new parent and deletes only files that are still there.
 *
 * <p>What this accepts: when the agent's journal no longer has the earlier run (its state folder was
 * wiped), the step runs again; a merge of several backups into one survivor that had finished all but
 * the bookkeeping then fails with the agent's "chain does not match" and the backups stay Removed.
 */
final class DeleteSteps {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteSteps.class);

    /**
     * What a step did on the agent.
     *
     * @param agentRequestId the request id of the agent job whose result this is (null: nothing ran)
     * @param agentResult    its result (null when the backup has no files on a store)
     */
    record StepResult(String agentRequestId, DeleteResult agentResult) {
        static final StepResult NOTHING = new StepResult(null, null);
    }

    /** A step that did not end well; the deletion stops and its backups stay Removed. */
    static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed(String message) {
            super(message);
        }
    }

    private final DeleteRepository deletes;
    private final BackupRepository backups;
    private final AgentChannels agents;
    private final AgentJobRunner runner;
    private final AgentJobCalls calls;
    private final Settings settings;
    private final Clock clock;

    DeleteSteps(DeleteRepository deletes, BackupRepository backups, AgentChannels agents, AgentJobRunner runner,
            Settings settings, Clock clock, Sleeper sleeper) {
        this.deletes = deletes;
        this.backups = backups;
        this.agents = agents;
        this.runner = runner;
        this.calls = new AgentJobCalls(sleeper);
        this.settings = settings;
        this.clock = clock;
    }

    /** The agent request id of one step of a deletion. */
    static String stepRequestId(String deletionRequestId, String what, String backupUuid) {
        return deletionRequestId + "-" + what + "-" + backupUuid;
    }

    /**
     * Runs step {@code c} (its request id made by {@link #stepRequestId}) of deletion {@code d} on
     * backup {@code backupId}, or takes the result of an earlier run of the same step.
     */
    StepResult execute(BackupDeleter.Deletion d, long backupId, DeleteBackupCommand c, String what)
            throws InterruptedException, StepFailed {
        StoredBackup b = d.backup();
        if (b.imageStoreId() == null) {
            return StepResult.NOTHING;
        }
        c.store = backups.store(b.imageStoreId()).asStoreRef();
        Duration timeout = Duration.ofSeconds(settings.value(KbossSettings.TIMEOUT, ScopeChain.zone(b.zoneId())));
        AgentClient agent;
        Long host = deletes.hostOf(b.id());
        try {
            agent = agents.forHost(host == null ? -1 : host);
        } catch (RuntimeException e) {
            throw new StepFailed(what + " needs the agent of host " + host + ", which has no channel: "
                    + e.getMessage());
        }
        boolean removedEarlier = deletes.deleteRequestId(backupId).map(id -> !id.equals(d.requestId()))
                .orElse(false);
        if (removedEarlier) {
            String sameStep = c.requestId.substring(d.requestId().length());
            Optional<StepResult> earlier = earlierRun(agent, c.backupUuid, sameStep, timeout, what);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        AgentJobRunner.Outcome o = runner.run(agent, c, timeout, job -> {
        });
        if (!o.succeeded()) {
            throw new StepFailed(what + " failed: " + o.failure());
        }
        return new StepResult(c.requestId, o.job().deleteResult);
    }

    /**
     * A run of the same step by an earlier deletion, as the agent's journal has it: followed to its end
     * if it still runs; empty when none ran, the last one failed, or the agent cannot list its jobs (the
     * step then runs again, and fails with the agent's own error if the agent is unreachable).
     */
    private Optional<StepResult> earlierRun(AgentClient agent, String backupUuid, String sameStep, Duration timeout,
            String what) throws InterruptedException {
        List<JobInfo> runs;
        try {
            runs = calls.journal(agent, false).stream()
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
            AgentJobRunner.Outcome o = runner.follow(agent, last, clock.instant().plus(timeout), timeout, j -> {
            });
            if (o.succeeded()) {
                return Optional.of(new StepResult(last.requestId, o.job().deleteResult));
            }
            LOG.warn("The earlier run of {} did not succeed ({}); running it again", what, o.failure());
            return Optional.empty();
        }
        if (last.state == JobState.SUCCEEDED) {
            LOG.info("{} already ran on the agent as job {} (request {}), finished after its deletion stopped; "
                    + "applying its result", what, last.jobId, last.requestId);
            return Optional.of(new StepResult(last.requestId, last.deleteResult));
        }
        return Optional.empty();
    }
}
