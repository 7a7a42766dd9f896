package io.kboss.plugin.backup.kboss.operation;

import io.kboss.agent.contract.CancelJobCommand;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.GetJobCommand;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobCommand;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.agent.contract.ListJobsAnswer;
import io.kboss.agent.contract.ListJobsCommand;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.operation.OperationContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent jobs as the operations' handlers run them: start one, follow it to its end, cancel it, read
 * the agent's journal.
 *
 * <p>A start is retried a few times with a growing pause: the command's request id (the operation's
 * uuid) makes the agent return the job it already has for a repeated start, so a start whose answer
 * was lost, or a start by a server that adopted the operation, is safe to send again. An
 * authentication failure is not retried (a re-pair or a clock fix is needed, not patience). A poll
 * that fails is asked again until the operation's deadline: the agent journals its jobs, so a
 * restarting agent still knows them.
 */
public final class AgentJobs {
    private static final Logger LOG = LoggerFactory.getLogger(AgentJobs.class);
    private static final int START_ATTEMPTS = 3;
    /**
     * How long one get-job may wait on the agent for the job's end: short enough that the job's
     * progress reaches the API about once a second, far below the agent call's timeout.
     */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(1);

    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration pollInterval;

    public AgentJobs(Clock clock, Sleeper sleeper, Duration pollInterval) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.pollInterval = pollInterval;
    }

    /**
     * How an agent job ended, as far as the server could tell.
     *
     * @param cancelledBy who cancelled it (cancelBackupOperation) when it ended by that cancel; null otherwise
     */
    public record Outcome(JobInfo job, String failure, boolean disksConsistent, boolean timedOut,
            String cancelledBy) {
        public Outcome(JobInfo job, String failure, boolean disksConsistent, boolean timedOut) {
            this(job, failure, disksConsistent, timedOut, null);
        }

        public boolean succeeded() {
            return failure == null;
        }

        public boolean cancelled() {
            return cancelledBy != null;
        }
    }

    /**
     * Starts the job (or finds the one the agent has for its request id) and follows it to its end or the
     * operation's deadline, reporting each state to {@code onUpdate}.
     */
    public Outcome run(AgentChannel agent, JobCommand command, OperationContext ctx, Consumer<JobInfo> onUpdate)
            throws InterruptedException {
        JobInfo job;
        try {
            JobAnswer started = start(agent, command);
            if (!started.success || started.job == null) {
                return new Outcome(started.job, "the agent refused it" + (started.errorCode == null
                        ? ""
                        : " (" + started.errorCode + ")") + ": " + started.errorText, started.disksConsistent, false);
            }
            job = started.job;
        } catch (AgentCallException e) {
            // Nothing reached the agent, or the agent repairs what it began when it restarts: the disks
            // are as they were.
            return new Outcome(null, "the agent could not be asked: " + e.getMessage(), true, false);
        }
        ctx.agentJob(job.jobId);
        return follow(agent, job, onHostDeadline(job, ctx), ctx, onUpdate);
    }

    /**
     * When the job must have ended: the kind's timeout counts its time on the host, from when the agent
     * started it (an adopted job started earlier: the agent's own start time), or from now.
     */
    private Instant onHostDeadline(JobInfo job, OperationContext ctx) {
        Instant now = clock.instant();
        Instant since = job.startedAtMillis > 0 && job.startedAtMillis < now.toEpochMilli()
                ? Instant.ofEpochMilli(job.startedAtMillis)
                : now;
        return since.plus(ctx.timeout());
    }

    /** Follows a job already started to its end, or to the operation's deadline. */
    public Outcome follow(AgentChannel agent, JobInfo job, OperationContext ctx, Consumer<JobInfo> onUpdate)
            throws InterruptedException {
        return follow(agent, job, ctx.deadline(), ctx, onUpdate);
    }

    private Outcome follow(AgentChannel agent, JobInfo job, Instant deadline, OperationContext ctx,
            Consumer<JobInfo> onUpdate) throws InterruptedException {
        onUpdate.accept(job);
        String cancelledBy = null;
        while (!job.state.isFinal()) {
            if (cancelledBy == null) {
                // A cancel may be asked through any management server: it is read from the operation's row.
                Optional<String> asked = ctx.cancelRequestedBy();
                if (asked.isPresent() && askToCancel(agent, job.jobId)) {
                    cancelledBy = asked.get();
                    LOG.info("Agent job {} (request {}) is being cancelled, as {} asked", job.jobId, job.requestId,
                            cancelledBy);
                }
            }
            if (clock.instant().isAfter(deadline)) {
                return new Outcome(job, "it did not finish within " + ctx.timeoutSetting() + " ("
                        + ctx.timeout().toSeconds() + " s); the agent's job " + job.jobId + " may still be running, "
                        + "check it with the agent's job list before retrying", false, true);
            }
            JobInfo next = pollWaiting(agent, job.jobId, deadline);
            if (next != null) {
                job = next;
                onUpdate.accept(job);
            }
        }
        // Only a job the agent ended as cancelled was stopped by the cancel; one that failed on its own first
        // (or succeeded) ends as it did, with its own reason.
        if (cancelledBy != null && endedByCancel(job)) {
            ctx.cancelTookEffect();
            return new Outcome(job, "it was cancelled by " + cancelledBy + " (the agent's job " + job.jobId + " ended "
                    + job.state + (job.disksConsistent
                            ? ", having removed what it had written"
                            : ", and may have left the disks partly written")
                    + ")", job.disksConsistent, false,
                    cancelledBy);
        }
        if (cancelledBy != null && job.state != JobState.SUCCEEDED) {
            Outcome own = ended(job);
            return new Outcome(job, own.failure() + " (a cancel by " + cancelledBy + " was asked, but the job had "
                    + "failed on its own first)", own.disksConsistent(), own.timedOut());
        }
        return ended(job);
    }

    private static boolean endedByCancel(JobInfo job) {
        return job.state == JobState.CANCELLED || job.errorCode == ErrorCode.CANCELLED;
    }

    /** Sends cancel-job; false when the agent could not be asked or refused (the caller asks again later). */
    private boolean askToCancel(AgentChannel agent, String jobId) {
        CancelJobCommand c = new CancelJobCommand();
        c.jobId = jobId;
        try {
            JobAnswer a = agent.execute(c);
            if (!a.success) {
                LOG.warn("The agent refused to cancel job {}: {}", jobId, a.errorText);
                // A job that ended on its own cannot be cancelled: the next poll sees its end.
                return a.job != null && a.job.state.isFinal();
            }
            return true;
        } catch (AgentCallException e) {
            LOG.warn("Cancelling agent job {} failed; asking again at the next poll: {}", jobId, e.getMessage());
            return false;
        }
    }

    /** A final job as an outcome. */
    public static Outcome ended(JobInfo job) {
        if (job.state == JobState.SUCCEEDED) {
            return new Outcome(job, null, true, false);
        }
        return new Outcome(job, "the agent's job " + job.jobId + " ended " + job.state
                + (job.errorCode == null ? "" : " (" + job.errorCode + ")") + ": " + job.errorText,
                job.disksConsistent, false);
    }

    /**
     * What a cancel came to.
     *
     * @param reached whether the agent accepted the cancel (false: it refused, or could not be asked)
     * @param ended   the job once final: confirmed within the grace after an accepted cancel, or found
     *                already ended when the cancel did not reach it; null when neither
     */
    public record Cancel(boolean reached, JobInfo ended) {
    }

    /** Cancels the job and waits up to {@code grace} for the agent to confirm its end. */
    public Cancel cancel(AgentChannel agent, String jobId, Duration grace) throws InterruptedException {
        CancelJobCommand c = new CancelJobCommand();
        c.jobId = jobId;
        boolean accepted;
        try {
            JobAnswer a = agent.execute(c);
            accepted = a.success;
            if (!accepted) {
                LOG.warn("The agent refused to cancel job {}: {}", jobId, a.errorText);
            }
        } catch (AgentCallException e) {
            LOG.warn("Cancelling agent job {} failed: {}", jobId, e.getMessage());
            accepted = false;
        }
        if (!accepted) {
            JobInfo now = poll(agent, jobId); // a job that ended on its own cannot be cancelled
            return new Cancel(false, now != null && now.state.isFinal() ? now : null);
        }
        Instant end = clock.instant().plus(grace);
        while (clock.instant().isBefore(end)) {
            JobInfo j = pollWaiting(agent, jobId, end);
            if (j != null && j.state.isFinal()) {
                return new Cancel(true, j);
            }
        }
        return new Cancel(true, null);
    }

    /** The agent's answer to the start (which may be a refusal); throws when it could not be asked. */
    public JobAnswer start(AgentChannel agent, JobCommand command) throws AgentCallException, InterruptedException {
        AgentCallException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return agent.execute(command);
            } catch (AgentCallException e) {
                last = e;
                if (e.isAuthenticationFailure()) {
                    break;
                }
                sleeper.sleep(Duration.ofSeconds(attempt));
            }
        }
        throw last;
    }

    /**
     * The job once it ends, or as it is after at most {@link #LONGEST_WAIT} (never past
     * {@code deadline}): the agent holds the answer until the job is final, so its end is seen at once.
     * An agent that answered sooner without an end (one from before get-job waited, or one with many
     * requests already waiting) is asked again only after the poll interval, as before.
     */
    private JobInfo pollWaiting(AgentChannel agent, String jobId, Instant deadline) throws InterruptedException {
        Instant asked = clock.instant();
        long left = Duration.between(asked, deadline).toMillis();
        int wait = (int) Math.max(1, Math.min(LONGEST_WAIT.toMillis(), left));
        JobInfo j = poll(agent, jobId, wait);
        if ((j == null || !j.state.isFinal()) && clock.instant().isBefore(asked.plus(pollInterval))) {
            sleeper.sleep(pollInterval);
        }
        return j;
    }

    /** The job as the agent reports it now, or null when it could not say (ask again later). */
    public JobInfo poll(AgentChannel agent, String jobId) {
        return poll(agent, jobId, 0);
    }

    private JobInfo poll(AgentChannel agent, String jobId, int waitMillis) {
        GetJobCommand get = new GetJobCommand();
        get.jobId = jobId;
        get.waitMillis = waitMillis;
        try {
            JobAnswer a = agent.execute(get);
            if (!a.success || a.job == null) {
                LOG.warn("The agent could not report job {}: {}", jobId, a.errorText);
                return null;
            }
            return a.job;
        } catch (AgentCallException e) {
            LOG.warn("Asking the agent about job {} failed; asking again: {}", jobId, e.getMessage());
            return null;
        }
    }

    /** The jobs in the agent's journal (only those not yet final when {@code activeOnly}). */
    public List<JobInfo> journal(AgentChannel agent, boolean activeOnly) throws AgentCallException {
        ListJobsCommand list = new ListJobsCommand();
        list.activeOnly = activeOnly;
        ListJobsAnswer a = agent.execute(list);
        if (!a.success) {
            throw new IllegalStateException("the agent could not list its jobs: " + a.errorText);
        }
        return a.jobs;
    }
}
