package io.kboss.plugin.backup.kboss.backup;

import io.kboss.agent.contract.client.AgentClient;

/** The signed channel to the agent of a host, as the host registry keeps it. */
@FunctionalInterface
public interface AgentChannels {

    /**
     * @throws IllegalStateException when the host is unknown, removed or has no usable channel key;
     *                               the message says which host and what to do
     */
    AgentClient forHost(long hostId);
}
