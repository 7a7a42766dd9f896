package io.kboss.agent.contract;

/**
 * Status, progress and result of one job.
 *
 * <p>With {@code waitMillis} above 0 the agent holds the answer until the job is final or that time
 * has passed, whichever comes first, so a server following a job learns of its end at once instead of
 * at its next poll (issue 14: no fixed intervals between steps). Agents from before this field ignore
 * it and answer at once; an agent with too many requests already waiting also answers at once.
 */
public class GetJobCommand extends AgentCommand<JobAnswer> {
    public static final String NAME = "get-job";
    /** The agent holds an answer at most this long, whatever a server asks. */
    public static final int MAX_WAIT_MILLIS = 10_000;
    public String jobId;
    /** 0 (the default): answer now; otherwise wait up to this many milliseconds for the job's end. */
    public int waitMillis;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<JobAnswer> answerType() {
        return JobAnswer.class;
    }
}
