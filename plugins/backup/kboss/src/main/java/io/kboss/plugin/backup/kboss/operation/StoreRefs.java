package io.kboss.plugin.backup.kboss.operation;

import io.kboss.agent.contract.StoreRef;
import io.kboss.server.backup.ImageStoreRef;

/** How the agent is told about an image store: a local folder, or an NFS export it mounts itself. */
public final class StoreRefs {
    private StoreRefs() {
    }

    public static StoreRef of(ImageStoreRef store) {
        return store.agentRef();
    }
}
