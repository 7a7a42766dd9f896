package io.kboss.plugin.backup.kboss.backup;

import io.kboss.agent.contract.GetJobCommand;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobCommand;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.ListJobsAnswer;
import io.kboss.agent.contract.ListJobsCommand;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.agent.contract.client.AgentClient;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two calls every agent job needs from the server: start it, and ask how it is doing.
 *
 * <p>A start is retried a few times with a growing pause: the command's request id makes the agent
 * return the same job for a repeated start, so a start whose answer was lost is safe to send again.
 * An authentication failure is not retried (a re-pair or a clock fix is needed, not patience). A
 * poll that fails answers null so the caller asks again until its own deadline: the agent journals
 * its jobs, so a restarting agent still knows them.
 */
public final class AgentJobCalls {
    private static final Logger LOG = LoggerFactory.getLogger(AgentJobCalls.class);
    private static final int START_ATTEMPTS = 3;

    private final Sleeper sleeper;

    public AgentJobCalls(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    /** The agent's answer to the start (which may be a refusal); throws when it could not be asked. */
    public JobAnswer start(AgentClient agent, JobCommand command) throws AgentCallException, InterruptedException {
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

    /** The job as the agent reports it now, or null when it could not say (ask again later). */
    public JobInfo poll(AgentClient agent, String jobId) {
        GetJobCommand get = new GetJobCommand();
        get.jobId = jobId;
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
    public List<JobInfo> journal(AgentClient agent, boolean activeOnly) throws AgentCallException {
        ListJobsCommand list = new ListJobsCommand();
        list.activeOnly = activeOnly;
        ListJobsAnswer a = agent.execute(list);
        if (!a.success) {
            throw new IllegalStateException("the agent could not list its jobs: " + a.errorText);
        }
        return a.jobs;
    }
}
