package io.kboss.plugin.backup.kboss.backup;

import io.kboss.agent.contract.client.AgentClient;
import io.kboss.server.host.AgentClients;
import io.kboss.server.host.HostRepository;

/** The agent channels of the host registry (addHost), looked up by the host id a backup row carries. */
public class RegisteredHostChannels implements AgentChannels {
    private final HostRepository hosts;
    private final AgentClients clients;

    public RegisteredHostChannels(HostRepository hosts, AgentClients clients) {
        this.hosts = hosts;
        this.clients = clients;
    }

    @Override
    public AgentClient forHost(long hostId) {
        return clients.forHost(hosts.findById(hostId).orElseThrow(
                () -> new IllegalStateException("host " + hostId + " is not registered; add it with addHost")));
    }
}
