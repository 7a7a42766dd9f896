package io.kboss.server.host;

import io.kboss.server.backup.AgentChannel;
import io.kboss.server.backup.AgentChannels;
import org.springframework.stereotype.Component;

/** The agent channels of the host registry: each host's signed {@link io.kboss.agent.contract.client.AgentClient}. */
@Component
public class RegisteredAgentChannels implements AgentChannels {
    private final HostRepository hosts;
    private final AgentClients clients;

    public RegisteredAgentChannels(HostRepository hosts, AgentClients clients) {
        this.hosts = hosts;
        this.clients = clients;
    }

    @Override
    public AgentChannel forHost(long hostId) {
        HostRepository.Host host = hosts.findById(hostId).orElseThrow(() -> new IllegalStateException(
                "the host is not registered any more; add it again with addHost"));
        return clients.forHost(host)::execute;
    }
}
