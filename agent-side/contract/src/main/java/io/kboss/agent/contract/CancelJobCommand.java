package io.kboss.agent.contract;

/**
 * Asks a job to stop. A queued job is cancelled at once; a running one stops at its next safe
 * point and cleans up; a finished one is left as it is. The answer shows the job's state now.
 */
public class CancelJobCommand extends AgentCommand<JobAnswer> {
    public static final String NAME = "cancel-job";
    public String jobId;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<JobAnswer> answerType() {
        return JobAnswer.class;
    }
}
