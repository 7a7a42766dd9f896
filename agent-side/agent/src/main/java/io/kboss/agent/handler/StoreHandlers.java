package io.kboss.agent.handler;

import io.kboss.agent.contract.AgentAnswer;
import io.kboss.agent.contract.ErrorCode;
import io.kboss.agent.contract.GetStoreCapacityCommand;
import io.kboss.agent.contract.ReleaseStoreCommand;
import io.kboss.agent.contract.StoreCapacityAnswer;
import io.kboss.agent.store.SecondaryStores;
import io.kboss.agent.store.StoreCapacity;
import io.kboss.agent.store.StoreUnreachableException;
import java.util.List;

/** Store capacity and release. */
public final class StoreHandlers {
    private final SecondaryStores stores;

    public StoreHandlers(SecondaryStores stores) {
        this.stores = stores;
    }

    public List<CommandHandler<?, ?>> handlers() {
        return List.of(
                Handlers.of(GetStoreCapacityCommand.NAME, GetStoreCapacityCommand.class, c -> {
                    StoreCapacityAnswer a = new StoreCapacityAnswer();
                    try {
                        StoreCapacity cap = stores.capacity(c.store);
                        a.capacityBytes = cap.total();
                        a.freeBytes = cap.free();
                        a.usedBytes = cap.used();
                        return a;
                    } catch (StoreUnreachableException e) {
                        return AgentAnswer.failure(a, ErrorCode.STORE_UNREACHABLE, e.getMessage());
                    }
                }),
                Handlers.of(ReleaseStoreCommand.NAME, ReleaseStoreCommand.class, c -> {
                    stores.release(c.store);
                    return new AgentAnswer();
                }));
    }
}
