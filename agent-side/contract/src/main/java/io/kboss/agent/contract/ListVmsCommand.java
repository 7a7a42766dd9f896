package io.kboss.agent.contract;

/** VM and disk discovery. */
public class ListVmsCommand extends AgentCommand<ListVmsAnswer> {
    public static final String NAME = "list-vms";
    /** When set, only this domain; NOT_FOUND when it does not exist. */
    public String vmUuid;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<ListVmsAnswer> answerType() {
        return ListVmsAnswer.class;
    }
}
