package io.kboss.plugin.backup.kboss.restore;

import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobCommand;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.plugin.backup.kboss.backup.AgentJobCalls;
import io.kboss.plugin.backup.kboss.backup.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Starts one agent job (restore, quick restore, delete) and follows it to its end. The command's
 * request id makes a repeated start find the same job, so a start whose answer was lost is simply
 * sent again. A poll that fails is asked again until the deadline: the agent journals its jobs.
 */
public class AgentJobRunner {
    private final Clock clock;
    private final Sleeper sleeper;
    private final AgentJobCalls jobCalls;
    private final Duration pollInterval;

    public AgentJobRunner(Clock clock, Sleeper sleeper, Duration pollInterval) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.jobCalls = new AgentJobCalls(sleeper);
        this.pollInterval = pollInterval;
    }

    /** How an agent job ended, as far as the server could tell. */
    public record Outcome(JobInfo job, String failure, boolean disksConsistent) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    /**
     * @param onUpdate sees each state of the job while it runs (progress)
     * @return the finished job, or why it did not finish well
     */
    public Outcome run(AgentClient agent, JobCommand command, Duration timeout, Consumer<JobInfo> onUpdate)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        JobInfo job;
        try {
            JobAnswer started = jobCalls.start(agent, command);
            if (!started.success || started.job == null) {
                return new Outcome(started.job, "the agent refused it" + (started.errorCode == null
                        ? ""
                        : " (" + started.errorCode + ")") + ": " + started.errorText, started.disksConsistent);
            }
            job = started.job;
        } catch (AgentCallException e) {
            return new Outcome(null, "the agent could not be asked: " + e.getMessage(), true);
        }
        return follow(agent, job, deadline, timeout, onUpdate);
    }

    /**
     * Follows a job already started (also one found in the agent's journal by a server that did
     * not start it) to its end or the deadline.
     */
    public Outcome follow(AgentClient agent, JobInfo job, Instant deadline, Duration timeout,
            Consumer<JobInfo> onUpdate) throws InterruptedException {
        onUpdate.accept(job);
        while (!job.state.isFinal()) {
            if (clock.instant().isAfter(deadline)) {
                return new Outcome(job, "it did not finish within kboss.timeout (" + timeout.toSeconds()
                        + " s); the agent's job " + job.jobId + " may still be running, check it with the agent's "
                        + "job list before retrying", false);
            }
            sleeper.sleep(pollInterval);
            JobInfo next = jobCalls.poll(agent, job.jobId);
            if (next != null) {
                job = next;
                onUpdate.accept(job);
            }
        }
        if (job.state == io.kboss.agent.contract.JobState.SUCCEEDED) {
            return new Outcome(job, null, true);
        }
        return new Outcome(job, "the agent's job " + job.jobId + " ended " + job.state
                + (job.errorCode == null ? "" : " (" + job.errorCode + ")") + ": " + job.errorText,
                job.disksConsistent);
    }
}
