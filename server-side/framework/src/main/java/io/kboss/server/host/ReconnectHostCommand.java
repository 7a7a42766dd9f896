package io.kboss.server.host;

import io.kboss.agent.contract.client.AgentCallException;
import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.AsyncCommand;
import io.kboss.server.api.AsyncStart;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ObjectResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.host.domain.HostStatus;
import org.springframework.stereotype.Component;

/**
 * {@code reconnectHost} (async, as in CloudStack): asks a host's agent now instead of at the next
 * monitoring round, and discovers its VMs when it answers. For an operator who just restarted an
 * agent, or started or stopped a VM and wants the cloud to see it at once.
 */
@Component
public class ReconnectHostCommand implements AsyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("reconnectHost")
            .description("Pings a host's agent now and, when it answers, discovers its VMs and their states")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("id").required().description("the host ID"))
            .responseObject("host")
            .responseField("id", "string", "the ID of the host")
            .responseField("name", "string", "the name of the host")
            .responseField("state", "string", "Up, Disconnected, Down or Connecting")
            .build();

    private final HostRepository hosts;
    private final HostMonitor monitor;

    public ReconnectHostCommand(HostRepository hosts, HostMonitor monitor) {
        this.hosts = hosts;
        this.monitor = monitor;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public AsyncStart start(ApiCall call) throws ApiException {
        String id = call.params().uuid("id").toString();
        var host = hosts.findLive(id).orElseThrow(() -> ApiException.invalidParameter(
                "Unable to find host by id " + id + "; listHosts shows the hosts"));
        return new AsyncStart(host.uuid(), "Host", progress -> {
            HostRepository.Host after;
            try {
                after = monitor.reconnect(host.uuid());
            } catch (AgentCallException e) {
                throw ApiException.internal("Host " + host.name() + " answered, but discovering its VMs failed: "
                        + e.getMessage() + "; see the agent's log on " + host.address(), null);
            }
            if (after.status() != HostStatus.Up) {
                throw ApiException.internal("Host " + host.name() + " did not answer at " + host.address() + " (now "
                        + after.status() + "); check that kboss-agent runs there and is paired with this cloud", null);
            }
            return new ObjectResponse("host", HostResponses.HostResponse.of(after));
        });
    }
}
