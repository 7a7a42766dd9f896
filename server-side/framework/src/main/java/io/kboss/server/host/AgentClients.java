package io.kboss.server.host;

import io.kboss.agent.contract.client.AgentClient;
import io.kboss.server.host.HostRepository.Host;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One {@link AgentClient} per registered host, built from the host's url and its unsealed channel
 * key. Other modules (backup orchestration) send their agent commands through {@link #forHost}.
 */
@Component
public class AgentClients {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HostRepository hosts;
    private final ChannelKeySeal seal;
    private final Clock clock;
    private final Map<Long, AgentClient> clients = new ConcurrentHashMap<>();

    public AgentClients(HostRepository hosts, ChannelKeySeal seal, Clock clock) {
        this.hosts = hosts;
        this.seal = seal;
        this.clock = clock;
    }

    /** The client of a host; the key never changes for a host row (re-pairing makes a new host). */
    public AgentClient forHost(Host host) {
        return clients.computeIfAbsent(host.id(), id -> new AgentClient(URI.create(host.url()),
                seal.unseal(hosts.sealedChannelKey(id), host.name()), CONNECT_TIMEOUT, REQUEST_TIMEOUT, clock));
    }

    void forget(long hostId) {
        clients.remove(hostId);
    }
}
