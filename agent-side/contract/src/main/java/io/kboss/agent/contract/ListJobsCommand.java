package io.kboss.agent.contract;

/** Every job the agent's journal holds, newest first; what a restarted server asks first. */
public class ListJobsCommand extends AgentCommand<ListJobsAnswer> {
    public static final String NAME = "list-jobs";
    /** When true, only jobs not yet in a final state. */
    public boolean activeOnly;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<ListJobsAnswer> answerType() {
        return ListJobsAnswer.class;
    }
}
