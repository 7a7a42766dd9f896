package io.kboss.server.host;

import io.kboss.agent.contract.GetHostInfoCommand;
import io.kboss.agent.contract.HostInfoAnswer;
import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.agent.contract.client.AgentClient;
import io.kboss.agent.contract.client.PairingResult;
import io.kboss.server.api.ApiException;
import io.kboss.server.config.FrameworkProperties;
import io.kboss.server.host.HostRepository.Host;
import io.kboss.server.host.HostRepository.Registration;
import io.kboss.server.host.domain.AgentUrl;
import io.kboss.server.host.domain.InvalidAgentUrlException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * addHost: pairs with an agent using the code it printed, reads what the host is, and registers it
 * Up. Everything that can be refused is checked before pairing, because pairing uses the code up:
 * after it, only {@code kboss-agent --reset-pairing} on the host allows another try.
 */
@Component
public class HostPairing {
    private static final Logger LOG = LoggerFactory.getLogger(HostPairing.class);
    static final Duration PAIRING_TIMEOUT = Duration.ofSeconds(15);

    private final HostRepository hosts;
    private final ChannelKeySeal seal;
    private final FrameworkProperties properties;
    private final Clock clock;

    public HostPairing(HostRepository hosts, ChannelKeySeal seal, FrameworkProperties properties, Clock clock) {
        this.hosts = hosts;
        this.seal = seal;
        this.properties = properties;
        this.clock = clock;
    }

    public Host pair(long zoneId, Long clusterId, String url, String pairingCode) throws ApiException {
        AgentUrl endpoint;
        try {
            endpoint = AgentUrl.parse(url);
        } catch (InvalidAgentUrlException e) {
            throw ApiException.invalidParameter(e.getMessage());
        }
        String normalized = endpoint.toString();
        var existing = hosts.findLiveByUrl(normalized);
        if (existing.isPresent()) {
            throw ApiException.invalidParameter("The agent at " + normalized + " is already host "
                    + existing.get().name() + " (" + existing.get().uuid() + "); deleteHost it first to add it again");
        }
        PairingResult paired;
        try {
            paired = AgentClient.pair(endpoint.uri(), pairingCode, "kboss-" + properties.serverName(), PAIRING_TIMEOUT,
                    clock);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("pairingcode is not a code kboss-agent prints (" + e.getMessage()
                    + "); copy it from the agent's console output");
        } catch (AgentCallException e) {
            if (e.isAuthenticationFailure()) {
                throw ApiException
                        .invalidParameter("The agent at " + normalized + " refused the pairing code: check the "
                                + "code it printed; a code works once, so an agent already paired needs kboss-agent "
                                + "--reset-pairing on its host (and a restart) first. Nothing was registered");
            }
            throw ApiException.internal("Could not pair with the agent at " + normalized + ": " + e.getMessage()
                    + ". Nothing was registered", e);
        }
        byte[] key = paired.channelKey();
        HostInfoAnswer info;
        try {
            info = new AgentClient(endpoint.uri(), key, AgentClients.CONNECT_TIMEOUT, AgentClients.REQUEST_TIMEOUT,
                    clock)
                    .execute(new GetHostInfoCommand());
        } catch (AgentCallException e) {
            throw afterPairing(normalized, "did not report its host info: " + e.getMessage(), e);
        }
        if (!info.success) {
            throw afterPairing(normalized, "could not read its host (" + info.errorCode + ": " + info.errorText + ")",
                    null);
        }
        String name = info.hostname == null || info.hostname.isBlank() ? endpoint.address() : info.hostname;
        Registration r = new Registration(UUID.randomUUID().toString(), name, zoneId, clusterId, normalized,
                endpoint.address(), endpoint.port(), paired.agentId(), info.agentVersion, info.libvirtVersion,
                info.qemuVersion, info.cpus, info.memoryBytes, info.maxConcurrentJobs, seal.seal(key));
        try {
            Host host = hosts.insert(r, clock.instant());
            LOG.info("Host {} ({}) at {} paired and registered: agent {} {}, libvirt {}, QEMU {}", host.name(),
                    host.uuid(), normalized, paired.agentId(), info.agentVersion, info.libvirtVersion,
                    info.qemuVersion);
            return host;
        } catch (DuplicateKeyException e) {
            throw afterPairing(normalized, "was registered by another addHost at the same moment", e);
        }
    }

    private static ApiException afterPairing(String url, String what, Exception cause) {
        return ApiException.internal("Paired with the agent at " + url + ", but it " + what + ". The host was not "
                + "registered; run kboss-agent --reset-pairing on the host, restart the agent and add it again", cause);
    }
}
