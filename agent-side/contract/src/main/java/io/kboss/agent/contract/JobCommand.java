package io.kboss.agent.contract;

/**
 * A command that starts an agent job. The answer comes at once with the job's id; the work goes
 * on and is followed with {@link GetJobCommand}.
 */
public abstract class JobCommand extends AgentCommand<JobAnswer> {
    /**
     * Chosen by the server, unique per intended piece of work. A repeated command with the same
     * request id (a retry after a lost answer) returns the existing job instead of starting a
     * second one.
     */
    public String requestId;

    @Override
    public Class<JobAnswer> answerType() {
        return JobAnswer.class;
    }
}
