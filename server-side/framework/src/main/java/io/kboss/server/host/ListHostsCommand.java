package io.kboss.server.host;

import io.kboss.server.api.ApiCall;
import io.kboss.server.api.ApiException;
import io.kboss.server.api.CommandSpec;
import io.kboss.server.api.ListResponse;
import io.kboss.server.api.Paging;
import io.kboss.server.api.ParamSpec;
import io.kboss.server.api.Role;
import io.kboss.server.api.SyncCommand;
import io.kboss.server.host.HostRepository.Filter;
import io.kboss.server.inventory.Zones;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** {@code listHosts}: root admins only, as in CloudStack. */
@Component
public class ListHostsCommand implements SyncCommand {
    private static final CommandSpec SPEC = CommandSpec.named("listHosts")
            .description("Lists hosts")
            .roles(Role.ROOT_ONLY)
            .param(ParamSpec.uuid("id").description("the id of the host"))
            .param(ParamSpec.uuid("zoneid").description("the Zone ID for the host"))
            .param(ParamSpec.uuid("clusterid").description("lists hosts existing in particular cluster"))
            .param(ParamSpec.string("name").maxLength(255).description("the name of the host"))
            .param(ParamSpec.string("state").allowedValues("Up", "Disconnected", "Down", "Connecting")
                    .description("the state of the host"))
            .param(ParamSpec.string("type").maxLength(32).description("the host type; only Routing hosts exist"))
            .listCommand()
            .responseObject("host")
            .responseField("id", "string", "the ID of the host")
            .responseField("name", "string", "the name of the host")
            .responseField("zoneid", "string", "the Zone ID of the host")
            .responseField("state", "string", "Up, Disconnected, Down or Connecting")
            .responseField("ipaddress", "string", "the address of the host's agent")
            .responseField("version", "string", "the version of the host's agent")
            .responseField("lastpinged", "date", "when the agent last answered")
            .build();

    private final HostRepository hosts;
    private final Zones zones;

    public ListHostsCommand(HostRepository hosts, Zones zones) {
        this.hosts = hosts;
        this.zones = zones;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public Object execute(ApiCall call) throws ApiException {
        var p = call.params();
        Paging paging = call.paging();
        if (p.has("type") && !"Routing".equalsIgnoreCase(p.string("type"))) {
            return new ListResponse<>("host", 0, List.of());
        }
        Long zoneId = p.has("zoneid") ? zones.zone("zoneid", p.uuid("zoneid")).id() : null;
        Long clusterId = p.has("clusterid") ? zones.cluster("clusterid", p.uuid("clusterid")).id() : null;
        String like = p.has("name") ? p.string("name").toLowerCase(Locale.ROOT) : paging.likePattern();
        Filter f = new Filter(p.has("id") ? p.uuid("id").toString() : null, zoneId, clusterId, p.string("state"), like);
        return new ListResponse<>("host", hosts.count(f), hosts.list(f, paging.offset(), paging.pageSize()).stream()
                .map(HostResponses.HostResponse::of).toList());
    }
}
