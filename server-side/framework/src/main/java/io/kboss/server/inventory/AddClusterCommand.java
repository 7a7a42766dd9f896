package io.kboss.server.inventory;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.inventory.InventoryRepository.Zone;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/** {@code addCluster}: a named group of hosts in a zone (the scope of per-cluster settings). */
@Component
public class AddClusterCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("addCluster")
            .description("Adds a cluster to a zone")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.string("clustername").required().maxLength(255).description("the cluster name"))
            .param(ParamSpec.uuid("zoneid").required().description("the Zone ID for the cluster"))
            .responseObject("cluster")
            .responseField("id", "string", "the cluster ID")
            .responseField("name", "string", "the cluster name")
            .build();

    private final InventoryRepository inventory;
    private final Zones zones;

    public AddClusterCommand(InventoryRepository inventory, Zones zones) {
        this.inventory = inventory;
        this.zones = zones;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Zone z = zones.zone("zoneid", call.params().uuid("zoneid"));
        String name = call.params().string("clustername").trim();
        try {
            // CloudStack answers addCluster with a list of the added clusters.
            return new ListResponse<>("cluster", 1,
                    List.of(InventoryResponses.ClusterResponse.of(inventory.insertCluster(z, name))));
        } catch (DuplicateKeyException e) {
            throw ApiException.invalidParameter("Zone " + z.name() + " already has a cluster named " + name);
        }
    }
}
