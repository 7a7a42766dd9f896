package io.kboss.server.inventory;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Paging;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code listClusters}. */
@Component
public class ListClustersCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listClusters")
            .description("Lists clusters")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("zoneid").description("lists clusters by Zone ID"))
            .listCommand()
            .responseObject("cluster")
            .responseField("id", "string", "the cluster ID")
            .responseField("name", "string", "the cluster name")
            .build();

    private final InventoryRepository inventory;
    private final Zones zones;

    public ListClustersCommand(InventoryRepository inventory, Zones zones) {
        this.inventory = inventory;
        this.zones = zones;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        Paging paging = call.paging();
        Long zoneId = call.params().has("zoneid") ? zones.zone("zoneid", call.params().uuid("zoneid")).id() : null;
        List<InventoryResponses.ClusterResponse> out = new ArrayList<>();
        inventory.listClusters(zoneId, paging.likePattern(), paging.offset(), paging.pageSize())
                .forEach(c -> out.add(InventoryResponses.ClusterResponse.of(c)));
        return new ListResponse<>("cluster", inventory.countClusters(zoneId, paging.likePattern()), out);
    }
}
