package io.kboss.agent.contract;

/** Capacity and free space of a secondary store (mounting an NFS store if needed). */
public class GetStoreCapacityCommand extends AgentCommand<StoreCapacityAnswer> {
    public static final String NAME = "get-store-capacity";
    public StoreRef store;

    @Override
    public String commandName() {
        return NAME;
    }

    @Override
    public Class<StoreCapacityAnswer> answerType() {
        return StoreCapacityAnswer.class;
    }
}
