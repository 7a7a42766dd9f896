package io.kboss.server.backup;

/** The agent channels of the registered hosts (addHost), by the host id an operation names. */
@FunctionalInterface
public interface AgentChannels {

    /**
     * @throws IllegalStateException when the host is unknown, removed or has no usable channel key; the
     *     message says which host and what to do
     */
    AgentChannel forHost(long hostId);
}
