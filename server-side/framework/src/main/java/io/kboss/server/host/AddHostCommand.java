package io.kboss.server.host;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.inventory.InventoryRepository.Cluster;
import io.kboss.server.inventory.InventoryRepository.Zone;
import io.kboss.server.inventory.Zones;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code addHost}: pairs with a kboss-agent and registers its host (see {@link HostPairing}). */
@Component
public class AddHostCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("addHost")
            .description("Pairs with the kboss-agent of a KVM host, using the one-time pairing code it printed, "
                    + "and registers the host")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("zoneid").required().description("the Zone ID for the host"))
            .param(ParamSpec.uuid("clusterid").description("the cluster ID for the host"))
            .param(ParamSpec.string("url").required().maxLength(1024)
                    .description("the agent's address, e.g. http://10.0.0.5:8250"))
            .param(ParamSpec.string("pairingcode").required().maxLength(256)
                    .description("the one-time pairing code the agent printed at its first start"))
            .param(ParamSpec.string("hypervisor").maxLength(32).allowedValues("KVM")
                    .description("the hypervisor; only KVM (accepted for CloudStack clients)"))
            .responseObject("host")
            .responseField("id", "string", "the ID of the host")
            .responseField("name", "string", "the name of the host")
            .responseField("state", "string", "Up, Disconnected, Down or Connecting")
            .build();

    private final HostPairing pairing;
    private final Zones zones;

    public AddHostCommand(HostPairing pairing, Zones zones) {
        this.pairing = pairing;
        this.zones = zones;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Zone zone = zones.zone("zoneid", call.params().uuid("zoneid"));
        Long clusterId = null;
        if (call.params().has("clusterid")) {
            Cluster c = zones.cluster("clusterid", call.params().uuid("clusterid"));
            if (c.zoneId() != zone.id()) {
                throw ApiException
                        .invalidParameter("Cluster " + c.name() + " is in zone " + c.zoneName() + ", not in zone "
                                + zone.name() + "; give a cluster of the host's zone");
            }
            clusterId = c.id();
        }
        var host = pairing.pair(zone.id(), clusterId, call.params().string("url"), call.params().string("pairingcode"));
        // CloudStack answers addHost with a list of the added hosts.
        return new ListResponse<>("host", 1, List.of(HostResponses.HostResponse.of(host)));
    }
}
