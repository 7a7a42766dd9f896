package io.kboss.plugin.backup.kboss.operation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.AgentCommand;
import io.kboss.agent.contract.GetJobCommand;
import io.kboss.agent.contract.JobAnswer;
import io.kboss.agent.contract.JobInfo;
import io.kboss.agent.contract.JobState;
import io.kboss.server.backup.AgentChannel;
import io.kboss.server.operation.OperationContext;
import java.time.Duration;
import io.kboss.test.support.SettableClock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.Test;

/**
 * How the server follows an agent job: it asks the agent to hold its answer until the job ends (no
 * fixed pause between the job's end and the server seeing it), and falls back to its poll interval
 * with an agent that answers at once.
 */
public class AgentJobsTest {
    private static final Duration POLL = Duration.ofMillis(250);

    /** A clock the fake agent moves forward by the time it "held" each answer. */
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T08:00:00Z"));
    private final List<Duration> sleeps = new ArrayList<>();
    private final List<Integer> askedWaits = new ArrayList<>();

    /** Follows a RUNNING job on {@code agent} to its end, recording the pauses in {@code sleeps}. */
    private AgentJobs.Outcome followRunningJob(AgentChannel agent) throws Exception {
        return new AgentJobs(clock, sleeps::add, POLL).follow(agent, job(JobState.RUNNING), context(), j -> {
        });
    }

    @Test
    public void anAgentThatHoldsTheAnswerUntilTheJobEndsIsFollowedWithoutPauses() throws Exception {
        // The agent holds each answer for the whole wait asked, then the job ends during the third.
        AgentChannel agent = agent(List.of(JobState.RUNNING, JobState.RUNNING, JobState.SUCCEEDED), true);

        AgentJobs.Outcome outcome = followRunningJob(agent);

        assertTrue(outcome.succeeded());
        assertEquals("never paused between asks", List.of(), sleeps);
        assertEquals(3, askedWaits.size());
        assertTrue("each ask lets the agent wait: " + askedWaits,
                askedWaits.stream().allMatch(w -> w == AgentJobs.LONGEST_WAIT.toMillis()));
    }

    @Test
    public void anAgentThatAnswersAtOnceIsAskedAgainOnlyAfterThePollInterval() throws Exception {
        // An agent from before get-job could wait ignores waitMillis and answers now.
        AgentChannel agent = agent(List.of(JobState.RUNNING, JobState.RUNNING, JobState.SUCCEEDED), false);

        AgentJobs.Outcome outcome = followRunningJob(agent);

        assertTrue(outcome.succeeded());
        assertEquals("one pause after each answer that was neither waited for nor final", List.of(POLL, POLL),
                sleeps);
    }

    private AgentChannel agent(List<JobState> states, boolean holds) {
        Deque<JobState> next = new ArrayDeque<>(states);
        return new AgentChannel() {
            @Override
            @SuppressWarnings("unchecked")
            public <A extends AgentAnswer> A execute(AgentCommand<A> command) {
                GetJobCommand get = (GetJobCommand) command;
                askedWaits.add(get.waitMillis);
                JobState state = next.removeFirst();
                if (holds && !state.isFinal()) {
                    clock.advance(Duration.ofMillis(get.waitMillis));
                }
                JobAnswer a = new JobAnswer();
                a.job = job(state);
                return (A) a;
            }
        };
    }

    private static JobInfo job(JobState state) {
        JobInfo j = new JobInfo();
        j.jobId = "job-1";
        j.state = state;
        return j;
    }

    private OperationContext context() {
        Instant deadline = clock.instant().plus(Duration.ofHours(1));
        return new OperationContext() {
            @Override
            public void progress(int percent) {
            }

            @Override
            public void agentJob(String agentJobId) {
            }

            @Override
            public Instant deadline() {
                return deadline;
            }

            @Override
            public Duration timeout() {
                return Duration.ofHours(1);
            }

            @Override
            public String timeoutSetting() {
                return "kboss.timeout";
            }

            @Override
            public void cancelTookEffect() {
            }
        };
    }
}
