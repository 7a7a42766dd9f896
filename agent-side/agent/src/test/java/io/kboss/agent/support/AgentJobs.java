package io.kboss.agent.support;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.GetJobCommand;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobCommand;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.client.AgentClient;
import java.util.function.Predicate;

/** Starting an agent job over the wire and following it, as a server would. */
public final class AgentJobs {
    private AgentJobs() {
    }

    /** Sends a job command that must be accepted; answers the job's id. */
    public static String start(AgentClient client, JobCommand command) throws Exception {
        JobAnswer started = client.execute(command);
        assertTrue(started.errorText, started.success);
        return started.job.jobId;
    }

    /**
     * Asks for the job until {@code condition} holds (at most 180 s); fails at once when the job
     * ends without it, so a test waiting for a moment in the middle of a job says what happened.
     */
    public static JobInfo waitFor(AgentClient client, String jobId, Predicate<JobInfo> condition) throws Exception {
        GetJobCommand get = new GetJobCommand();
        get.jobId = jobId;
        long end = System.nanoTime() + 180_000_000_000L;
        JobInfo j = null;
        while (System.nanoTime() < end) {
            j = client.execute(get).job;
            if (condition.test(j)) {
                return j;
            }
            assertFalse("the job ended before the awaited moment: " + j.state + " " + j.errorText, j.state.isFinal());
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " never got there; last " + (j == null ? null : j.state));
    }
}
