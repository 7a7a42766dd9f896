package io.kboss.server.host;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SuccessResponse;
import io.kboss.server.api.SyncCommand;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code deleteHost}: forgets a host. Refused while backups run on it (their outcome would be lost).
 * Its VMs keep their owner and offering but lose their host; adding the agent again finds them by
 * their libvirt uuid.
 */
@Component
public class DeleteHostCommand implements SyncCommand {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteHostCommand.class);
    private static final CommandSpec SPEC = CommandSpec.named("deleteHost")
            .description("Deletes a host; its agent must be paired again (kboss-agent --reset-pairing) to add it back")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("id").required().description("the host ID"))
            .param(ParamSpec.bool("forced")
                    .description("accepted for CloudStack clients; running backups still refuse"))
            .responseField("success", "boolean", "true if the host was deleted")
            .build();

    private final HostRepository hosts;
    private final VmRepository vms;
    private final AgentClients agents;
    private final TransactionTemplate tx;
    private final Clock clock;

    public DeleteHostCommand(HostRepository hosts, VmRepository vms, AgentClients agents, TransactionTemplate tx,
            Clock clock) {
        this.hosts = hosts;
        this.vms = vms;
        this.agents = agents;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        String id = call.params().uuid("id").toString();
        var host = hosts.findLive(id).orElseThrow(() -> ApiException.invalidParameter(
                "Unable to find host by id " + id + "; listHosts shows the hosts"));
        List<String> unfinished = hosts.unfinishedOperations(host.id());
        if (!unfinished.isEmpty()) {
            throw ApiException.inUse("Host " + host.name() + " has " + unfinished.size() + " backup operation(s) "
                    + "not finished (" + String.join(", ", unfinished) + "); wait for them to end first");
        }
        int detached = tx.execute(s -> {
            hosts.remove(host.id(), clock.instant());
            return vms.detachFromHost(host.id());
        });
        agents.forget(host.id());
        LOG.info("Host {} ({}) deleted; {} VM(s) lost their host", host.name(), host.uuid(), detached);
        return new SuccessResponse(true, "Host " + host.name() + " deleted; run kboss-agent --reset-pairing on it "
                + "before adding it again");
    }
}
