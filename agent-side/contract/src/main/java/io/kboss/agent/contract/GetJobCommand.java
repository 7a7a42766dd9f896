package io.kboss.agent.contract;

/** Status, progress and result of one job. */
public class GetJobCommand extends AgentCommand<JobAnswer> {
    public static final String NAME = "get-job";
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
