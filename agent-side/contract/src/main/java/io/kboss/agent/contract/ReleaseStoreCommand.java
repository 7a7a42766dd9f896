package io.kboss.agent.contract;

/** The store is no longer used by this host: an NFS store is unmounted. */
public class ReleaseStoreCommand extends AgentCommand<AgentAnswer> {
    public static final String NAME = "release-store";
    public StoreRef store;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<AgentAnswer> answerType() {
        return AgentAnswer.class;
    }
}
